import { AssertionError } from 'node:assert'
import { inspect } from 'node:util'

/**
 * Assertion failures of the harness. They are Node's own `AssertionError` (from `node:assert`,
 * not from a test runner), carrying `actual`, `expected` and `operator`: vitest prints a diff
 * from them and node:test reports them as ordinary failed assertions, so the harness works under
 * both without importing either.
 */
export function assertionFailed(
  message: string,
  actual: unknown,
  expected: unknown,
  operator: string,
): AssertionError {
  return new AssertionError({ message, actual, expected, operator })
}

/** A short, readable rendering of a value for failure messages. */
export function show(value: unknown): string {
  return inspect(value, { depth: 4, breakLength: 100, compact: 3, sorted: true })
}

/**
 * True when `actual` has everything `expected` describes: objects match key by key (extra keys
 * in `actual` are fine, recursively), arrays element by element with equal length, everything
 * else by `Object.is`.
 */
export function matchesPartial(actual: unknown, expected: unknown): boolean {
  if (Object.is(actual, expected)) return true
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => matchesPartial(actual[index], item))
    )
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false
    const record = actual as Record<string, unknown>
    return Object.entries(expected).every(
      ([key, value]) => Object.hasOwn(record, key) && matchesPartial(record[key], value),
    )
  }
  return false
}

/** "1 time" / "3 times". */
export function times(count: number): string {
  return `${count} time${count === 1 ? '' : 's'}`
}
