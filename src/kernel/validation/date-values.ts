/**
 * Date and date-time values as the spec stores them: `date` as `YYYY-MM-DD`, `datetime` as the
 * UTC `toISOString()` form, so every driver compares them as strings chronologically.
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
// ISO-8601 / RFC 3339: date, optional time (T, t or space), optional fraction, optional offset.
const DATETIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|z|[+-]\d{2}:?\d{2})?$/

function isValidDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  // Day 0 of the next month is the last day of this one. setUTCFullYear, unlike Date.UTC,
  // does not map years 0-99 to 1900-1999.
  const last = new Date(0)
  last.setUTCFullYear(year, month, 0)
  return day <= last.getUTCDate()
}

/**
 * A `date` value as `YYYY-MM-DD`, or `undefined` when it is not a real calendar date.
 * `Date` objects give their UTC calendar date.
 */
export function normalizeDate(value: unknown): string | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10)
  }
  if (typeof value !== 'string') return undefined
  const match = DATE_PATTERN.exec(value)
  if (match === null) return undefined
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  return isValidDay(y, m, d) ? value : undefined
}

/**
 * A `datetime` value as UTC `toISOString()` (`2024-05-01T10:00:00.000Z`), or `undefined` when
 * it is not a valid ISO-8601 date-time. A value without an offset is read as UTC, never as the
 * server's local time, so the result does not depend on where the kernel runs. A date alone is
 * midnight UTC. Fractions beyond milliseconds are truncated (JavaScript dates hold ms).
 */
export function normalizeDatetime(value: unknown): string | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString()
  }
  if (typeof value !== 'string') return undefined
  const match = DATETIME_PATTERN.exec(value)
  if (match === null) return undefined
  const [, ys, mos, ds, hs, mis, ss, fraction, offset] = match
  const year = Number(ys)
  const month = Number(mos)
  const day = Number(ds)
  const hour = Number(hs ?? 0)
  const minute = Number(mis ?? 0)
  const second = Number(ss ?? 0)
  if (!isValidDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'))
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, ms)
  if (offset !== undefined && offset !== 'Z' && offset !== 'z') {
    const sign = offset.startsWith('-') ? -1 : 1
    const digits = offset.slice(1).replace(':', '')
    const offsetHours = Number(digits.slice(0, 2))
    const offsetMinutes = Number(digits.slice(2))
    if (offsetHours > 23 || offsetMinutes > 59) return undefined
    date.setTime(date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000)
  }
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}
