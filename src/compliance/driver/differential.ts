import { randomBytes } from 'node:crypto'
import type { Driver } from '../../kernel/driver/driver.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import { ObjectQLError } from '../../kernel/errors.js'
import { MODEL_OBJECT } from '../model/index.js'
import { parseReplayToken, randomSeed, validateSeed } from '../common/seed.js'
import { DEFAULT_RUNS } from './conformance-options.js'
import { createCheckedDriver } from './driver-factory.js'
import type { DriverFactory } from './driver-factory.js'
import { sequenceArbitrary } from './model-run/commands.js'
import { executeSequence } from './model-run/sequence-executor.js'
import { driverTarget } from './model-run/sequence-target.js'
import { onFreshDriver, supportedFields } from './properties/property-object.js'
import { checkLaw } from './properties/property-runner.js'

/** A driver taking part in a differential run. */
export interface DifferentialDriver {
  readonly name: string
  readonly factory: DriverFactory
}

/** Options of {@link runDifferential}. */
export interface DifferentialOptions {
  /** Two or more drivers; the first is the reference the others are compared with. */
  readonly drivers: readonly DifferentialDriver[]
  readonly seed?: number
  readonly runs?: number
  /** `<seed>` or `<seed>/<path>` from a reported disagreement. */
  readonly replay?: string
  readonly maxCommands?: number
}

/** The first disagreement found, shrunk to a minimal command sequence. */
export interface Disagreement {
  readonly subject: string
  readonly reference: string
  readonly message: string
  readonly steps: readonly string[]
  readonly seed: number
  readonly path?: string
}

/** What a differential run found. */
export interface DifferentialResult {
  readonly drivers: readonly string[]
  readonly seed: number
  readonly runs: number
  readonly agreed: boolean
  readonly disagreement?: Disagreement
  readonly note: string
}

/**
 * Runs the same generated command sequences against several drivers at once and reports the
 * first observable difference (records, order, counts, rows, error codes) as a minimal case.
 * No model is involved: the first driver is the reference.
 *
 * @throws ObjectQLError `CONFIG_INVALID` for fewer than two drivers, a bad seed, or a factory
 *   that throws or returns a non-driver.
 */
export async function runDifferential(options: DifferentialOptions): Promise<DifferentialResult> {
  if (options.drivers.length < 2) {
    throw new ObjectQLError('CONFIG_INVALID', 'a differential run needs at least two drivers')
  }
  const token = options.replay === undefined ? undefined : parseReplayToken(options.replay)
  const seed = validateSeed(token?.seed ?? options.seed ?? randomSeed())
  const runs = options.runs ?? DEFAULT_RUNS
  // Probes, never connected: their manifests decide the fields and commands all can run.
  const probes: Driver[] = []
  for (const entry of options.drivers) probes.push(await createCheckedDriver(entry.factory))
  const shared = intersect(probes.map((driver) => driver.capabilities))
  const object = {
    name: `oqdiff_${randomBytes(3).toString('hex')}`,
    fields: supportedFields(MODEL_OBJECT, shared).fields,
  }
  const arbitrary = sequenceArbitrary(object, {
    aggregate: shared.queryAggregations,
    explicitIds: true,
    maxCommands: options.maxCommands ?? 25,
  })
  const [reference, ...subjects] = options.drivers
  if (reference === undefined) throw new ObjectQLError('CONFIG_INVALID', 'no reference driver')
  let found: Omit<Disagreement, 'seed' | 'path'> | undefined
  // Every case runs on fresh drivers, so a replayed case meets exactly the state it failed in.
  const fresh = (entry: DifferentialDriver) => ({
    freshDriver: () => createCheckedDriver(entry.factory),
  })
  const outcome = await checkLaw(
    { seed, runs, replayPath: token?.path },
    arbitrary,
    async (sequence) => {
      for (const subject of subjects) {
        const result = await onFreshDriver(fresh(reference), [object], (referenceDriver) =>
          onFreshDriver(fresh(subject), [object], (subjectDriver) =>
            executeSequence(
              sequence,
              driverTarget(subject.name, subjectDriver, object.name),
              driverTarget(reference.name, referenceDriver, object.name),
            ),
          ),
        )
        if (typeof result === 'string') return result
        if (result !== undefined) {
          found = { subject: subject.name, reference: reference.name, ...result }
          return { message: result.message, minimalCase: { steps: result.steps } }
        }
      }
      return undefined
    },
  )
  const names = options.drivers.map((d) => d.name)
  if (outcome.status === 'pass') {
    return { drivers: names, seed, runs, agreed: true, note: outcome.note ?? '' }
  }
  const failure = outcome.status === 'fail' ? outcome : undefined
  const disagreement: Disagreement = {
    subject: found?.subject ?? names[1] ?? '',
    reference: found?.reference ?? reference.name,
    message: failure?.message ?? (outcome.status === 'error' ? outcome.message : 'unknown'),
    steps: found?.steps ?? [],
    seed: failure?.seed ?? seed,
    ...(failure?.path === undefined ? {} : { path: failure.path }),
  }
  return { drivers: names, seed, runs, agreed: false, disagreement, note: '' }
}

/** Capabilities every driver declares (a differential run only uses what all support). */
function intersect(all: readonly DriverCapabilities[]): DriverCapabilities {
  const [first, ...rest] = all
  if (first === undefined) throw new ObjectQLError('CONFIG_INVALID', 'no drivers')
  const out: Record<string, unknown> = { ...first }
  for (const caps of rest) {
    for (const [key, value] of Object.entries(caps)) {
      if (typeof value === 'boolean') out[key] = out[key] === true && value
    }
  }
  return out as unknown as DriverCapabilities
}
