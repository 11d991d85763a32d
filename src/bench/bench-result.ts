import { bootstrapMedianInterval, median } from './statistics.js'
import type { Interval } from './statistics.js'
import { thresholdOf, unitOf } from './scenario.js'
import type { ScenarioInfo, ScenarioKind, ScenarioTarget, ScenarioUnit } from './scenario.js'

/** What one worker process reports for one scenario. */
export type ProcessOutcome =
  | {
      readonly kind: 'measured'
      /** The figure for this process (a ratio, or MiB). */
      readonly value: number
      /** The reference's absolute figure (p50 in µs for timed scenarios), information only. */
      readonly reference?: { readonly value: number; readonly unit: string }
      /** Timing details (timed scenarios only). */
      readonly details?: Readonly<Record<string, number>>
    }
  | { readonly kind: 'skipped'; readonly reason: string }

/** Fields shared by measured and skipped results. */
interface ResultBase {
  readonly name: string
  readonly title: string
  readonly group: string
  readonly kind: ScenarioKind
  readonly unit: ScenarioUnit
  readonly description: string
  readonly target?: ScenarioTarget
  /** Regression threshold used by the gate (fraction). */
  readonly threshold: number
  readonly node: string
  readonly commit: string
}

/**
 * A scenario's result over several fresh processes: `{ name, unit, value, range, node, commit }`
 * plus what charts and the gate need. `value` is the median of the per-process figures and
 * `range` a 95% percentile-bootstrap interval of that median.
 */
export interface MeasuredResult extends ResultBase {
  readonly status: 'measured'
  readonly value: number
  readonly range: Interval
  /** Per-process figures, in run order. */
  readonly processes: readonly number[]
  /** Median absolute reference figure (information only; never gated). */
  readonly reference?: { readonly value: number; readonly unit: string }
  /** True when the figures come from a confirmation re-run. */
  readonly rerun?: boolean
}

/** A scenario that could not run here, with the reason (e.g. no PostgreSQL URL). */
export interface SkippedResult extends ResultBase {
  readonly status: 'skipped'
  readonly reason: string
}

/** One scenario's result. */
export type ScenarioResult = MeasuredResult | SkippedResult

/** A whole `objectql bench` run. */
export interface BenchRun {
  readonly schema: 1
  readonly toolkit: string
  readonly node: string
  readonly commit: string
  /** ISO time the run started. */
  readonly date: string
  readonly cpu: string
  /** Fresh processes per scenario. */
  readonly processes: number
  /** Measured time per task per process (ms). */
  readonly timeMs: number
  readonly results: readonly ScenarioResult[]
}

/** Where a run was made: versions and commit, stamped on every result. */
export interface RunEnvironment {
  readonly node: string
  readonly commit: string
}

/** A stable 32-bit seed from a scenario name, so every interval is reproducible. */
export function seedOf(name: string): number {
  let hash = 2166136261
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i)
    hash = Math.imul(hash, 16777619)
  }
  return hash >>> 0
}

function base(scenario: ScenarioInfo, env: RunEnvironment): ResultBase {
  return {
    name: scenario.name,
    title: scenario.title,
    group: scenario.group,
    kind: scenario.kind,
    unit: unitOf(scenario),
    description: scenario.description,
    ...(scenario.target === undefined ? {} : { target: scenario.target }),
    threshold: thresholdOf(scenario),
    node: env.node,
    commit: env.commit,
  }
}

/** A skipped result. */
export function skippedResult(
  scenario: ScenarioInfo,
  reason: string,
  env: RunEnvironment,
): SkippedResult {
  return { ...base(scenario, env), status: 'skipped', reason }
}

/**
 * Aggregates per-process outcomes into one result: the median of the figures, its bootstrap
 * interval (seeded by the scenario name), and the median reference.
 */
export function aggregateOutcomes(
  scenario: ScenarioInfo,
  outcomes: readonly ProcessOutcome[],
  env: RunEnvironment,
  rerun = false,
): ScenarioResult {
  const measured = outcomes.flatMap((o) => (o.kind === 'measured' ? [o] : []))
  const skipped = outcomes.find((o) => o.kind === 'skipped')
  if (measured.length === 0) {
    return skippedResult(scenario, skipped?.reason ?? 'no process measured it', env)
  }
  const values = measured.map((o) => o.value)
  const references = measured.flatMap((o) => (o.reference === undefined ? [] : [o.reference]))
  const referenceUnit = references[0]?.unit
  return {
    ...base(scenario, env),
    status: 'measured',
    value: median(values),
    range: bootstrapMedianInterval(values, { seed: seedOf(scenario.name) }),
    processes: values,
    ...(referenceUnit === undefined
      ? {}
      : { reference: { value: median(references.map((r) => r.value)), unit: referenceUnit } }),
    ...(rerun ? { rerun: true } : {}),
  }
}

/** True when a measured figure meets its absolute target (always true without one). */
export function meetsTarget(value: number, target: ScenarioTarget | undefined): boolean {
  if (target === undefined) return true
  if (target.max !== undefined && value > target.max) return false
  if (target.min !== undefined && value < target.min) return false
  return true
}

/** `≤ 3x`, `≥ 10x`, `≤ 1024 MiB`: a target in short form. */
export function formatTarget(target: ScenarioTarget, unit: ScenarioUnit): string {
  const compact = (value: number): string =>
    unit === 'MiB' ? `${value} MiB` : `${Number(value.toPrecision(3))}x`
  const parts: string[] = []
  if (target.max !== undefined) parts.push(`≤ ${compact(target.max)}`)
  if (target.min !== undefined) parts.push(`≥ ${compact(target.min)}`)
  return parts.join(', ')
}

/** A figure with sensible precision: `0.042x`, `2.41x`, `24.1x`, `812 MiB`. */
export function formatValue(value: number, unit: ScenarioUnit): string {
  if (unit === 'MiB') return `${value.toFixed(value < 10 ? 1 : 0)} MiB`
  const digits = value < 0.1 ? 3 : value < 10 ? 2 : value < 100 ? 1 : 0
  return `${value.toFixed(digits)}x`
}
