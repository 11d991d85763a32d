/**
 * The spec order of values (docs/SPEC.md, DRV-ORD and DRV-FLT-005) and value equality, shared by
 * every driver that evaluates queries in JavaScript.
 *
 * Order across JS types, so that a sort over any column is total and deterministic:
 * null/missing < booleans < numbers < strings < arrays < objects. Within a type: `false < true`,
 * numbers numerically, strings by Unicode code point (never `localeCompare`, never UTF-16 code
 * unit order), arrays element by element (a prefix first), objects by their canonical JSON.
 * Values of `date`/`datetime` fields are ISO strings and use {@link compareDateValues}, which is
 * chronological even when two strings have different ISO shapes.
 */

/** True for `null` and `undefined`: the spec treats null and missing alike everywhere. */
export function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined
}

/**
 * Compares two strings by Unicode code point.
 *
 * UTF-16 code unit order (what `<` does) differs from code point order only where a surrogate
 * (which encodes a code point above U+FFFF, e.g. an emoji) meets a unit in U+E000..U+FFFF: the
 * surrogate must sort after it. So we find the first differing unit and shift surrogates above
 * the rest of the BMP, which is both exact and as fast as a plain loop.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return shiftSurrogate(x) < shiftSurrogate(y) ? -1 : 1
  }
  return a.length < b.length ? -1 : 1
}

function shiftSurrogate(unit: number): number {
  if (unit < 0xd800) return unit
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000
}

/** Rank of a value's type in the cross-type order (see the module comment). */
function typeRank(value: unknown): number {
  if (value === null || value === undefined) return 0
  switch (typeof value) {
    case 'boolean':
      return 1
    case 'number':
      return 2
    case 'string':
      return 3
    default:
      return Array.isArray(value) ? 4 : 5
  }
}

/**
 * Compares two values in spec order; negative, zero or positive like `Array.prototype.sort`.
 * Null and missing compare equal to each other and before everything else, so an ascending sort
 * puts them first and a descending one (the negation) puts them last (DRV-ORD-005).
 */
export function compareValues(a: unknown, b: unknown): number {
  const rankA = typeRank(a)
  const rankB = typeRank(b)
  if (rankA !== rankB) return rankA < rankB ? -1 : 1
  switch (rankA) {
    case 0:
      return 0
    case 1:
    case 2:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
    case 3:
      return compareCodePoints(a as string, b as string)
    case 4:
      return compareArrays(a as readonly unknown[], b as readonly unknown[])
    default:
      return compareCodePoints(valueKey(a), valueKey(b))
  }
}

function compareArrays(a: readonly unknown[], b: readonly unknown[]): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const order = compareValues(a[i], b[i])
    if (order !== 0) return order
  }
  return a.length - b.length
}

/**
 * Compares values of a `date` or `datetime` field: chronologically for ISO-8601 strings
 * (DRV-ORD-003), and like {@link compareValues} otherwise.
 *
 * Two strings of the same ISO shape in UTC (`YYYY-MM-DD`, or equal length ending in `Z`) are in
 * chronological order exactly when they are in code point order, which is the common case and
 * needs no parsing. Other pairs (a date against a datetime, different fraction digits, offsets)
 * are parsed; equal instants compare as 0. A string that is not a date falls back to code points.
 */
export function compareDateValues(a: unknown, b: unknown): number {
  if (typeof a !== 'string' || typeof b !== 'string') return compareValues(a, b)
  if (a === b) return 0
  if (sameUtcShape(a, b)) return compareCodePoints(a, b)
  const timeA = parseIsoInstant(a)
  const timeB = parseIsoInstant(b)
  if (Number.isNaN(timeA) || Number.isNaN(timeB)) return compareCodePoints(a, b)
  return timeA < timeB ? -1 : timeA > timeB ? 1 : 0
}

function sameUtcShape(a: string, b: string): boolean {
  if (a.length !== b.length || a.charCodeAt(4) !== 45 || b.charCodeAt(4) !== 45) return false
  if (a.length === 10) return true
  return a.endsWith('Z') && b.endsWith('Z') && a.charCodeAt(10) === b.charCodeAt(10)
}

const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/

/**
 * Milliseconds since the epoch of an ISO date or datetime; NaN when it is not one. A datetime
 * without a zone is read as UTC (the spec stores UTC), never as the machine's local time.
 */
export function parseIsoInstant(value: string): number {
  if (!/^[+-]?\d{4,6}-\d{2}-\d{2}/.test(value)) return Number.NaN
  return Date.parse(LOCAL_DATETIME.test(value) ? `${value.replace(' ', 'T')}Z` : value)
}

/** A comparator for a field: chronological for date fields, {@link compareValues} otherwise. */
export function comparatorFor(isDateField: boolean): (a: unknown, b: unknown) => number {
  return isDateField ? compareDateValues : compareValues
}

/**
 * Deep equality of stored values: scalars by `===` (so `1` never equals `'1'`), arrays element by
 * element, objects key by key regardless of key order; null and missing are equal (also nested).
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (isNullish(a) || isNullish(b)) return isNullish(a) && isNullish(b)
  if (typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, i) => valuesEqual(item, b[i]))
  }
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = new Set([...Object.keys(left), ...Object.keys(right)])
  for (const key of keys) if (!valuesEqual(left[key], right[key])) return false
  return true
}

/**
 * A canonical string for a value such that two values get the same key exactly when
 * {@link valuesEqual} holds: used to group, count distinct and deduplicate in one pass. It is
 * JSON text with object keys sorted (`Array.prototype.sort` order) and null members dropped; it
 * is built by hand because `JSON.stringify` always puts integer-like keys first.
 */
export function valueKey(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value)
    case 'bigint':
      return `${value}n`
    case 'object':
      break
    default:
      return 'null' // functions and symbols are never stored
  }
  if (Array.isArray(value)) return `[${value.map(valueKey).join(',')}]`
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value)
  const source = value as Record<string, unknown>
  const parts: string[] = []
  for (const key of Object.keys(source).sort()) {
    if (!isNullish(source[key])) parts.push(`${JSON.stringify(key)}:${valueKey(source[key])}`)
  }
  return `{${parts.join(',')}}`
}

/** The key of a tuple of values (a group of `groupBy` values): equal tuples, equal keys. */
export function tupleKey(values: readonly unknown[]): string {
  // Each part is JSON text, so joining them with commas is a JSON array: unambiguous.
  return values.length === 1 ? valueKey(values[0]) : `[${values.map(valueKey).join(',')}]`
}
