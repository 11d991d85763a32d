import { expect } from 'vitest'

/**
 * Comparison of the driver's read path with the spec model for the translation tests: the same
 * result, or the same error code.
 */

/** Null and missing are the same (SPEC terms): compare records without null members. */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null && item !== undefined)
      .map(([key, item]) => [key, normalized(item)]),
  )
}

/**
 * Same result (records compared without nulls, numbers to 1e-9 relative), or the same code.
 */
export async function agree(label: string, model: () => unknown, mongo: () => Promise<unknown>) {
  const settle = async (run: () => unknown) => {
    try {
      return { value: normalized(await run()) }
    } catch (error) {
      return { code: (error as { code?: unknown }).code ?? String(error) }
    }
  }
  const expected = await settle(model)
  const actual = await settle(mongo)
  expect(actual, label).toEqual(roundedLike(expected, actual))
}

/** `expected` with each number replaced by the actual one when they agree to 1e-9 (relative). */
function roundedLike(expected: unknown, actual: unknown): unknown {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const close = Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected))
    return close ? actual : expected
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return expected.map((item, i) => roundedLike(item, actual[i]))
  }
  if (typeof expected !== 'object' || expected === null) return expected
  if (typeof actual !== 'object' || actual === null) return expected
  const other = actual as Record<string, unknown>
  return Object.fromEntries(
    Object.entries(expected).map(([key, item]) => [key, roundedLike(item, other[key])]),
  )
}
