/**
 * Comparison helpers with the spec's equivalences: null and missing are the same (SPEC.md terms),
 * everything else is strict (`true` is not `1`, `'1'` is not `1`, arrays stay arrays).
 */

/** A JSON-able value with object keys sorted, for messages and stable comparison. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'undefined'
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      out[key] = sortKeys((value as Record<string, unknown>)[key])
    }
    return out
  }
  return value
}

/** A copy of a record without null or undefined values (null and missing are equivalent). */
export function withoutNulls(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) {
    if (value !== null && value !== undefined) out[key] = value
  }
  return out
}

/** Strict deep equality: same types, same keys, arrays in order; `0` equals `-0`. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null) return false
  if (typeof a === 'number') return Number.isNaN(a) && Number.isNaN(b)
  if (typeof a !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const other = b as unknown[]
    return a.length === other.length && a.every((item, index) => deepEqual(item, other[index]))
  }
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = Object.keys(left)
  if (keys.length !== Object.keys(right).length) return false
  return keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]))
}

/** Deep equality of two records with null and missing treated as the same. */
export function recordsEqual(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): boolean {
  return deepEqual(withoutNulls(a), withoutNulls(b))
}

/** Like {@link recordsEqual}, but numbers only need to agree to 1e-9 (relative), for `avg`. */
export function rowsClose(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): boolean {
  const left = withoutNulls(a)
  const right = withoutNulls(b)
  const keys = Object.keys(left)
  if (keys.length !== Object.keys(right).length) return false
  return keys.every((key) => {
    const x = left[key]
    const y = right[key]
    if (typeof x === 'number' && typeof y === 'number') {
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))
    }
    return deepEqual(x, y)
  })
}

/** JSON of a value, cut to `max` characters so messages stay one readable line. */
export function preview(value: unknown, max = 240): string {
  const text = stableStringify(value)
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** The `id` of each record, in order. */
export function idsOf(records: readonly Readonly<Record<string, unknown>>[]): string[] {
  return records.map((record) => String(record['id']))
}
