import {
  formatProtocolFailure,
  renderProtocolMatrixText,
  runProtocolConformance,
  startInProcessProtocolServer,
  writeProtocolFixture,
  writeProtocolJUnitReport,
  writeProtocolReport,
} from '../../compliance/index.js'
import type {
  InProcessProtocolServer,
  ProtocolConformanceOptions,
  ProtocolConformanceResult,
} from '../../compliance/index.js'
import { ObjectQLError } from '../../kernel/errors.js'
import type { CliIO } from '../cli-command.js'
import type { ConformArgs } from './conform-args.js'
import { protocolProgressPrinter } from './conform-protocol-progress.js'
import { resolveDriverArg } from './resolve-driver-arg.js'

/** What a protocol run of `objectql conform` produced: the result and the files written. */
export interface ConformProtocolRun {
  readonly result: ProtocolConformanceResult
  readonly written: readonly string[]
}

/**
 * Writes the fixture objects for `--write-fixture <dir>` and says how to audit them.
 *
 * @throws ObjectQLError `CONFIG_INVALID` when the folder cannot be written.
 */
export async function writeFixtureCommand(dir: string, io: CliIO): Promise<void> {
  const written = await writeProtocolFixture(dir)
  io.out(
    `wrote ${written.join(', ')}\n` +
      `serve them:   objectql serve ${dir} --port 3000\n` +
      `audit them:   objectql conform --protocol all --url http://127.0.0.1:3000\n`,
  )
}

/** Our own server in process, on the `--driver` given (memory by default). */
async function startOurServer(driverArg: string | undefined): Promise<{
  server: InProcessProtocolServer
  name: string
  detail: string
  cleanup: () => Promise<void>
}> {
  if (driverArg === undefined) {
    const server = await startInProcessProtocolServer()
    const noop = async () => undefined
    return {
      server,
      name: 'objectql-toolkit:memory',
      detail: 'inject, memory driver',
      cleanup: noop,
    }
  }
  const resolved = await resolveDriverArg(driverArg)
  if (resolved.status === 'unavailable') {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `driver ${resolved.name} cannot run here: ${resolved.reason}`,
    )
  }
  const cleanup = async () => {
    await resolved.cleanup?.()
  }
  try {
    const server = await startInProcessProtocolServer({ driver: await resolved.factory() })
    const backend = resolved.backend.detail ?? resolved.backend.kind
    return {
      server,
      name: `objectql-toolkit:${resolved.name}`,
      detail: `inject, ${resolved.name} driver (${backend})`,
      cleanup,
    }
  } catch (error) {
    await cleanup()
    throw error
  }
}

/**
 * Audits one server's protocols: by `--url`, or ours in process. Prints progress, failures and
 * the protocol matrix row, writes `protocols/<name>.json` and `.md` (and JUnit) when asked; the
 * caller writes the matrix page.
 *
 * @param only - audit ids to run (the caller has split `--only` between drivers and protocols).
 */
export async function runConformProtocols(
  args: ConformArgs,
  io: CliIO,
  only: readonly string[] | undefined = args.only,
): Promise<ConformProtocolRun> {
  const protocols = args.protocols ?? ['rest', 'json-rpc', 'graphql', 'odata']
  const common: Omit<ProtocolConformanceOptions, 'transport' | 'url'> = {
    protocols,
    paths: args.paths,
    onProgress: protocolProgressPrinter(io),
    ...(only === undefined ? {} : { only }),
    ...(args.seed === undefined ? {} : { seed: args.seed }),
    ...(args.runs === undefined ? {} : { numRuns: args.runs }),
  }
  let result: ProtocolConformanceResult
  let hint: string
  if (args.url !== undefined) {
    result = await runProtocolConformance({
      ...common,
      url: args.url,
      ...(args.name === undefined ? {} : { name: args.name }),
    })
    hint = `--url ${result.target}`
  } else {
    const ours = await startOurServer(args.drivers[0])
    try {
      result = await runProtocolConformance({
        ...common,
        transport: ours.server.transport,
        name: args.name ?? ours.name,
        backend: { kind: 'embedded', detail: ours.detail },
      })
    } finally {
      await ours.server.close().finally(ours.cleanup)
    }
    hint = args.drivers[0] === undefined ? '' : `--driver ${args.drivers[0]}`
  }
  printProtocolSummary(result, hint, io)
  const written: string[] = []
  if (args.report !== undefined) written.push(...(await writeProtocolReport(args.report, result)))
  if (args.junit !== undefined && args.protocols !== undefined) {
    written.push(await writeProtocolJUnitReport(args.junit, [result]))
  }
  return { result, written }
}

function printProtocolSummary(result: ProtocolConformanceResult, hint: string, io: CliIO): void {
  const failures = result.audits.filter((a) => a.status === 'fail' || a.status === 'error')
  if (failures.length > 0) {
    io.out(`\n${result.server}: ${failures.length} failed\n`)
    for (const failure of failures) io.out(`${formatProtocolFailure(failure, hint)}\n`)
  }
  io.out(`\n${renderProtocolMatrixText([result])}`)
  const c = result.counts
  io.out(
    `${result.server}: ${result.grade.toUpperCase()} (${c.passed} passed, ${c.failed + c.errored} failed, ${c.skipped} skipped${c.skippedMust > 0 ? ` incl. ${c.skippedMust} MUST` : ''}, ${c.notApplicable} n/a, ${c.warnings} warnings) in ${(result.durationMs / 1000).toFixed(1)} s, seed ${result.seed}\n`,
  )
  if (result.target !== 'inject' && c.passed === 0 && c.failed + c.errored > 0) {
    io.out(
      `hint: nothing passed. Does ${result.target} serve the audit objects? Write them with --write-fixture <dir> and load that folder; give --path when protocols are mounted elsewhere.\n`,
    )
  }
}
