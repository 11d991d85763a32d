import fc from 'fast-check'
import { fail, pass } from '../../common/audit-result.js'
import type { AuditOutcome } from '../../common/audit-result.js'
import { describeError } from '../checks.js'

/** What a broken law reports: a message and, optionally, a smaller case than the input. */
export interface LawFailure {
  readonly message: string
  readonly minimalCase: unknown
}

/** A property check: `undefined` when the law held for `value`, else what went wrong. */
export type Law<T> = (value: T) => Promise<string | LawFailure | undefined>

/** Seed, run count and replay path: a `DriverAuditContext` has them, so does a differential run. */
export interface LawSettings {
  readonly seed: number
  readonly runs: number
  readonly replayPath: string | undefined
}

/** Options of {@link checkLaw}. */
export interface LawOptions {
  /** Cap on generated cases (for laws that are expensive per case). */
  readonly maxRuns?: number
  /** Stop searching (or shrinking) after this long; what was found so far is reported. */
  readonly timeLimitMs?: number
}

/**
 * Runs a law with fast-check under the context's seed and run count (or replays one shrunk
 * counterexample when the context has a replay path). A failure reports the shrunk value as
 * the minimal case, with the seed and path that repeat it.
 */
export async function checkLaw<T>(
  context: LawSettings,
  arbitrary: fc.Arbitrary<T>,
  law: Law<T>,
  options: LawOptions = {},
): Promise<AuditOutcome> {
  const replaying = context.replayPath !== undefined
  const numRuns = Math.min(context.runs, options.maxRuns ?? Number.POSITIVE_INFINITY)
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => (await law(value)) === undefined),
    {
      seed: context.seed,
      numRuns,
      ...(replaying ? { path: context.replayPath, endOnFailure: true } : {}),
      interruptAfterTimeLimit: options.timeLimitMs ?? 45_000,
    },
  )
  if (!details.failed) {
    return pass(
      `${details.numRuns} generated cases${details.interrupted ? ' (stopped at the time limit)' : ''}`,
    )
  }
  const counterexample = details.counterexample?.[0]
  if (counterexample === undefined) {
    return fail(
      `the property failed without a counterexample: ${describeError(details.errorInstance)}`,
    )
  }
  // Run the shrunk case once more to describe it (the law is deterministic on fresh state).
  let found: string | LawFailure | undefined
  try {
    found = await law(counterexample)
  } catch (error) {
    found = `threw ${describeError(error)}`
  }
  const thrown =
    details.errorInstance === undefined ? '' : ` (${describeError(details.errorInstance)})`
  const message =
    found === undefined
      ? `failed during the search but passed on replay${thrown}`
      : typeof found === 'string'
        ? found
        : found.message
  return fail(message, {
    minimalCase: typeof found === 'object' ? found.minimalCase : counterexample,
    seed: details.seed,
    path: details.counterexamplePath ?? undefined,
  })
}
