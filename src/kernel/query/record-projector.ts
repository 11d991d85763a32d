import { ObjectQLError } from '../errors.js'
import { assertKnownField } from './query-schema.js'
import { deepCopy } from './value-copy.js'
import type { QuerySchema } from './query-schema.js'
import type { DataRecord } from '../spec/object-config.js'

/** Turns a stored record into the record a caller receives: a deep copy, maybe projected. */
export type RecordProjector = (record: Readonly<DataRecord>) => DataRecord

/**
 * Builds the projector of a `fields` list (DRV-PROJ-001): the result has no key outside `fields`
 * plus `id` (the kernel already adds `id`; a driver called directly gets it anyway, so every
 * returned record stays addressable), and a field the record lacks stays absent (null and missing
 * are equivalent). Values are deep copies: mutating a result never reaches stored data
 * (DRV-WRITE-005). Without `fields` the whole record is copied.
 *
 * @throws ObjectQLError `INVALID_QUERY` when `fields` is not an array of names, `INVALID_FIELD`
 * for a name outside `schema`.
 */
export function compileProjection(
  fields: readonly string[] | undefined,
  schema?: QuerySchema,
): RecordProjector {
  if (fields === undefined) return (record) => deepCopy(record)
  if (!Array.isArray(fields)) {
    throw new ObjectQLError('INVALID_QUERY', 'fields must be an array of field names')
  }
  for (const field of fields as readonly unknown[]) assertKnownField(schema, field, 'projection')
  const keys = [...new Set(['id', ...fields])]
  return (record) => {
    const projected: Record<string, unknown> = {}
    for (const key of keys) {
      if (!Object.hasOwn(record, key)) continue
      const value = deepCopy(record[key])
      // Assigning `__proto__` would change the prototype; it must stay a plain key.
      if (key === '__proto__') {
        Object.defineProperty(projected, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        })
      } else {
        projected[key] = value
      }
    }
    return projected as DataRecord
  }
}

/** Projects (or copies) one record; see {@link compileProjection}. */
export function projectRecord(
  record: Readonly<DataRecord>,
  fields: readonly string[] | undefined,
  schema?: QuerySchema,
): DataRecord {
  return compileProjection(fields, schema)(record)
}
