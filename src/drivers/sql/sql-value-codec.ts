import { ObjectQLError } from '../../kernel/errors.js'
import {
  dateToIso,
  isTimeOfDay,
  toCanonicalDate,
  toCanonicalDateTime,
} from '../../kernel/spec/iso-date.js'
import type { SqlDialect } from './sql-dialect.js'
import type { ColumnModel, StorageKind } from './sql-object-model.js'
import { decodeNul, decodeTagged, encodeNul, encodeTagged } from './sql-text-codec.js'

/**
 * Conversions between record values and bound SQL values, per storage kind and dialect, so
 * that what goes in comes out as the same type: booleans stay booleans, numbers numbers,
 * datetimes canonical ISO-8601 UTC strings, JSON deep-equal, strings byte-exact.
 */

/** A bound value and the value the returned record holds. */
export interface EncodedValue {
  readonly param: unknown
  readonly value: unknown
}

const identity = (text: string): string => text

/** The string transform a dialect needs on the way in. */
export function textIn(dialect: SqlDialect): (text: string) => string {
  return dialect.encodesNul ? encodeNul : identity
}

/** The string transform a dialect needs on the way out. */
export function textOut(dialect: SqlDialect): (text: string) => string {
  return dialect.encodesNul ? decodeNul : identity
}

/**
 * Encodes a value for a write.
 *
 * @throws ObjectQLError `VALIDATION_FAILED` when the value does not fit the field's type.
 */
export function encodeWrite(
  value: unknown,
  column: ColumnModel,
  dialect: SqlDialect,
): EncodedValue {
  if (value === null || value === undefined) return { param: null, value: null }
  switch (column.storage) {
    case 'string':
      if (typeof value !== 'string') break
      return { param: dialect.encodesNul ? encodeNul(value) : value, value }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) break
      return { param: value === 0 ? 0 : value, value: value === 0 ? 0 : value }
    case 'boolean':
      if (typeof value !== 'boolean') break
      return { param: dialect.nativeBoolean ? value : value ? 1 : 0, value }
    case 'date': {
      const date = value instanceof Date ? dateToIso(value)?.slice(0, 10) : canonicalDate(value)
      if (date === undefined) break
      return { param: date, value: date }
    }
    case 'datetime': {
      const iso = value instanceof Date ? dateToIso(value) : canonicalDateTime(value)
      if (iso === undefined) break
      return { param: dialect.datetimeParam(iso), value: iso }
    }
    case 'time':
      if (typeof value !== 'string' || !isTimeOfDay(value)) break
      return { param: value, value }
    case 'json': {
      const text = jsonText(value, column)
      if (text === undefined) break
      return { param: text, value: JSON.parse(text) }
    }
    case 'tagged': {
      if (isScalar(value)) {
        return { param: encodeTagged(value, textIn(dialect)), value: value === 0 ? 0 : value }
      }
      // Formulas and summaries may hold any JSON their UI writes; keep it, unordered.
      const text = jsonText(value, column)
      if (text === undefined) break
      return { param: `j:${text}`, value: JSON.parse(text) }
    }
  }
  throw new ObjectQLError(
    'VALIDATION_FAILED',
    `field '${column.name}' cannot store ${describe(value)} (${column.storage} column)`,
    {
      details: {
        errors: [{ field: column.name, rule: 'type', message: `expected ${column.storage}` }],
      },
    },
  )
}

/**
 * Encodes a filter operand (already checked for type by the filter compiler's caller rules).
 *
 * @throws ObjectQLError `INVALID_FILTER` when the operand does not fit the field.
 */
export function encodeOperand(value: unknown, column: ColumnModel, dialect: SqlDialect): unknown {
  switch (column.storage) {
    case 'string':
      if (typeof value === 'string') return dialect.encodesNul ? encodeNul(value) : value
      break
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return value === 0 ? 0 : value
      break
    case 'boolean':
      if (typeof value === 'boolean') return dialect.nativeBoolean ? value : value ? 1 : 0
      break
    case 'date': {
      const date = canonicalDate(value)
      if (date !== undefined) return date
      break
    }
    case 'datetime': {
      const iso = canonicalDateTime(value)
      if (iso !== undefined) return dialect.datetimeParam(iso)
      break
    }
    case 'time':
      if (typeof value === 'string' && isTimeOfDay(value)) return value
      break
    case 'tagged':
      if (isScalar(value)) return encodeTagged(value, textIn(dialect))
      break
    case 'json':
      break
  }
  throw new ObjectQLError(
    'INVALID_FILTER',
    `an operand of field '${column.name}' cannot be ${describe(value)} (${column.storage} field)`,
    { details: { field: column.name } },
  )
}

/** Decodes one non-null column value read back; chosen once per column (see valueDecoder). */
export type ValueDecoder = (raw: unknown) => unknown

