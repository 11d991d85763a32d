import { isObjectQLError } from '../../kernel/errors.js'
import type { ErrorCode } from '../../kernel/errors.js'
import { fail, pass } from '../common/audit-result.js'
import type { AuditOutcome, FailOutcome } from '../common/audit-result.js'
import { preview } from './record-compare.js'

/** A case check: `undefined` when it held, a failure naming the case otherwise. */
export type CaseCheck = Promise<FailOutcome | undefined>

/** The settled value or error of a call, so audits can inspect failures as data. */
export type Attempt<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown }

/** Runs `fn` and captures its result or error. */
export async function attempt<T>(fn: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await fn() }
  } catch (error) {
    return { ok: false, error }
  }
}

/** `ObjectQLError CODE: message` or `TypeError: message`, on one line. */
export function describeError(error: unknown): string {
  if (isObjectQLError(error)) return `ObjectQLError ${error.code}: ${error.message}`
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0] ?? ''}`
  return `non-Error value ${preview(error, 80)}`
}

/**
 * Runs the checks in order and returns the first failure, so the report names one small case.
 * A check that throws fails with the case's label and the error.
 */
export async function firstFailure<T>(
  cases: readonly T[],
  label: (item: T) => string,
  check: (item: T) => CaseCheck,
): Promise<AuditOutcome> {
  for (const item of cases) {
    let failure: FailOutcome | undefined
    try {
      failure = await check(item)
    } catch (error) {
      failure = fail(`${label(item)} threw ${describeError(error)}`, { minimalCase: item })
    }
    if (failure !== undefined) return failure
  }
  return pass(`${cases.length} case${cases.length === 1 ? '' : 's'}`)
}

/** Runs `fn` and fails unless it rejects with an ObjectQLError carrying one of `codes`. */
export async function expectError(
  label: string,
  fn: () => Promise<unknown>,
  codes: readonly ErrorCode[],
  minimalCase?: unknown,
): CaseCheck {
  const result = await attempt(fn)
  const wanted = codes.join(' or ')
  if (result.ok) {
    return fail(`${label} succeeded with ${preview(result.value, 160)}; expected ${wanted}`, {
      minimalCase,
    })
  }
  if (!isObjectQLError(result.error)) {
    return fail(`${label} threw ${describeError(result.error)}; expected ObjectQLError ${wanted}`, {
      minimalCase,
    })
  }
  if (!codes.includes(result.error.code)) {
    return fail(`${label} failed with ${result.error.code}; expected ${wanted}`, { minimalCase })
  }
  return undefined
}

/** How a call settled within a time limit: with a value, with an error, or not at all. */
export type Settled<T> = Attempt<T> | { readonly ok: 'timeout' }

/**
 * Waits for `fn` at most `ms`. A hang is returned as data rather than thrown, so a coded error
 * from the driver can never be confused with the suite's own timeout.
 */
export async function settleWithin<T>(fn: () => Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<{ readonly ok: 'timeout' }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: 'timeout' }), ms)
  })
  try {
    return await Promise.race([attempt(fn), timeout])
  } finally {
    clearTimeout(timer)
  }
}
