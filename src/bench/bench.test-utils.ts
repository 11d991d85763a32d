import { bootstrapMedianInterval, median } from './statistics.js'
import type { BenchRun, MeasuredResult, SkippedResult } from './bench-result.js'
import type { ScenarioKind, ScenarioTarget } from './scenario.js'

/** A synthetic measured result with the given per-process figures. */
export function measured(
  name: string,
  processes: readonly number[],
  extra: {
    kind?: ScenarioKind
    target?: ScenarioTarget
    threshold?: number
    unit?: 'x' | 'MiB'
  } = {},
): MeasuredResult {
  const kind = extra.kind ?? 'in-process'
  return {
    status: 'measured',
    name,
    title: `title of ${name}`,
    group: name.split('/')[0] ?? 'group',
    kind,
    unit: extra.unit ?? 'x',
    description: `description of ${name}`,
    ...(extra.target === undefined ? {} : { target: extra.target }),
    threshold: extra.threshold ?? (kind === 'io' ? 0.25 : 0.15),
    node: 'v20.20.2',
    commit: 'abc1234',
    value: median(processes),
    range: bootstrapMedianInterval(processes, { seed: 1 }),
    processes,
    reference: { value: 1.5, unit: 'µs' },
  }
}

/** A synthetic skipped result. */
export function skipped(name: string, reason: string): SkippedResult {
  return {
    status: 'skipped',
    name,
    title: `title of ${name}`,
    group: name.split('/')[0] ?? 'group',
    kind: 'io',
    unit: 'x',
    description: `description of ${name}`,
    threshold: 0.25,
    node: 'v20.20.2',
    commit: 'abc1234',
    reason,
  }
}

/** A synthetic run of these results. */
export function runOf(
  results: BenchRun['results'],
  env: { node?: string; toolkit?: string; date?: string; commit?: string } = {},
): BenchRun {
  return {
    schema: 1,
    toolkit: env.toolkit ?? '0.1.0',
    node: env.node ?? 'v20.20.2',
    commit: env.commit ?? 'abc1234',
    date: env.date ?? '2026-01-02T03:04:05.000Z',
    cpu: '2 x test CPU',
    processes: 5,
    timeMs: 500,
    results,
  }
}

/** Five processes around `center` with about ±2% noise (deterministic). */
export function around(center: number): number[] {
  return [0.98, 1.01, 1.0, 1.02, 0.99].map((f) => center * f)
}
