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

async function conform(args: ConformArgs, io: CliIO): Promise<number> {
  if (args.report !== undefined) await checkReportDir(args.report)
  const drivers = await selectDrivers(args)
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
        ...(args.only === undefined ? {} : { only: args.only }),
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
  if (results.length === 0)
    throw new ObjectQLError('CONFIG_INVALID', 'no driver could run (see the reasons above)')
  printSummary(results, hints, io)
  const written: string[] = []
  if (args.report !== undefined) written.push(...(await writeMatrixReports(args.report)))
  if (args.junit !== undefined) written.push(await writeJUnitReport(args.junit, results))
  if (written.length > 0) io.err(`\nreports: ${written.join(', ')}\n`)
  return results.some((result) => result.grade === 'failing') ? 1 : 0
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

/** `objectql conform`: driver conformance, reports and the matrix. */
export const CONFORM_COMMAND: CliCommand = {
  name: 'conform',
  summary: 'check drivers against docs/SPEC.md (conformance matrix, reports, JUnit)',
  usage: CONFORM_USAGE,
  async run(argv, io) {
    const args = parseConformArgs(argv)
    if (args.help) {
      io.out(CONFORM_USAGE)
      return 0
    }
    if (args.diff !== undefined) return runConformDiff(args, args.diff, io)
    return conform(args, io)
  },
}
