import { parseArgs } from 'node:util'
import { ObjectQLError } from '../../kernel/errors.js'

/** Parsed `objectql bench` options. */
export interface BenchArgs {
  readonly filter: readonly string[] | undefined
  readonly processes: number
  readonly time: number
  readonly warmup: number
  readonly json: string | undefined
  /** The baseline file to gate on (fails the command on a confirmed regression or a missed target). */
  readonly gate: string | undefined
  /** The baseline file compared against (informational without --gate) and updated. */
  readonly baseline: string
  readonly updateBaseline: boolean
  readonly out: string | undefined
  readonly history: boolean
  readonly slowdown: ReadonlyMap<string, number>
  readonly list: boolean
  readonly help: boolean
}

/** Where reports and the baseline live by default (relative to the working directory). */
export const DEFAULT_BENCH_DIR = 'reports/bench'
/** The committed baseline. */
export const DEFAULT_BASELINE = `${DEFAULT_BENCH_DIR}/baseline.json`

function integer(text: string | undefined, flag: string, fallback: number, min: number): number {
  if (text === undefined) return fallback
  if (!/^\d+$/.test(text.trim()) || Number(text) < min) {
    throw new ObjectQLError('CONFIG_INVALID', `${flag} takes an integer >= ${min}, got '${text}'`)
  }
  return Number(text)
}

function slowdowns(values: readonly string[]): Map<string, number> {
  const map = new Map<string, number>()
  for (const value of values) {
    const match = /^(.+)=(\d+)$/.exec(value)
    const factor = Number(match?.[2])
    if (match?.[1] === undefined || !(factor >= 1)) {
      throw new ObjectQLError(
        'CONFIG_INVALID',
        `--slowdown takes <scenario>=<integer factor>, e.g. filter/compiled-vs-handwritten=2; got '${value}'`,
      )
    }
    map.set(match[1], factor)
  }
  return map
}

/**
 * Parses `objectql bench` arguments (strict).
 *
 * @throws ObjectQLError `CONFIG_INVALID` for unknown flags, missing values or bad numbers.
 */
export function parseBenchArgs(args: readonly string[]): BenchArgs {
  let values: Record<string, string | boolean | string[] | boolean[] | undefined>
  try {
    values = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        filter: { type: 'string', multiple: true },
        processes: { type: 'string' },
        time: { type: 'string' },
        warmup: { type: 'string' },
        json: { type: 'string' },
        gate: { type: 'string' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean' },
        out: { type: 'string' },
        'no-report': { type: 'boolean' },
        'no-history': { type: 'boolean' },
        slowdown: { type: 'string', multiple: true },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
    throw new ObjectQLError('CONFIG_INVALID', message, { cause: error })
  }
  const text = (key: string): string | undefined =>
    typeof values[key] === 'string' ? values[key] : undefined
  const strings = (key: string): string[] =>
    Array.isArray(values[key]) ? values[key].filter((v): v is string => typeof v === 'string') : []
  const filter = strings('filter')
    .flatMap((part) => part.split(','))
    .map((part) => part.trim())
    .filter((part) => part !== '')
  const gate = text('gate')
  return {
    filter: filter.length === 0 ? undefined : filter,
    processes: integer(text('processes'), '--processes', 5, 1),
    time: integer(text('time'), '--time', 500, 1),
    warmup: integer(text('warmup'), '--warmup', 200, 1),
    json: text('json'),
    gate,
    baseline: gate ?? text('baseline') ?? DEFAULT_BASELINE,
    updateBaseline: values['update-baseline'] === true,
    out: values['no-report'] === true ? undefined : (text('out') ?? DEFAULT_BENCH_DIR),
    history: values['no-history'] !== true,
    slowdown: slowdowns(strings('slowdown')),
    list: values['list'] === true,
    help: values['help'] === true,
  }
}

/** `objectql bench --help`. */
export const BENCH_USAGE = `Usage: objectql bench [options]

Runs the benchmark scenarios, each in several fresh processes, and reports every figure as a
ratio to a reference task measured in the same process (lower is better). Prints a Markdown
table and writes summary.md, ratios.svg, trend.svg and history.json to the report directory.

Options:
  --filter <names>        run only scenarios whose name contains one of these (comma-separated
                          or repeated), e.g. --filter kernel/,filter/
  --processes <n>         fresh processes per scenario (default 5)
  --time <ms>             measured time per task per process (default 500)
  --warmup <ms>           warm-up time per task per process (default 200)
  --gate <baseline.json>  fail (exit 1) on a regression confirmed by a re-run, or a missed target;
                          a baseline of another Node/toolkit version warns and is not compared
  --baseline <file>       baseline to compare with, informational without --gate
                          (default ${DEFAULT_BASELINE})
  --update-baseline       store this run's figures in the baseline file (under its Node and
                          toolkit version); commit it separately
  --json <file>           also write the results as JSON ({ name, unit, value, range, node, commit })
  --out <dir>             report directory (default ${DEFAULT_BENCH_DIR})
  --no-report             write no report files
  --no-history            do not append this run to history.json
  --slowdown <name>=<n>   run a scenario's task n times per call (the gate self-test's injected
                          regression); repeatable
  --list                  list the scenarios and exit
  -h, --help              this text

Environment: OBJECTQL_POSTGRES_URL, OBJECTQL_MYSQL_URL and OBJECTQL_REDIS_URL enable the
database scenarios (skipped, with the reason, when unset).

Exit codes: 0 passed (or no --gate), 1 the gate failed, 2 bad input or a scenario crashed.
`
