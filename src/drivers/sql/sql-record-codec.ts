import { ObjectQLError } from '../../kernel/errors.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { SqlRow } from './sql-connection.js'
import type { SqlDialect } from './sql-dialect.js'
import { MAX_ID_LENGTH } from './sql-object-model.js'
import type { ColumnModel, ObjectModel } from './sql-object-model.js'
import { decodeValue, encodeWrite } from './sql-value-codec.js'

/** A record ready to write: fields, their SQL columns and bound values (same order), the record. */
export interface EncodedRecord {
  readonly fields: string[]
  readonly columns: string[]
  readonly params: unknown[]
  /** What the driver returns: the written values as stored (a copy, never the input). */
  readonly record: Record<string, unknown>
}

/**
 * Encodes the data of a write. Keys with `undefined` are absent; a key the object does not
 * declare fails with `INVALID_FIELD` and nothing reaches the database.
 */
export function encodeRecord(
  model: ObjectModel,
  data: Readonly<Record<string, unknown>>,
  dialect: SqlDialect,
): EncodedRecord {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ObjectQLError('INVALID_REQUEST', `data for '${model.name}' must be an object`)
  }
  const fields: string[] = []
  const columns: string[] = []
  const params: unknown[] = []
  const record: Record<string, unknown> = {}
  for (const key of Object.keys(data)) {
    const value = data[key]
    if (value === undefined) continue
    const column = model.columns.get(key)
    if (column === undefined) {
      throw new ObjectQLError('INVALID_FIELD', `object '${model.name}' has no field '${key}'`, {
        details: { object: model.name, field: key },
      })
    }
    const encoded = encodeWrite(value, column, dialect)
    fields.push(key)
    columns.push(column.column)
    params.push(encoded.param)
    record[key] = encoded.value
  }
  return { fields, columns, params, record }
}

/** A record built from a result row; NULL columns are left out (null and missing are equal). */
export function decodeRow(
  row: SqlRow,
  columns: readonly ColumnModel[],
  dialect: SqlDialect,
): DataRecord {
  const record: Record<string, unknown> = {}
  for (const column of columns) {
    const value = decodeValue(row[column.column], column, dialect)
    if (value !== undefined) record[column.name] = value
  }
  return record as DataRecord
}

/** Checks an id used to address a record: ids are strings (DRV-ID-001). */
export function checkId(id: unknown): string {
  if (typeof id !== 'string') {
    throw new ObjectQLError('INVALID_REQUEST', `ids are strings, got ${typeof id}`)
  }
  return id
}

/** Checks the id of a new record: a string the id column of every dialect can index. */
export function checkNewId(value: unknown): string {
  const id = checkId(value)
  if (id.length > MAX_ID_LENGTH) {
    throw new ObjectQLError(
      'LIMIT_EXCEEDED',
      `ids are at most ${MAX_ID_LENGTH} characters (the longest key every SQL dialect indexes), got ${id.length}`,
      { details: { limit: MAX_ID_LENGTH, length: id.length } },
    )
  }
  return id
}

/** Every column of a model, in select-list order. */
export function allColumns(model: ObjectModel): ColumnModel[] {
  return model.columnNames.map((name) => model.columns.get(name) as ColumnModel)
}
