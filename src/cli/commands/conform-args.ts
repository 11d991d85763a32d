import { parseArgs } from 'node:util'
import { ObjectQLError } from '../../kernel/errors.js'

/** Parsed `objectql conform` options. */
export interface ConformArgs {
  readonly drivers: readonly string[]
  readonly only: readonly string[] | undefined
  readonly replay: string | undefined
  readonly seed: number | undefined
  readonly runs: number | undefined
  readonly diff: readonly string[] | undefined
  readonly report: string | undefined
  readonly junit: string | undefined
  readonly help: boolean
}

/** Default report directory (relative to the working directory). */
export const DEFAULT_REPORT_DIR = 'reports/conformance'

const list = (text: string | undefined) =>
  text === undefined
    ? undefined
    : text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '')

function integer(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined
  if (!/^-?\d+$/.test(text.trim())) {
    throw new ObjectQLError('CONFIG_INVALID', `${flag} takes an integer, got '${text}'`)
  }
  return Number(text)
}

/**
 * Parses `objectql conform` arguments with `node:util` parseArgs (strict).
 *
 * @throws ObjectQLError `CONFIG_INVALID` for unknown flags, missing values or bad numbers.
 */
export function parseConformArgs(args: readonly string[]): ConformArgs {
  let values: Record<string, string | boolean | string[] | undefined>
  try {
    values = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        driver: { type: 'string', multiple: true },
        only: { type: 'string' },
        replay: { type: 'string' },
        seed: { type: 'string' },
        runs: { type: 'string' },
        diff: { type: 'string' },
        report: { type: 'string' },
        'no-report': { type: 'boolean' },
        junit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
    throw new ObjectQLError('CONFIG_INVALID', message, { cause: error })
  }
  const text = (key: string) => (typeof values[key] === 'string' ? values[key] : undefined)
  const diff = list(text('diff'))
  if (diff !== undefined && diff.length < 2) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      '--diff takes at least two drivers, e.g. --diff memory,sql:sqlite-memory',
    )
  }
  const runs = integer(text('runs'), '--runs')
  if (runs !== undefined && runs < 1)
    throw new ObjectQLError('CONFIG_INVALID', '--runs must be at least 1')
  return {
    drivers: Array.isArray(values['driver']) ? values['driver'] : [],
    only: list(text('only')),
    replay: text('replay'),
    seed: integer(text('seed'), '--seed'),
    runs,
    diff,
    report: values['no-report'] === true ? undefined : (text('report') ?? DEFAULT_REPORT_DIR),
    junit: text('junit'),
    help: values['help'] === true,
  }
}

/** `objectql conform --help`. */
export const CONFORM_USAGE = `Usage: objectql conform [options]

Checks drivers against docs/SPEC.md and prints the conformance matrix.
Without --driver it checks every shipped driver that can run here.

Options:
  --driver <module|name>  a driver module path (./my-driver.js) or a shipped name (memory,
                          sql:sqlite-memory, ...); repeatable
  --only <ids>            run only these audits, comma-separated (DRV-NULL-002,DRV-PROP-001)
  --replay <seed[/path]>  repeat a reported run or exactly one shrunk counterexample
  --seed <n>              seed for generated cases (default: random, printed)
  --runs <n>              generated cases per property (default 100)
  --diff <a,b,...>        run one generated workload against several drivers, report the
                          first disagreement as a minimal case
  --report <dir>          where to write reports (default ${DEFAULT_REPORT_DIR})
  --no-report             write no report files
  --junit <file>          also write JUnit XML for CI test tabs
  -h, --help              this text

Exit codes: 0 no MUST failed, 1 a MUST failed (or a --diff disagreement), 2 bad input.
`
