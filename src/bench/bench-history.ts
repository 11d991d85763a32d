import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { ObjectQLError } from '../kernel/errors.js'
import { round4 } from './baseline-store.js'
import type { BenchRun } from './bench-result.js'

/** One stored run: the figures the trend chart draws. */
export interface HistoryEntry {
  readonly date: string
  readonly commit: string
  readonly node: string
  readonly toolkit: string
  readonly results: Readonly<
    Record<
      string,
      {
        readonly unit: 'x' | 'MiB'
        readonly value: number
        readonly range: readonly [number, number]
      }
    >
  >
}

/** `reports/bench/history.json`: the last runs, oldest first. */
export interface HistoryFile {
  readonly schema: 1
  readonly runs: readonly HistoryEntry[]
}

/** How many runs the history keeps (the oldest are dropped). */
export const HISTORY_LIMIT = 50

const HistorySchema = z.object({
  schema: z.literal(1),
  runs: z.array(
    z.object({
      date: z.string(),
      commit: z.string(),
      node: z.string(),
      toolkit: z.string(),
      results: z.record(
        z.string(),
        z.object({
          unit: z.enum(['x', 'MiB']),
          value: z.number(),
          range: z.tuple([z.number(), z.number()]),
        }),
      ),
    }),
  ),
})

/** Reads the history; an empty one when the file does not exist. @throws `CONFIG_INVALID`. */
export async function readHistoryFile(path: string): Promise<HistoryFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { schema: 1, runs: [] }
    throw new ObjectQLError('CONFIG_INVALID', `cannot read bench history ${path}`, { cause: error })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ObjectQLError('CONFIG_INVALID', `${path} is not valid JSON`, { cause: error })
  }
  const parsed = HistorySchema.safeParse(json)
  if (!parsed.success) {
    throw new ObjectQLError('CONFIG_INVALID', `${path} is not a bench history file`, {
      cause: parsed.error,
    })
  }
  return parsed.data
}

/** The history with `run` appended (its measured results), trimmed to {@link HISTORY_LIMIT}. */
export function appendRun(history: HistoryFile, run: BenchRun, limit = HISTORY_LIMIT): HistoryFile {
  const results: Record<string, HistoryEntry['results'][string]> = {}
  for (const result of run.results) {
    if (result.status !== 'measured') continue
    results[result.name] = {
      unit: result.unit,
      value: round4(result.value),
      range: [round4(result.range[0]), round4(result.range[1])],
    }
  }
  const entry: HistoryEntry = {
    date: run.date,
    commit: run.commit,
    node: run.node,
    toolkit: run.toolkit,
    results,
  }
  return { schema: 1, runs: [...history.runs, entry].slice(-limit) }
}

/** Writes the history file (creating its folder). */
export async function writeHistoryFile(path: string, history: HistoryFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, `${JSON.stringify(history, null, 1)}\n`)
}
