/**
 * Strict ISO-8601 parsing for filter operands. Drivers compare stored datetimes as strings in
 * one canonical form (`YYYY-MM-DDTHH:mm:ss.sssZ`), so every accepted spelling of an instant is
 * rewritten to that form here; anything `Date.parse` would guess at (local time, RFC 2822,
 * out-of-range days) is refused instead.
 */

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?$/

/**
 * The canonical UTC form of an ISO-8601 date or date-time string, or `undefined` when the string
 * is not one. A date-time without a zone designator is read as UTC (never as local time, which
 * would make a filter depend on the server's time zone); a bare date means its UTC midnight.
 */
export function toCanonicalDateTime(text: string): string | undefined {
  const match = DATE_TIME.exec(text)
  if (match === null) return undefined
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3))
  const date = utcDate(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), millis)
  if (date === undefined) return undefined
  const offset = zoneOffsetMinutes(zone)
  if (offset === undefined) return undefined
  const instant = new Date(date.getTime() - offset * 60_000)
  const year = instant.getUTCFullYear()
  // toISOString switches to a 6-digit signed year outside 0..9999; keep the 4-digit form only.
  if (year < 0 || year > 9999) return undefined
  return instant.toISOString()
}

/** The `YYYY-MM-DD` form of a calendar-date string, or `undefined` when it is not a real date. */
export function toCanonicalDate(text: string): string | undefined {
  const match = DATE_ONLY.exec(text)
  if (match === null) return undefined
  const [, y, mo, d] = match
  return utcDate(Number(y), Number(mo), Number(d), 0, 0, 0, 0) === undefined ? undefined : text
}

/** True for a time of day `HH:mm`, `HH:mm:ss` or `HH:mm:ss.fff` (24-hour clock). */
export function isTimeOfDay(text: string): boolean {
  return TIME_OF_DAY.test(text)
}

/** A valid Date as its canonical ISO-8601 UTC string, or `undefined` for an invalid Date. */
export function dateToIso(value: Date): string | undefined {
  const time = value.getTime()
  if (Number.isNaN(time)) return undefined
  const year = value.getUTCFullYear()
  return year < 0 || year > 9999 ? undefined : value.toISOString()
}

function utcDate(
  year: number,
  month: number,
  day: number,
  hours: number,
  minutes: number,
  seconds: number,
  millis: number,
): Date | undefined {
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined
  const date = new Date(0)
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hours, minutes, seconds, millis)
  const sameDay =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  return sameDay ? date : undefined
}

function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = Number(digits.slice(2, 4))
  if (hours > 23 || minutes > 59) return undefined
  return sign * (hours * 60 + minutes)
}
