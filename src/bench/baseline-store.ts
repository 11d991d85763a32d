import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { ObjectQLError } from '../kernel/errors.js'
import type { BenchRun } from './bench-result.js'

/** One scenario's stored figures. */
export interface BaselineResult {
  readonly unit: 'x' | 'MiB'
  readonly kind: 'in-process' | 'io'
  readonly value: number
  readonly range: readonly [number, number]
  /** Per-process figures: the gate's bootstrap resamples these. */
  readonly processes: readonly number[]
}

/** The baseline of one Node version and toolkit version. */
export interface Baseline {
  readonly node: string
  readonly toolkit: string
  readonly commit: string
  readonly date: string
  readonly processes: number
  readonly timeMs: number
  readonly results: Readonly<Record<string, BaselineResult>>
}

/** `reports/bench/baseline.json`: baselines keyed by {@link baselineKey}. */
export interface BaselineFile {
  readonly schema: 1
  readonly baselines: Readonly<Record<string, Baseline>>
}

const ResultSchema = z.object({
  unit: z.enum(['x', 'MiB']),
  kind: z.enum(['in-process', 'io']),
  value: z.number().positive(),
  range: z.tuple([z.number(), z.number()]),
  processes: z.array(z.number().positive()).min(1),
})

const BaselineSchema = z.object({
  node: z.string(),
  toolkit: z.string(),
  commit: z.string(),
  date: z.string(),
  processes: z.number().int().positive(),
  timeMs: z.number().positive(),
  results: z.record(z.string(), ResultSchema),
})

const FileSchema = z.object({
  schema: z.literal(1),
  baselines: z.record(z.string(), BaselineSchema),
})

/**
 * The key a baseline is stored under: Node major.minor and the toolkit version, e.g.
 * `node-20.20/toolkit-0.1.0`. A Node upgrade can shift a ratio by 2-3x (the bench anchors saw
 * express/node-http move from 0.21 to 0.59 between Node 20 and 24), so figures from another
 * key are never compared.
 */
export function baselineKey(node: string, toolkit: string): string {
  const match = /^v?(\d+)\.(\d+)/.exec(node)
  const version = match === null ? node : `${match[1]}.${match[2]}`
  return `node-${version}/toolkit-${toolkit}`
}

/** Parses and validates a baseline file's text. @throws ObjectQLError `CONFIG_INVALID`. */
export function parseBaselineFile(text: string, source: string): BaselineFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ObjectQLError('CONFIG_INVALID', `${source} is not valid JSON`, { cause: error })
  }
  const parsed = FileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where =
      issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`
    throw new ObjectQLError('CONFIG_INVALID', `${source} is not a bench baseline file${where}`, {
      cause: parsed.error,
    })
  }
  return parsed.data
}

/** Reads a baseline file; `undefined` when it does not exist. @throws `CONFIG_INVALID`. */
export async function readBaselineFile(path: string): Promise<BaselineFile | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined
    throw new ObjectQLError('CONFIG_INVALID', `cannot read baseline ${path}`, { cause: error })
  }
  return parseBaselineFile(text, path)
}

/** Four significant digits: enough for a gate, and stable diffs in a committed file. */
export function round4(value: number): number {
  return Number(value.toPrecision(4))
}

/**
 * The file with `run`'s measured results stored under the run's key. Scenarios the run did not
 * measure (filtered out, skipped) keep their stored figures; other keys are untouched.
 */
export function withRunAsBaseline(file: BaselineFile | undefined, run: BenchRun): BaselineFile {
  const key = baselineKey(run.node, run.toolkit)
  const previous = file?.baselines[key]
  const results: Record<string, BaselineResult> = { ...previous?.results }
  for (const result of run.results) {
    if (result.status !== 'measured') continue
    results[result.name] = {
      unit: result.unit,
      kind: result.kind,
      value: round4(result.value),
      range: [round4(result.range[0]), round4(result.range[1])],
      processes: result.processes.map(round4),
    }
  }
  const baseline: Baseline = {
    node: run.node,
    toolkit: run.toolkit,
    commit: run.commit,
    date: run.date,
    processes: run.processes,
    timeMs: run.timeMs,
    results: Object.fromEntries(Object.entries(results).sort(([a], [b]) => (a < b ? -1 : 1))),
  }
  return { schema: 1, baselines: { ...file?.baselines, [key]: baseline } }
}

/** Writes a baseline file (creating its folder), pretty-printed for reviewable diffs. */
export async function writeBaselineFile(path: string, file: BaselineFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`)
}

/** The baseline matching a run's Node and toolkit versions, and the keys that exist. */
export function findBaseline(
  file: BaselineFile | undefined,
  node: string,
  toolkit: string,
): { readonly key: string; readonly baseline: Baseline | undefined; readonly stored: string[] } {
  const key = baselineKey(node, toolkit)
  return { key, baseline: file?.baselines[key], stored: Object.keys(file?.baselines ?? {}) }
}
