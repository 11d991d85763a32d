import { ObjectQLError } from '../../kernel/errors.js'
import type { DataRecord, RecordInput } from '../../kernel/spec/object-config.js'

/** What record writes need besides the input. */
export interface RecordContext {
  readonly object: string
  /** Names the object declares, or undefined when schemaless. */
  readonly fields: ReadonlySet<string> | undefined
  readonly generateId: () => string
}

/**
 * A new record for `create` (DRV-ID-*, DRV-WRITE-001), checked against `existing` (the stored
 * records plus those created earlier in the same batch): a given id is kept, a missing one
 * generated, an existing one fails with `DUPLICATE_RECORD`.
 *
 * @throws ObjectQLError `INVALID_FIELD`, `VALIDATION_FAILED`, `DUPLICATE_RECORD`.
 */
export function newRecord(
  existing: ReadonlyMap<string, DataRecord>,
  input: RecordInput,
  context: RecordContext,
): DataRecord {
  const data = storableCopy(input, context.fields)
  const given = data['id']
  if (given !== undefined && given !== null && (typeof given !== 'string' || given === '')) {
    throw invalid([{ field: 'id', message: 'an id must be a non-empty string' }])
  }
  const id = typeof given === 'string' ? given : context.generateId()
  if (existing.has(id)) {
    throw new ObjectQLError('DUPLICATE_RECORD', `${context.object}/${id} already exists`, {
      details: { object: context.object, id },
    })
  }
  return { ...data, id }
}

/**
 * The record after `update` (DRV-WRITE-002/003): `input` merged shallowly into the stored one;
 * a missing record fails with `NOT_FOUND`, an attempt to change the id with `VALIDATION_FAILED`.
 */
export function mergedRecord(
  existing: ReadonlyMap<string, DataRecord>,
  id: string,
  input: Record<string, unknown>,
  context: RecordContext,
): DataRecord {
  const data = storableCopy(input, context.fields)
  if (data['id'] !== undefined && data['id'] !== null && data['id'] !== id) {
    throw invalid([{ field: 'id', message: 'an update cannot change the id' }])
  }
  const current = existing.get(id)
  if (current === undefined) {
    throw new ObjectQLError('NOT_FOUND', `${context.object}/${id} does not exist`, {
      details: { object: context.object, id },
    })
  }
  return { ...current, ...data, id }
}

/**
 * A deep copy of write input exactly as JSON will store it (DRV-WRITE-005). Values JSON cannot
 * carry unchanged are refused instead of being altered silently: non-finite numbers (JSON
 * writes null), `undefined` inside arrays (null), bigints, functions, symbols, dates and other
 * class instances (strings or `{}`), cycles. `undefined` object members are dropped, as the spec
 * treats them as missing.
 *
 * @throws ObjectQLError `INVALID_FIELD` for names outside `fields`, `VALIDATION_FAILED` listing
 * every bad field in `details.errors`.
 */
export function storableCopy(
  input: unknown,
  fields: ReadonlySet<string> | undefined,
): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid([{ field: '', message: 'a record must be a plain object' }])
  }
  const source = input as Record<string, unknown>
  if (fields !== undefined) {
    const unknown = Object.keys(source).filter((key) => !fields.has(key))
    if (unknown.length > 0) {
      throw new ObjectQLError('INVALID_FIELD', `unknown field(s) ${unknown.join(', ')}`, {
        details: { fields: unknown },
      })
    }
  }
  const errors: { field: string; message: string }[] = []
  for (const [field, value] of Object.entries(source)) {
    const problem = unstorable(value, new Set())
    if (problem !== undefined) errors.push({ field, message: problem })
  }
  if (errors.length > 0) throw invalid(errors)
  return JSON.parse(JSON.stringify(source)) as Record<string, unknown>
}

/** Why JSON would not store `value` unchanged, or undefined when it would. */
function unstorable(value: unknown, path: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return undefined
    case 'number':
      return Number.isFinite(value) ? undefined : `${String(value)} cannot be stored as JSON`
    case 'object':
      break
    default:
      return `a ${typeof value} cannot be stored`
  }
  if (value === null) return undefined
  if (path.has(value)) return 'a cyclic value cannot be stored'
  const proto: unknown = Object.getPrototypeOf(value)
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
    return 'only plain objects and arrays can be stored (convert dates to ISO strings)'
  }
  if (Array.isArray(value) && Object.keys(value).length !== value.length) {
    return 'a sparse array cannot be stored (JSON would fill the holes with null)'
  }
  path.add(value)
  const items = Object.values(value)
  for (const item of items) {
    if (Array.isArray(value) && item === undefined) return 'undefined inside an array'
    const problem = unstorable(item, path)
    if (problem !== undefined) return problem
  }
  path.delete(value)
  return undefined
}

function invalid(errors: { field: string; message: string }[]): ObjectQLError {
  const message = errors.map((e) => (e.field === '' ? e.message : `${e.field}: ${e.message}`))
  return new ObjectQLError('VALIDATION_FAILED', message.join('; '), { details: { errors } })
}