/** Decodes a column value read back; `undefined` for NULL (null and missing are the same). */
export function decodeValue(raw: unknown, column: ColumnModel, dialect: SqlDialect): unknown {
  if (raw === null || raw === undefined) return undefined
  switch (column.storage) {
    case 'string':
      return dialect.encodesNul ? decodeNul(asText(raw)) : asText(raw)
    case 'tagged':
      return decodeTaggedText(asText(raw), textOut(dialect))
    default:
      return STORAGE_DECODERS[column.storage](raw)
  }
}

/**
 * The decoder of a column's non-null values, picked once per column and dialect so that a
 * compiled read decodes each value with one call instead of a switch (what {@link decodeValue}
 * does, value for value).
 */
export function valueDecoder(column: ColumnModel, dialect: SqlDialect): ValueDecoder {
  switch (column.storage) {
    case 'string':
      return dialect.encodesNul ? (raw) => decodeNul(asText(raw)) : asText
    case 'tagged': {
      const text = textOut(dialect)
      return (raw) => decodeTaggedText(asText(raw), text)
    }
    default:
      return STORAGE_DECODERS[column.storage]
  }
}

// The storage kinds whose decoding does not depend on the dialect.
const STORAGE_DECODERS: Readonly<Record<Exclude<StorageKind, 'string' | 'tagged'>, ValueDecoder>> =
  {
    number: (raw) => (typeof raw === 'number' ? raw : Number(raw)),
    boolean: (raw) => raw === true || raw === 1 || raw === '1' || raw === 1n,
    date: (raw) =>
      raw instanceof Date ? raw.toISOString().slice(0, 10) : asText(raw).slice(0, 10),
    datetime: decodeDateTime,
    time: asText,
    // Every connector hands back the JSON text (pg's own json parsing is switched off).
    json: (raw) => JSON.parse(asText(raw)),
  }

function decodeTaggedText(text: string, out: (text: string) => string): unknown {
  return text.startsWith('j:') ? JSON.parse(text.slice(2)) : decodeTagged(text, out)
}

function decodeDateTime(raw: unknown): string {
  if (typeof raw === 'string') {
    // Already canonical (SQLite's stored text, PostgreSQL's through sql-postgres-types.ts):
    // the canonicalization below would return this very text, so skip it.
    if (raw.length === 24 && raw[10] === 'T' && raw[19] === '.' && raw[23] === 'Z') return raw
  } else if (raw instanceof Date) {
    return raw.toISOString()
  }
  const text = asText(raw)
  // MySQL and SQL Server hand back `YYYY-MM-DD HH:mm:ss.sss` in UTC (the session zone).
  if (text.length === 23 && text[10] === ' ') return `${text.slice(0, 10)}T${text.slice(11)}Z`
  // MariaDB leaves out a zero fraction: `YYYY-MM-DD HH:mm:ss`. When the fields are surely valid
  // (days up to 28 exist in every month), canonicalization would only add `T` and `.000Z`.
  if (text.length === 19 && WHOLE_SECONDS.test(text) && surelyValid(text)) {
    return `${text.slice(0, 10)}T${text.slice(11)}.000Z`
  }
  return toCanonicalDateTime(text) ?? text
}

const WHOLE_SECONDS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

function surelyValid(text: string): boolean {
  const month = Number(text.slice(5, 7))
  const day = Number(text.slice(8, 10))
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 28 &&
    Number(text.slice(11, 13)) <= 23 &&
    Number(text.slice(14, 16)) <= 59 &&
    Number(text.slice(17, 19)) <= 59
  )
}

function canonicalDate(value: unknown): string | undefined {
  if (value instanceof Date) return dateToIso(value)?.slice(0, 10)
  return typeof value === 'string' ? toCanonicalDate(value) : undefined
}

function canonicalDateTime(value: unknown): string | undefined {
  if (value instanceof Date) return dateToIso(value)
  return typeof value === 'string' ? toCanonicalDateTime(value) : undefined
}

function jsonText(value: unknown, column: ColumnModel): string | undefined {
  let text: unknown
  try {
    text = JSON.stringify(value)
  } catch (error) {
    // Cycles and BigInts are not JSON.
    throw new ObjectQLError('VALIDATION_FAILED', `field '${column.name}' holds no JSON value`, {
      cause: error,
      details: { errors: [{ field: column.name, rule: 'type', message: 'not JSON' }] },
    })
  }
  // undefined, functions and symbols have no JSON text; the caller reports the field.
  return typeof text === 'string' ? text : undefined
}

function isScalar(value: unknown): value is string | number | boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  )
}

function asText(raw: unknown): string {
  if (typeof raw === 'string') return raw
  if (Buffer.isBuffer(raw)) return raw.toString('utf8')
  return String(raw)
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Date) return 'a Date'
  return typeof value === 'string' ? 'a string' : `${typeof value} ${String(value).slice(0, 40)}`
}
