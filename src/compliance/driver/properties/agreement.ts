import { isObjectQLError } from '../../../kernel/errors.js'
import type { DataRecord } from '../../../kernel/spec/object-config.js'
import { attempt, describeError } from '../checks.js'
import type { Attempt } from '../checks.js'
import { idsOf, preview, recordsEqual, rowsClose, withoutNulls } from '../record-compare.js'

/** Runs a synchronous model call and captures its result or error. */
export function modelAttempt<T>(fn: () => T): Attempt<T> {
  try {
    return { ok: true, value: fn() }
  } catch (error) {
    return { ok: false, error }
  }
}

/**
 * Compares a driver call with the model's. Both failing with the same code agree; otherwise
 * `compare` judges the two values.
 */
export async function agreeWith<T>(
  label: string,
  driver: () => Promise<T>,
  model: () => T,
  compare: (actual: T, expected: T) => string | undefined,
): Promise<string | undefined> {
  const actual = await attempt(driver)
  const expected = modelAttempt(model)
  if (!actual.ok || !expected.ok) {
    const code = (a: Attempt<T>) =>
      a.ok ? 'success' : isObjectQLError(a.error) ? a.error.code : describeError(a.error)
    if (code(actual) === code(expected)) return undefined
    const got = actual.ok
      ? `returned ${preview(actual.value)}`
      : `failed with ${describeError(actual.error)}`
    const want = expected.ok ? `returns ${preview(expected.value)}` : `fails with ${code(expected)}`
    return `${label}: the driver ${got} but the model ${want}`
  }
  const problem = compare(actual.value, expected.value)
  return problem === undefined ? undefined : `${label}: ${problem}`
}

/** Same records regardless of order; names the first record one side has and the other lacks. */
export function sameRecordSet(
  actual: readonly DataRecord[],
  expected: readonly DataRecord[],
  other = 'the model',
): string | undefined {
  const byId = new Map(actual.map((row) => [row.id, row]))
  for (const want of expected) {
    const got = byId.get(want.id)
    if (got === undefined)
      return `the driver misses ${preview(withoutNulls(want))} that ${other} returns`
    if (!recordsEqual(got, want))
      return `record '${want.id}' is ${preview(withoutNulls(got))} but ${other} has ${preview(withoutNulls(want))}`
    byId.delete(want.id)
  }
  const extra = [...byId.values()][0]
  return extra === undefined
    ? undefined
    : `the driver wrongly returns ${preview(withoutNulls(extra))}`
}

/** Same records in the same order; names the first position that differs. */
export function sameSequence(
  actual: readonly DataRecord[],
  expected: readonly DataRecord[],
  other = 'the model',
): string | undefined {
  const a = idsOf(actual)
  const e = idsOf(expected)
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) {
      return `position ${i} holds ${preview(a[i])} but ${other} has ${preview(e[i])} (driver [${a.join(', ')}], ${other} [${e.join(', ')}])`
    }
  }
  return sameRecordSet(actual, expected, other)
}

/** Same aggregate rows as a multiset (numbers to 1e-9, for `avg`). */
export function sameRows(
  actual: readonly Record<string, unknown>[],
  expected: readonly Record<string, unknown>[],
  other = 'the model',
): string | undefined {
  const left = [...actual]
  for (const want of expected) {
    const index = left.findIndex((row) => rowsClose(row, want))
    if (index === -1)
      return `no driver row equals ${other}'s ${preview(want)} (driver rows ${preview(actual)})`
    left.splice(index, 1)
  }
  return left.length === 0 ? undefined : `the driver has an extra row ${preview(left[0])}`
}
