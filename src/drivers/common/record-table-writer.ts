import { ObjectQLError } from '../../kernel/errors.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { DataRecord, RecordInput } from '../../kernel/spec/object-config.js'
import type { TableStaging } from './record-table.js'

/** Write input after the storage checks: values to store, and keys to remove (`unset`). */
export interface CopiedInput {
  readonly values: Record<string, unknown>
  readonly unset: readonly string[]
}

/**
 * Checks one write's input against what the storage can hold and copies it: a JSON file keeps
 * JSON values, a sheet keeps cell values. Throws a coded error for anything it cannot store.
 */
export type InputCopier = (input: unknown) => CopiedInput

/** What the staged writes need besides the staging. */
export interface TableWriteContext {
  readonly object: string
  readonly generateId: () => string
  readonly copyInput: InputCopier
}

/**
 * Stages a new record (DRV-ID-*, DRV-WRITE-001): a given id (any non-empty string) is kept, a
 * missing one generated, an existing one fails with `DUPLICATE_RECORD`. The values pass the
 * storage's copier before anything is staged.
 */
export function applyCreate(
  staging: TableStaging,
  input: RecordInput,
  context: TableWriteContext,
): DataRecord {
  const { values } = context.copyInput(input)
  const given = values['id']
  if (given !== undefined && given !== null && (typeof given !== 'string' || given === '')) {
    throw writeValidation('id', 'an id must be a non-empty string')
  }
  const id = typeof given === 'string' ? given : context.generateId()
  if (staging.get(id) !== undefined) {
    throw new ObjectQLError('DUPLICATE_RECORD', `${context.object}/${id} already exists`, {
      details: { object: context.object, id },
    })
  }
  const record = withId(id, values)
  staging.set(record)
  return record
}

/**
 * Stages a shallow merge of `input` into the record (DRV-WRITE-002); a missing record fails
 * with `NOT_FOUND` (DRV-WRITE-003). Keys the copier reports as `unset` are removed;
 * `input.id`, when present, must be the record's id.
 */
export function applyUpdate(
  staging: TableStaging,
  id: string,
  input: Record<string, unknown>,
  context: TableWriteContext,
): DataRecord {
  const { values, unset } = context.copyInput(input)
  if (values['id'] !== undefined && values['id'] !== id) {
    throw writeValidation('id', 'an update cannot change the id')
  }
  const existing = typeof id === 'string' ? staging.get(id) : undefined
  if (existing === undefined) {
    throw new ObjectQLError('NOT_FOUND', `${context.object}/${String(id)} does not exist`, {
      details: { object: context.object, id },
    })
  }
  const merged: Record<string, unknown> = { ...existing }
  for (const key of unset) delete merged[key]
  for (const [key, value] of Object.entries(values)) defineValue(merged, key, value)
  const record = withId(id, merged)
  staging.set(record)
  return record
}

/** Stages a deletion; true when the record existed (DRV-WRITE-004). */
export function applyDelete(staging: TableStaging, id: string): boolean {
  return typeof id === 'string' && staging.remove(id)
}

/** Checks that a bulk operation got an array (`VALIDATION_FAILED` otherwise). */
export function requireArray<T>(value: readonly T[], operation: string): readonly T[] {
  if (!Array.isArray(value)) throw writeValidation('', `${operation} takes an array`)
  return value
}

/**
 * The entries of write input, after the checks every copier starts with: the input is a plain
 * object (`VALIDATION_FAILED`) and, with a schema, names only declared fields (`INVALID_FIELD`
 * naming all the others).
 */
export function inputEntries(input: unknown, schema: QuerySchema | undefined): [string, unknown][] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw writeValidation('', 'a record must be a plain object')
  }
  const entries = Object.entries(input)
  if (schema !== undefined) {
    const unknown = entries.map(([key]) => key).filter((key) => !schema.fields.has(key))
    if (unknown.length > 0) {
      throw new ObjectQLError('INVALID_FIELD', `unknown field(s) ${unknown.join(', ')}`, {
        details: { fields: unknown },
      })
    }
  }
  return entries
}

/** Assignment that keeps `__proto__` a plain key. */
export function defineValue(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

/** `VALIDATION_FAILED` for one field, in the kernel's `details.errors` shape. */
export function writeValidation(field: string, message: string): ObjectQLError {
  return new ObjectQLError('VALIDATION_FAILED', message, {
    details: { errors: [{ field, message }] },
  })
}

/** `{ id, ...values }` with `id` first, so files and sheets read naturally. */
function withId(id: string, values: Record<string, unknown>): DataRecord {
  const record: Record<string, unknown> = { id }
  for (const [key, value] of Object.entries(values)) {
    if (key !== 'id') defineValue(record, key, value)
  }
  return record as DataRecord
}
