/**
 * The spec order (docs/SPEC.md DRV-ORD, DRV-FLT-005), written out as plainly as possible for the
 * reference model. Deliberately naive: strings are turned into arrays of code points, dates are
 * parsed every time. Nothing here is shared with the engine in src/kernel/query, so the two can
 * check each other.
 *
 * Beyond the spec text, the toolkit's reading (kept identical in the engine):
 * - values of different JS types order null < boolean < number < string < array < object;
 * - arrays compare element by element (a shorter prefix first); objects by sorted-key JSON;
 * - on `date`/`datetime` fields two strings that both parse as ISO dates compare by instant
 *   (equal instants are equal); a zone-less datetime is UTC.
 */

const TYPE_ORDER = ['null', 'boolean', 'number', 'string', 'array', 'object'] as const

/** The category of a value in the cross-type order. */
export function typeOf(value: unknown): (typeof TYPE_ORDER)[number] {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'number') return 'number'
  if (typeof value === 'string') return 'string'
  return 'object'
}

/**
 * Compares two values in spec order: negative when `a` comes first.
 *
 * @param isDate - true when the values belong to a `date` or `datetime` field.
 */
export function specCompare(a: unknown, b: unknown, isDate = false): number {
  const typeA = typeOf(a)
  const typeB = typeOf(b)
  if (typeA !== typeB) return TYPE_ORDER.indexOf(typeA) - TYPE_ORDER.indexOf(typeB)
  if (typeA === 'null') return 0
  if (typeA === 'boolean') return Number(a) - Number(b)
  if (typeA === 'number')
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
  if (typeA === 'string') {
    if (isDate) {
      const timeA = instant(a as string)
      const timeB = instant(b as string)
      if (!Number.isNaN(timeA) && !Number.isNaN(timeB)) return Math.sign(timeA - timeB)
    }
    return compareByCodePoints(a as string, b as string)
  }
  if (typeA === 'array') {
    const left = a as unknown[]
    const right = b as unknown[]
    for (let i = 0; i < left.length && i < right.length; i++) {
      const order = specCompare(left[i], right[i])
      if (order !== 0) return order
    }
    return left.length - right.length
  }
  return compareByCodePoints(sortedJson(a), sortedJson(b))
}

/** Lexicographic order of the strings' Unicode code points. */
export function compareByCodePoints(a: string, b: string): number {
  const left = Array.from(a, (char) => char.codePointAt(0) as number)
  const right = Array.from(b, (char) => char.codePointAt(0) as number)
  for (let i = 0; i < left.length && i < right.length; i++) {
    if (left[i] !== right[i]) return (left[i] as number) - (right[i] as number)
  }
  return left.length - right.length
}

/** Milliseconds of an ISO-8601 date or datetime (zone-less means UTC); NaN for anything else. */
function instant(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return Number.NaN
  const hasTime = text.length > 10
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text)
  return Date.parse(hasTime && !hasZone ? `${text.replace(' ', 'T')}Z` : text)
}

/** Deep equality where null and missing are the same and object key order does not matter. */
export function specEqual(a: unknown, b: unknown): boolean {
  return sortedJson(a) === sortedJson(b)
}

/** JSON with object keys sorted and null/undefined members dropped: a canonical form. */
export function sortedJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] != null)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${sortedJson((value as Record<string, unknown>)[key])}`)
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value)
}
