import pg from 'pg'

const { types } = pg

// Type OIDs of the PostgreSQL catalog (pg_type) whose parsing the driver changes.
const INT8 = 20
const NUMERIC = 1700
const DATE = 1082
const JSON_OID = 114
const TIMESTAMPTZ = 1184

const parseNumber = (text: string): number => Number(text)
const keepText = (text: string): string => text
const parseTimestamptzDefault = types.getTypeParser(TIMESTAMPTZ) as (text: string) => unknown

/**
 * A `timestamptz` as PostgreSQL prints it in a UTC session (`2024-01-05 10:20:30.5+00`), turned
 * into the canonical `2024-01-05T10:20:30.500Z` by string surgery instead of a Date and
 * `toISOString()`: the same text for a fraction cut to milliseconds, at a fraction of the cost.
 * Anything else (another session time zone, BC, years past 9999, infinity) goes through pg's own
 * parser, and the driver's codec turns that Date into text as before.
 */
export function parseTimestamptz(text: string): unknown {
  const length = text.length
  if (
    length >= 22 &&
    text.charCodeAt(4) === 45 /* - */ &&
    text.charCodeAt(10) === 32 /* space */ &&
    text.endsWith('+00')
  ) {
    const day = text.slice(0, 10)
    const time = text.slice(11, 19)
    if (length === 22) return `${day}T${time}.000Z`
    if (text.charCodeAt(19) === 46 /* . */) {
      const millis = `${text.slice(20, Math.min(length - 3, 23))}00`.slice(0, 3)
      return `${day}T${time}.${millis}Z`
    }
  }
  return parseTimestamptzDefault(text)
}

/**
 * Result parsing of the driver's pool (never the process-wide `pg.types`): counts (int8) and
 * numerics become numbers; `date` stays the `YYYY-MM-DD` text instead of a local-time Date;
 * `json` stays text, so the codec parses every JSON column the same way on every dialect; and
 * `timestamptz` becomes canonical ISO-8601 text ({@link parseTimestamptz}). Whoever queries the
 * pool through `SqlDriver.nativeClient()` gets the same parsing.
 */
export const POSTGRES_TYPES: pg.CustomTypesConfig = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return parseNumber
    if (oid === DATE || oid === JSON_OID) return keepText
    if (format === 'binary') return types.getTypeParser(oid, 'binary')
    return oid === TIMESTAMPTZ ? parseTimestamptz : types.getTypeParser(oid)
  },
}
