import { parseArgs } from 'node:util'
import { parseProtocolList, resolvePaths } from '../../compliance/index.js'
import type { ProtocolName, ProtocolPaths } from '../../compliance/index.js'
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
  /** `--protocol`: audit these protocols of a server instead of drivers. */
  readonly protocols: readonly ProtocolName[] | undefined
  /** `--url`: the server to audit; without it, ours runs in process. */
  readonly url: string | undefined
  /** `--path name=/path` (repeatable): where the server mounts a protocol. */
  readonly paths: Partial<ProtocolPaths>
  /** `--name`: the report name of the audited server. */
  readonly name: string | undefined
  /** `--write-fixture <dir>`: write the protocol fixture objects as YAML there. */
  readonly writeFixture: string | undefined
  /** `--with-protocols`: after the drivers, audit our own server's protocols in process. */
  readonly withProtocols: boolean
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
        protocol: { type: 'string' },
        url: { type: 'string' },
        path: { type: 'string', multiple: true },
        name: { type: 'string' },
        'write-fixture': { type: 'string' },
        'with-protocols': { type: 'boolean' },
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
  const drivers = Array.isArray(values['driver']) ? values['driver'] : []
  const protocol = readProtocolArgs(values, drivers, diff, text)
  return {
    ...protocol,
    drivers,
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

/** `rest=/v1/data` into `{ rest: '/v1/data' }`, checked against the known protocol paths. */
function parsePaths(entries: readonly string[]): Partial<ProtocolPaths> {
  const paths: Record<string, string> = {}
  for (const entry of entries) {
    const at = entry.indexOf('=')
    if (at <= 0) {
      throw new ObjectQLError(
        'CONFIG_INVALID',
        `--path takes name=/path (e.g. rest=/v1/data), got '${entry}'`,
      )
    }
    paths[entry.slice(0, at).trim()] = entry.slice(at + 1).trim()
  }
  resolvePaths(paths)
  return paths
}

/** The protocol flags, checked against each other and the driver flags. */
function readProtocolArgs(
  values: Record<string, string | boolean | string[] | undefined>,
  drivers: readonly string[],
  diff: readonly string[] | undefined,
  text: (key: string) => string | undefined,
): Pick<ConformArgs, 'protocols' | 'url' | 'paths' | 'name' | 'writeFixture' | 'withProtocols'> {
  const protocolText = text('protocol')
  const protocols = protocolText === undefined ? undefined : parseProtocolList(protocolText)
  const url = text('url')
  const pathEntries = Array.isArray(values['path']) ? values['path'] : []
  const withProtocols = values['with-protocols'] === true
  if (protocols === undefined) {
    const orphan = [
      url === undefined ? '' : '--url',
      pathEntries.length === 0 ? '' : '--path',
      text('name') === undefined ? '' : '--name',
    ].filter((flag) => flag !== '')
    if (orphan.length > 0) {
      throw new ObjectQLError(
        'CONFIG_INVALID',
        `${orphan.join(', ')} need --protocol (e.g. --protocol rest)`,
      )
    }
  } else {
    const clash = [
      diff === undefined ? '' : '--diff',
      values['replay'] === undefined ? '' : '--replay (protocol runs repeat with --seed)',
      withProtocols ? '--with-protocols' : '',
      drivers.length > 1 ? 'several --driver' : '',
      url !== undefined && drivers.length > 0 ? '--driver with --url' : '',
    ].filter((flag) => flag !== '')
    if (clash.length > 0) {
      throw new ObjectQLError('CONFIG_INVALID', `--protocol does not go with ${clash.join(', ')}`)
    }
  }
  return {
    protocols,
    url,
    paths: parsePaths(pathEntries),
    name: text('name'),
    writeFixture: text('write-fixture'),
    withProtocols,
  }
}

/** `objectql conform --help`. */
export const CONFORM_USAGE = `Usage: objectql conform [options]
       objectql conform --protocol <list|all> [--url <base url>] [options]

Checks drivers (or, with --protocol, a server's protocols) against docs/SPEC.md and prints the
conformance matrix. Without --driver it checks every shipped driver that can run here.

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
  --with-protocols        after the drivers, also audit our own server's protocols in process
  -h, --help              this text

Protocol conformance (audits PRT-* of docs/SPEC.md against a running server):
  --protocol <list|all>   rest, json-rpc, graphql, odata (comma-separated) or all
  --url <base url>        the server to audit (http://host:port); without it, our own server
                          runs in process on the --driver given (default memory)
  --path <name=/path>     where the server mounts a protocol, repeatable (rest=/v1/data,
                          json-rpc=/jsonrpc, graphql=..., odata=..., actions=..., openapi=...)
  --name <name>           report name of the server (default: the URL's host:port)
  --write-fixture <dir>   write the objects the audits use as *.object.yml, then serve them:
                          objectql serve <dir>, and audit with --url
  --seed, --runs, --only, --report, --no-report and --junit apply as for drivers

Exit codes: 0 no MUST failed, 1 a MUST failed (or a --diff disagreement), 2 bad input.
`
