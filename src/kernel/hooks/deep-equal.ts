/**
 * Structural equality of JSON-like values (what records hold): primitives by `Object.is` except
 * that `0` equals `-0`, arrays element-wise, plain objects key-wise regardless of key order,
 * `Date`s by time. `null` and `undefined` are equal, because the spec treats null and missing
 * alike. Used by `isModified`, where a json field re-sent with equal content is not a change.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a === null || a === undefined) && (b === null || b === undefined)
  }
  if (typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, index) => deepEqual(item, b[index]))
  }
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  // Keys whose value is undefined do not count: `{a: 1}` equals `{a: 1, b: undefined}`.
  const leftKeys = Object.keys(left).filter((k) => left[k] !== undefined)
  const rightKeys = Object.keys(right).filter((k) => right[k] !== undefined)
  if (leftKeys.length !== rightKeys.length) return false
  return leftKeys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]))
}
