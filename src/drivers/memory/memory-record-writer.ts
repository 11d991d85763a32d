import { ObjectQLError } from '../../kernel/errors.js'
import { deepCopy } from '../../kernel/query/value-copy.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { DataRecord, RecordInput } from '../../kernel/spec/object-config.js'
import type { RecordStore } from './memory-store.js'

/** One applied write, as a transaction logs it to replay at commit. */
export type WriteOp =
  | { readonly kind: 'create'; readonly object: string; readonly record: DataRecord }
  | {
      readonly kind: 'update'
      readonly object: string
      readonly id: string
      readonly data: Record<string, unknown>
    }
  | { readonly kind: 'delete'; readonly object: string; readonly id: string }

/** What the writes need besides the store. */
export interface WriteContext {
  /** The object's schema; undefined means schemaless (any field accepted). */
  readonly schema: QuerySchema | undefined
  readonly generateId: () => string
}

/**
 * Stores a new record (DRV-ID-*, DRV-WRITE-001): the id is kept when given (any non-empty
 * string) and generated when missing; an existing id fails with `DUPLICATE_RECORD`. Every check
 * runs before the store is touched, so a failure changes nothing. The stored record is a deep
 * copy of the input (DRV-WRITE-005); the caller must copy it again before handing it out.
 */
export function applyCreate(
  store: RecordStore,
  object: string,
  input: RecordInput,
  context: WriteContext,
): DataRecord {
  const data = copyInput(input, context.schema)
  const given = data['id']
  if (given !== undefined && given !== null && (typeof given !== 'string' || given === '')) {
    throw validation('id', 'an id must be a non-empty string')
  }
  const id = typeof given === 'string' ? given : context.generateId()
  if (store.get(object, id) !== undefined) {
    throw new ObjectQLError('DUPLICATE_RECORD', `${object}/${id} already exists`, {
      details: { object, id },
    })
  }
  const record = { ...data, id } as DataRecord
  store.set(object, record)
  return record
}

/**
 * Merges `data` shallowly into the record (DRV-WRITE-002) and stores the result as a new object;
 * a missing record fails with `NOT_FOUND` (DRV-WRITE-003). `data.id`, when present, must be the
 * record's id: an update never changes ids.
 */
export function applyUpdate(
  store: RecordStore,
  object: string,
  id: string,
  input: Record<string, unknown>,
  context: WriteContext,
): DataRecord {
  const data = copyInput(input, context.schema)
  if (data['id'] !== undefined && data['id'] !== id)
    throw validation('id', 'an update cannot change the id')
  const existing = store.get(object, id)
  if (existing === undefined) {
    throw new ObjectQLError('NOT_FOUND', `${object}/${id} does not exist`, {
      details: { object, id },
    })
  }
  const record = { ...existing, ...data, id } as DataRecord
  store.set(object, record)
  return record
}

/** Removes a record; true when it existed (DRV-WRITE-004). */
export function applyDelete(store: RecordStore, object: string, id: string): boolean {
  return store.remove(object, id)
}

/** Applies a logged write again (transaction commit). */
export function replay(store: RecordStore, op: WriteOp, context: WriteContext): void {
  switch (op.kind) {
    case 'create':
      applyCreate(store, op.object, op.record, context)
      return
    case 'update':
      applyUpdate(store, op.object, op.id, op.data, context)
      return
    case 'delete':
      applyDelete(store, op.object, op.id)
      return
  }
}

/**
 * A deep copy of write input. Fails with `INVALID_FIELD` for fields outside the schema and with
 * `VALIDATION_FAILED` (every failing field in `details.errors`) for values that cannot be stored
 * (functions, symbols, cyclic values).
 */
function copyInput(input: unknown, schema: QuerySchema | undefined): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw validation('', 'a record must be a plain object')
  }
  const source = input as Record<string, unknown>
  const keys = Object.keys(source)
  if (schema !== undefined) {
    const unknown = keys.filter((key) => !schema.fields.has(key))
    if (unknown.length > 0) {
      throw new ObjectQLError('INVALID_FIELD', `unknown field(s) ${unknown.join(', ')}`, {
        details: { fields: unknown },
      })
    }
  }
  const copy: Record<string, unknown> = {}
  const errors: { field: string; message: string }[] = []
  for (const key of keys) {
    try {
      const value = deepCopy(source[key])
      // Assigning `__proto__` would change the prototype; it must stay a plain key.
      if (key !== '__proto__') copy[key] = value
      else
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
  return copy
}

function validation(field: string, message: string): ObjectQLError {
  return new ObjectQLError('VALIDATION_FAILED', message, {
    details: { errors: [{ field, message }] },
  })
}

/** Checks that a bulk operation got an array (`VALIDATION_FAILED` otherwise). */
export function requireArray<T>(value: readonly T[], operation: string): readonly T[] {
  if (!Array.isArray(value)) throw validation('', `${operation} takes an array`)
  return value
}
