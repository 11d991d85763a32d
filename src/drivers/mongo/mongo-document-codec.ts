import { ObjectQLError } from '../../kernel/errors.js'
import { deepCopy } from '../../kernel/query/value-copy.js'
import { checkPath } from './mongo-field-map.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { Document } from 'mongodb'

/**
 * Records <-> MongoDB documents. The id is stored as `_id` (a string, so MongoDB's unique `_id`
 * index is what detects duplicates). A top-level null is stored as an absent field: the spec
 * makes null and missing equivalent (a driver may return either), and one representation keeps
 * filters, sorts and groups free of MongoDB's null-versus-missing distinctions (in `$group`
 * keys, for instance). Values are otherwise stored as given: numbers, booleans, strings
 * (dates are canonical ISO strings), arrays and nested documents.
 */

/** A stored document: the record's fields and its id as a string `_id`. */
export interface StoredDocument extends Document {
  _id: string
}

/** A document as MongoDB returns it, turned back into a record (`_id` -> `id`). */
export function decodeDocument(document: Document): DataRecord {
  const record: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(document)) {
    if (key === '_id') continue
    record[key] = decodeValue(value)
  }
  record['id'] = String(document['_id'])
  return record as DataRecord
}

/** The document to insert for a record whose id is already decided. */
export function encodeDocument(
  id: string,
  data: Readonly<Record<string, unknown>>,
): StoredDocument {
  const document: StoredDocument = { _id: id }
  for (const [key, value] of Object.entries(data)) {
    if (key === 'id' || value === null || value === undefined) continue
    document[key] = value
  }
  return document
}

/**
 * The update pipeline that shallow-merges `data` (DRV-WRITE-002): non-null values are set,
 * null ones unset. Every value is wrapped in `$literal`, so a string such as `'$name'` or a
 * json key such as `$set` is stored as written rather than read as a path or an operator.
 * Empty when there is nothing to change.
 */
export function updatePipeline(data: Readonly<Record<string, unknown>>): Document[] {
  const set: Document = {}
  const unset: string[] = []
  for (const [key, value] of Object.entries(data)) {
    if (key === 'id') continue
    if (value === null || value === undefined) unset.push(key)
    else set[key] = { $literal: value }
  }
  const stages: Document[] = []
  if (Object.keys(set).length > 0) stages.push({ $set: set })
  if (unset.length > 0) stages.push({ $unset: unset })
  return stages
}

/**
 * A checked deep copy of write input (DRV-WRITE-005/006: the caller's object is never stored,
 * and bad input fails before anything is written).
 *
 * @throws ObjectQLError `INVALID_FIELD` for a name outside `fields`, `NOT_SUPPORTED` for a name
 * MongoDB reads as a path (`a.b`, `$a`), `VALIDATION_FAILED` (every failing field in
 * `details.errors`) for a non-object, a bad id or values that cannot be stored.
 */
export function checkWriteData(
  input: unknown,
  fields: ReadonlySet<string> | undefined,
): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw validation('', 'a record must be a plain object')
  }
  const source = input as Record<string, unknown>
  const keys = Object.keys(source)
  if (fields !== undefined) {
    const unknown = keys.filter((key) => !fields.has(key))
    if (unknown.length > 0) {
      throw new ObjectQLError('INVALID_FIELD', `unknown field(s) ${unknown.join(', ')}`, {
        details: { fields: unknown },
      })
    }
  }
  const copy: Record<string, unknown> = {}
  const errors: { field: string; message: string }[] = []
  for (const key of keys) {
    if (key !== 'id') checkPath(key)
    try {
      const value = deepCopy(source[key])
      if (typeof value === 'bigint') throw new Error('a bigint cannot be stored')
      Object.defineProperty(copy, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    } catch (error) {
      errors.push({ field: key, message: error instanceof Error ? error.message : String(error) })
    }
  }
  if (errors.length > 0) {
    throw new ObjectQLError('VALIDATION_FAILED', 'some values cannot be stored', {
      details: { errors },
    })
  }
  const id = copy['id']
  if (id !== undefined && id !== null && (typeof id !== 'string' || id === '')) {
    throw validation('id', 'an id must be a non-empty string')
  }
  return copy
}

/** The `VALIDATION_FAILED` error for one field. */
export function validation(field: string, message: string): ObjectQLError {
  return new ObjectQLError('VALIDATION_FAILED', message, {
    details: { errors: [{ field, message }] },
  })
}

// 64-bit integers come back as numbers while they are safe (the driver's promoteLongs); a
// larger one (only from data written by someone else) is read as the nearest number rather
// than leaking a BSON class into records. Other non-plain values (dates, binaries) stay as
// they are: the toolkit never writes them.
function decodeValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(decodeValue)
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return decodeBson(value)
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, key, {
      value: decodeValue(item),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return out
}

function decodeBson(value: object): unknown {
  const bson = value as {
    _bsontype?: unknown
    toNumber?: () => number
    toString(): string
    valueOf(): unknown
  }
  switch (bson._bsontype) {
    case 'Long':
      return typeof bson.toNumber === 'function' ? bson.toNumber() : value
    case 'Int32':
    case 'Double':
      return Number(bson.valueOf())
    case 'Decimal128':
      return Number(bson.toString())
    default:
      return value
  }
}
