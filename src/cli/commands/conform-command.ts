import { mkdir } from 'node:fs/promises'
import { ObjectQLError } from '../../kernel/errors.js'
import {
  formatFailure,
  renderMatrixText,
  runDriverConformance,
  writeDriverReport,
  writeJUnitReport,
  writeMatrixReports,
} from '../../compliance/index.js'
import type { DriverConformanceResult } from '../../compliance/index.js'
import type { CliCommand, CliIO } from '../cli-command.js'
import type { LoadedDriverModule } from '../driver-module-loader.js'
import { progressPrinter } from '../progress-printer.js'
import { SHIPPED_DRIVERS } from '../shipped-drivers.js'
import type { ReadyDriver, UnavailableDriver } from '../shipped-drivers.js'
import { CONFORM_USAGE, parseConformArgs } from './conform-args.js'
import type { ConformArgs } from './conform-args.js'
import { runConformDiff } from './conform-diff.js'
import { runConformProtocols, writeFixtureCommand } from './conform-protocols.js'
import { resolveDriverArg } from './resolve-driver-arg.js'

/** Fails fast (before minutes of audits) when the report directory cannot be created. */
async function checkReportDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true })
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `report directory ${dir} is not writable (${typeof code === 'string' ? code : String(error)})`,
      {
        cause: error,
      },
    )
  }
}

/** The drivers to check: the `--driver` arguments, or every shipped driver. */
async function selectDrivers(
  args: ConformArgs,
): Promise<(ReadyDriver | LoadedDriverModule | UnavailableDriver)[]> {
  if (args.drivers.length === 0)
    return Promise.all(SHIPPED_DRIVERS.map((driver) => driver.resolve()))
  const selected = []
  for (const arg of args.drivers) selected.push(await resolveDriverArg(arg))
  return selected
}

/** `--only` split between driver ids and protocol ids (`PRT-...`), for `--with-protocols`. */
function splitOnly(only: readonly string[] | undefined): {
  drivers: readonly string[] | undefined
  protocols: readonly string[] | undefined
} {
  if (only === undefined) return { drivers: undefined, protocols: undefined }
  return {
    drivers: only.filter((id) => !id.startsWith('PRT-')),
    protocols: only.filter((id) => id.startsWith('PRT-')),
  }
}

/** `objectql conform --protocol ...`: one server's protocols, its report and the matrix. */
async function conformProtocols(args: ConformArgs, io: CliIO): Promise<number> {
  if (args.report !== undefined) await checkReportDir(args.report)
  const { result, written } = await runConformProtocols(args, io)
  const files = [...written]
  if (args.report !== undefined) files.push(...(await writeMatrixReports(args.report)))
  if (files.length > 0) io.err(`\nreports: ${files.join(', ')}\n`)
  return result.grade === 'failing' ? 1 : 0
}

async function conform(args: ConformArgs, io: CliIO): Promise<number> {
  if (args.report !== undefined) await checkReportDir(args.report)
  const only = args.withProtocols
    ? splitOnly(args.only)
    : { drivers: args.only, protocols: undefined }
  // `--with-protocols --only PRT-REST-001` runs that protocol audit and no driver audit.
  const driversToo = only.drivers === undefined || only.drivers.length > 0
  const drivers = driversToo ? await selectDrivers(args) : []
  const results: DriverConformanceResult[] = []
  const hints = new Map<string, string>()
  try {
    for (const driver of drivers) {
      if (driver.status === 'unavailable') {
        io.err(`\n${driver.name}: skipped (${driver.reason})\n`)
        continue
      }
      const result = await runDriverConformance({
        factory: driver.factory,
        ...('useDriverName' in driver && driver.useDriverName ? {} : { name: driver.name }),
        backend: driver.backend,
        onProgress: progressPrinter(io),
        ...('skip' in driver && driver.skip !== undefined ? { skip: driver.skip } : {}),
        ...(only.drivers === undefined ? {} : { only: only.drivers }),
        ...(args.seed === undefined ? {} : { seed: args.seed }),
        ...(args.runs === undefined ? {} : { runs: args.runs }),
        ...(args.replay === undefined ? {} : { replay: args.replay }),
      })
      results.push(result)
      hints.set(
        result.driver,
        `--driver ${args.drivers.length === 0 ? driver.name : (args.drivers[drivers.indexOf(driver)] ?? driver.name)}`,
      )
      if (args.report !== undefined) await writeDriverReport(args.report, result)
    }
  } finally {
    for (const driver of drivers) if (driver.status === 'ready') await driver.cleanup?.()
  }
  if (results.length === 0 && driversToo)
    throw new ObjectQLError('CONFIG_INVALID', 'no driver could run (see the reasons above)')
  if (results.length > 0) printSummary(results, hints, io)
  const written: string[] = []
  let protocolsFailing = false
  if (args.withProtocols && (only.protocols === undefined || only.protocols.length > 0)) {
    // Our own server, in process on the memory driver, through all four protocols.
    const run = await runConformProtocols({ ...args, drivers: [] }, io, only.protocols)
    written.push(...run.written)
    protocolsFailing = run.result.grade === 'failing'
  }
  if (args.report !== undefined) written.push(...(await writeMatrixReports(args.report)))
  if (args.junit !== undefined && results.length > 0) {
    written.push(await writeJUnitReport(args.junit, results))
  }
  if (written.length > 0) io.err(`\nreports: ${written.join(', ')}\n`)
  return protocolsFailing || results.some((result) => result.grade === 'failing') ? 1 : 0
}

function printSummary(
  results: readonly DriverConformanceResult[],
  hints: ReadonlyMap<string, string>,
  io: CliIO,
): void {
  for (const result of results) {
    const failures = result.audits.filter(
      (audit) => audit.status === 'fail' || audit.status === 'error',
    )
    if (failures.length === 0) continue
    io.out(`\n${result.driver}: ${failures.length} failed\n`)
    for (const failure of failures) io.out(`${formatFailure(failure, hints.get(result.driver))}\n`)
  }
  io.out(`\n${renderMatrixText(results)}`)
  for (const result of results) {
    const c = result.counts
    io.out(
      `${result.driver}: ${result.grade.toUpperCase()} (${c.passed} passed, ${c.failed + c.errored} failed, ${c.skipped} skipped${c.skippedMust > 0 ? ` incl. ${c.skippedMust} MUST` : ''}, ${c.notApplicable} n/a, ${c.warnings} warnings) in ${(result.durationMs / 1000).toFixed(1)} s, seed ${result.seed}\n`,
    )
  }
}

/** `objectql conform`: driver and protocol conformance, reports and the matrix. */
export const CONFORM_COMMAND: CliCommand = {
  name: 'conform',
  summary: "check drivers or a server's protocols against docs/SPEC.md (matrix, reports, JUnit)",
  usage: CONFORM_USAGE,
  async run(argv, io) {
    const args = parseConformArgs(argv)
    if (args.help) {
      io.out(CONFORM_USAGE)
      return 0
    }
    if (args.writeFixture !== undefined) {
      await writeFixtureCommand(args.writeFixture, io)
      if (args.protocols === undefined) return 0
    }
    if (args.protocols !== undefined) return conformProtocols(args, io)
    if (args.diff !== undefined) return runConformDiff(args, args.diff, io)
    return conform(args, io)
  },
}
