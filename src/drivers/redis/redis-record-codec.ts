import { ObjectQLError } from '../../kernel/errors.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'

/**
 * How the Redis driver stores a record: one JSON text per record, in a plain string key.
 *
 * Why JSON strings and not hashes: a hash stores every field as a byte string, so booleans,
 * numbers, null, nested json and arrays would each need a type tag and a codec of their own,
 * and every tag is a place for DRV-TYPE-* bugs. JSON keeps each value's type exactly (booleans
 * stay booleans, numbers numbers, arrays arrays), escapes lone surrogates so text survives UTF-8,
 * and a whole-record string makes compare-and-set writes cheap: a script compares the stored
 * text with the text the write was computed from. Queries are evaluated by the kernel's engine
 * over decoded records anyway, so per-field access on the server would buy nothing.
 *
 * The encoder is JSON.stringify's rules made strict: it also keeps `-0` (JSON.stringify writes
 * `0`), and it refuses what JSON would silently change (`Infinity`, `NaN`, `BigInt`, functions,
 * symbols, `Date` and other class instances, cycles) with `VALIDATION_FAILED`, listing every
 * failing field, instead of storing something else. `undefined` means "no value" as in JSON:
 * a key holding it is left out, an array slot holding it becomes null (null and missing are the
 * same thing to the spec).
 */

/** One field that cannot be stored. */
export interface FieldProblem {
  readonly field: string
  readonly message: string
}

/**
 * Encodes a record as JSON text.
 *
 * @throws ObjectQLError `VALIDATION_FAILED` with `details.errors` naming each bad field.
 */
export function encodeRecord(record: Readonly<Record<string, unknown>>): string {
  const problems: FieldProblem[] = []
  const parts: string[] = []
  for (const key of Object.keys(record)) {
    const text = encodeValue(record[key], { field: key, path: key }, new Set(), problems)
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`)
  }
  if (problems.length > 0) {
    throw new ObjectQLError('VALIDATION_FAILED', 'some values cannot be stored as JSON', {
      details: { errors: problems },
    })
  }
  return `{${parts.join(',')}}`
}

/**
 * Decodes a stored record.
 *
 * @throws ObjectQLError `DRIVER_ERROR` when the stored text is not a record this driver wrote
 * (foreign data under the driver's key prefix).
 */
export function decodeRecord(text: string): DataRecord {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw foreign(text, error)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw foreign(text)
  if (typeof (value as Record<string, unknown>)['id'] !== 'string') throw foreign(text)
  return value as DataRecord
}

/**
 * Checks write input and returns a detached copy of it: a plain object whose keys are declared
 * fields (when a schema is given) and whose values can be stored. Keys holding `undefined` are
 * kept (an update uses them to clear a field).
 *
 * @throws ObjectQLError `VALIDATION_FAILED` for a non-object or unstorable values,
 * `INVALID_FIELD` for fields outside the schema.
 */
export function checkWriteData(
  input: unknown,
  schema: QuerySchema | undefined,
): Record<string, unknown> {
  if (!isPlainObject(input)) throw validation('', 'a record must be a plain object')
  const keys = Object.keys(input)
  if (schema !== undefined) {
    const unknown = keys.filter((key) => !schema.fields.has(key))
    if (unknown.length > 0) {
      throw new ObjectQLError('INVALID_FIELD', `unknown field(s) ${unknown.join(', ')}`, {
        details: { fields: unknown },
      })
    }
  }
  // Encoding validates every value and copying through the text detaches the result from the
  // caller's objects (DRV-WRITE-005) with exactly the semantics storage will have.
  const copy = JSON.parse(encodeRecord(input)) as Record<string, unknown>
  const result: Record<string, unknown> = {}
  for (const key of keys) {
    defineKey(result, key, Object.hasOwn(copy, key) ? copy[key] : undefined)
  }
  return result
}

/** Sets `record[key]` as an own data property, also for a key named `__proto__`. */
export function defineKey(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

/** Where a value sits: the top-level field it belongs to and its full path. */
interface Place {
  readonly field: string
  readonly path: string
}

function encodeValue(
  value: unknown,
  place: Place,
  ancestors: Set<object>,
  problems: FieldProblem[],
): string | undefined {
  switch (typeof value) {
    case 'undefined':
      return undefined
    case 'string':
      return JSON.stringify(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) return problem(problems, place, `${value} is not a JSON number`)
      return Object.is(value, -0) ? '-0' : JSON.stringify(value)
    case 'object':
      if (value === null) return 'null'
      return encodeObject(value, place, ancestors, problems)
    default:
      return problem(problems, place, `a ${typeof value} cannot be stored`)
  }
}

function encodeObject(
  value: object,
  place: Place,
  ancestors: Set<object>,
  problems: FieldProblem[],
): string | undefined {
  if (ancestors.has(value)) return problem(problems, place, 'a circular structure cannot be stored')
  if (!Array.isArray(value) && !isPlainObject(value)) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name
    return problem(
      problems,
      place,
      `a ${typeof name === 'string' ? name : 'non-plain object'} cannot be stored (dates travel as ISO strings)`,
    )
  }
  ancestors.add(value)
  let text: string
  if (Array.isArray(value)) {
    const items: string[] = []
    // An index loop, not map(): holes must become null like JSON.stringify makes them.
    for (let i = 0; i < value.length; i++) {
      const at = { field: place.field, path: `${place.path}[${i}]` }
      items.push(encodeValue(value[i], at, ancestors, problems) ?? 'null')
    }
    text = `[${items.join(',')}]`
  } else {
    const source = value
    const parts: string[] = []
    for (const key of Object.keys(source)) {
      const at = { field: place.field, path: `${place.path}.${key}` }
      const item = encodeValue(source[key], at, ancestors, problems)
      if (item !== undefined) parts.push(`${JSON.stringify(key)}:${item}`)
    }
    text = `{${parts.join(',')}}`
  }
  ancestors.delete(value)
  return text
}

function problem(problems: FieldProblem[], place: Place, message: string): undefined {
  problems.push({ field: place.field, message: `${place.path}: ${message}` })
  return undefined
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function validation(field: string, message: string): ObjectQLError {
  return new ObjectQLError('VALIDATION_FAILED', message, {
    details: { errors: [{ field, message }] },
  })
}

function foreign(text: string, cause?: unknown): ObjectQLError {
  return new ObjectQLError(
    'DRIVER_ERROR',
    'a key under the driver prefix holds data this driver did not write',
    { details: { value: text.slice(0, 200) }, cause },
  )
}
