import { ObjectQLError } from '../../kernel/errors.js'
import { runDifferential } from '../../compliance/index.js'
import type { CliIO } from '../cli-command.js'
import type { ReadyDriver } from '../shipped-drivers.js'
import type { ConformArgs } from './conform-args.js'
import { resolveDriverArg } from './resolve-driver-arg.js'

/** `objectql conform --diff a,b`: one generated workload, several drivers, first disagreement. */
export async function runConformDiff(
  args: ConformArgs,
  names: readonly string[],
  io: CliIO,
): Promise<number> {
  const ready: ReadyDriver[] = []
  try {
    for (const name of names) {
      const driver = await resolveDriverArg(name)
      if (driver.status === 'unavailable') {
        throw new ObjectQLError('CONFIG_INVALID', `cannot diff ${driver.name}: ${driver.reason}`)
      }
      ready.push(driver)
    }
    io.err(`differential: ${names.join(' vs ')} (reference: ${names[0] ?? ''})\n`)
    const result = await runDifferential({
      drivers: ready.map((driver) => ({ name: driver.name, factory: driver.factory })),
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      ...(args.runs === undefined ? {} : { runs: args.runs }),
      ...(args.replay === undefined ? {} : { replay: args.replay }),
    })
    if (result.agreed) {
      io.out(
        `agreed: ${result.drivers.join(', ')} gave the same answers on ${result.note} (seed ${result.seed})\n`,
      )
      return 0
    }
    const d = result.disagreement
    if (d === undefined) return 1
    const token = d.path === undefined ? String(d.seed) : `${d.seed}/${d.path}`
    io.out(
      `DISAGREEMENT between ${d.subject} and ${d.reference}: ${d.message}\n` +
        `minimal sequence:\n${d.steps.map((step) => `  ${step}`).join('\n')}\n` +
        `replay: objectql conform --diff ${names.join(',')} --replay ${token}\n`,
    )
    return 1
  } finally {
    for (const driver of ready) await driver.cleanup?.()
  }
}
