import { ObjectQLError } from '../../kernel/errors.js'
import { cellKindOf, encodeCell } from './excel-cell-codec.js'
import { toJsonValue } from './excel-json-value.js'
import type { TableStaging } from '../common/record-table.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../kernel/spec/object-config.js'

/** What the writes need besides the staging. */
export interface WriteContext {
  readonly object: string
  /** The object's declaration; undefined means schemaless (any field, scalar cells). */
  readonly config: ObjectConfig | undefined
  readonly schema: QuerySchema | undefined
  readonly generateId: () => string
}

/**
 * Stages a new record (DRV-ID-*, DRV-WRITE-001): a given id (any non-empty string) is kept, a
 * missing one generated, an existing one fails with `DUPLICATE_RECORD`. Every value is checked
 * to fit its cell (excel-cell-codec.ts) before anything is staged.
 */
export function applyCreate(
  staging: TableStaging,
  input: RecordInput,
  context: WriteContext,
): DataRecord {
  const { values } = copyInput(input, context)
  const given = values['id']
  if (given !== undefined && given !== null && (typeof given !== 'string' || given === '')) {
    throw validation('id', 'an id must be a non-empty string')
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
 * with `NOT_FOUND` (DRV-WRITE-003). A key set to `null` or `undefined` is removed (an empty
 * cell is the only null a sheet has); `input.id`, when present, must be the record's id.
 */
export function applyUpdate(
  staging: TableStaging,
  id: string,
  input: Record<string, unknown>,
  context: WriteContext,
): DataRecord {
  const { values, unset } = copyInput(input, context)
  if (values['id'] !== undefined && values['id'] !== id) {
    throw validation('id', 'an update cannot change the id')
  }
  const existing = typeof id === 'string' ? staging.get(id) : undefined
  if (existing === undefined) {
    throw new ObjectQLError('NOT_FOUND', `${context.object}/${String(id)} does not exist`, {
      details: { object: context.object, id },
    })
  }
  const merged: Record<string, unknown> = { ...existing }
  for (const key of unset) delete merged[key]
  for (const [key, value] of Object.entries(values)) define(merged, key, value)
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
  if (!Array.isArray(value)) throw validation('', `${operation} takes an array`)
  return value
}

function withId(id: string, values: Record<string, unknown>): DataRecord {
  const record: Record<string, unknown> = { id }
  for (const [key, value] of Object.entries(values)) if (key !== 'id') define(record, key, value)
  return record as DataRecord
}

/**
 * A checked copy of write input: `INVALID_FIELD` for fields outside the schema,
 * `VALIDATION_FAILED` (every failing field in `details.errors`) for values their cell cannot
 * hold. Null and undefined values are reported in `unset`: a sheet stores them as empty cells,
 * which read back as missing, so the record in memory holds them the same way.
 */
function copyInput(
  input: unknown,
  context: WriteContext,
): { values: Record<string, unknown>; unset: string[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw validation('', 'a record must be a plain object')
  }
  const entries = Object.entries(input)
  const { schema, config } = context
  if (schema !== undefined) {
    const unknown = entries.map(([key]) => key).filter((key) => !schema.fields.has(key))
    if (unknown.length > 0) {
      throw new ObjectQLError('INVALID_FIELD', `unknown field(s) ${unknown.join(', ')}`, {
        details: { fields: unknown },
      })
    }
  }
  const values: Record<string, unknown> = {}
  const unset: string[] = []
  const errors: { field: string; message: string }[] = []
  for (const [key, value] of entries) {
    if (value === null || value === undefined) {
      unset.push(key)
      continue
    }
    if (key === 'id') {
      define(values, key, value)
      continue
    }
    const field =
      config !== undefined && Object.hasOwn(config.fields, key) ? config.fields[key] : undefined
    const kind = cellKindOf(key, field)
    const problem = encodeCell(kind, value)
    if (typeof problem === 'string') {
      errors.push({ field: key, message: problem })
      continue
    }
    // json cells store JSON text: keep in memory exactly what reading the cell gives back.
    // A cell has no negative zero either: -0 is kept as 0, as a restart would read it.
    const checked =
      kind === 'json'
        ? toJsonValue(value)
        : { ok: true as const, value: Object.is(value, -0) ? 0 : value }
    if (checked.ok) define(values, key, checked.value)
  }
  if (errors.length > 0) {
    throw new ObjectQLError('VALIDATION_FAILED', 'some values cannot be stored in a cell', {
      details: { errors },
    })
  }
  return { values, unset }
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

function validation(field: string, message: string): ObjectQLError {
  return new ObjectQLError('VALIDATION_FAILED', message, {
    details: { errors: [{ field, message }] },
  })
}
