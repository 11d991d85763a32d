import type { BulkUpdate, DriverOptions } from '../../kernel/driver/driver.js'
import { ObjectQLError } from '../../kernel/errors.js'
import type { DataRecord, RecordInput } from '../../kernel/spec/object-config.js'
import type { SqlSession } from './sql-connection.js'
import type { SqlDialect } from './sql-dialect.js'
import type { ColumnModel, ObjectModel } from './sql-object-model.js'
import type { SqlQueryCompiler } from './sql-query-compiler.js'
import { allColumns, checkId, checkNewId, decodeRow, encodeRecord } from './sql-record-codec.js'
import type { EncodedRecord } from './sql-record-codec.js'
import type { SqlTransactionManager } from './sql-transactions.js'
import { textIn } from './sql-value-codec.js'
import type { SqlWriteCompiler } from './sql-write-compiler.js'

/** What the write operations need from the driver. */
export interface WriteContext {
  readonly dialect: SqlDialect
  readonly reads: SqlQueryCompiler
  readonly writes: SqlWriteCompiler
  readonly transactions: SqlTransactionManager
  /** The session of `options.transaction`, or the pool. */
  session(options: DriverOptions | undefined): SqlSession
  generateId(): string
}

/**
 * Runs one write so that its failure changes nothing and leaves the caller's transaction usable:
 * PostgreSQL aborts a whole transaction on any failed statement, so there a write inside a
 * transaction runs under a savepoint; elsewhere the statement alone is already atomic.
 */
function single<T>(
  ctx: WriteContext,
  options: DriverOptions | undefined,
  run: (session: SqlSession) => Promise<T>,
): Promise<T> {
  const handle = options?.transaction
  if (handle !== undefined && ctx.dialect.client === 'postgres') {
    return ctx.transactions.atomic(handle, run)
  }
  return run(ctx.session(options))
}

/** `create`: one INSERT; returns the stored values plus the id (DRV-WRITE-001). */
export async function createRecord(
  ctx: WriteContext,
  model: ObjectModel,
  data: RecordInput,
  options: DriverOptions | undefined,
): Promise<DataRecord> {
  const [record] = await bulkCreateRecords(ctx, model, [data], options)
  return record as DataRecord
}

/** `bulkCreate`: every record or none (DRV-BULK-001/002), returned in input order. */
export async function bulkCreateRecords(
  ctx: WriteContext,
  model: ObjectModel,
  data: readonly RecordInput[],
  options: DriverOptions | undefined,
): Promise<DataRecord[]> {
  if (!Array.isArray(data)) throw new ObjectQLError('INVALID_REQUEST', 'bulkCreate takes an array')
  // Everything is encoded (and can fail) before anything is written.
  const encoded = data.map((input) => encodeNew(ctx, model, input))
  if (encoded.length === 0) return []
  const fields = model.columnNames.filter((name) => encoded.some((e) => e.fields.includes(name)))
  const rows = encoded.map((e) => fields.map((name) => e.params[e.fields.indexOf(name)] ?? null))
  const names = fields.map((name) => (model.columns.get(name) as ColumnModel).column)
  const perStatement = ctx.writes.rowsPerStatement(names.length)
  const insert = async (session: SqlSession): Promise<void> => {
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement)
      const statement = ctx.writes.insert(model, names, chunk)
      await session.execute(statement.sql, statement.params)
    }
  }
  if (rows.length <= perStatement) await single(ctx, options, insert)
  else await ctx.transactions.atomic(options?.transaction, insert)
  return encoded.map((e) => e.record as DataRecord)
}

function encodeNew(ctx: WriteContext, model: ObjectModel, input: RecordInput): EncodedRecord {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ObjectQLError('INVALID_REQUEST', `a record of '${model.name}' must be an object`)
  }
  const given = input.id
  const id = given === undefined || given === null ? ctx.generateId() : checkNewId(given)
  return encodeRecord(model, { ...input, id }, ctx.dialect)
}

/** `update`: shallow merge, whole record back (DRV-WRITE-002); NOT_FOUND if missing. */
export async function updateRecord(
  ctx: WriteContext,
  model: ObjectModel,
  id: string,
  data: Record<string, unknown>,
  options: DriverOptions | undefined,
): Promise<DataRecord> {
  const change = encodeChange(ctx, model, id, data)
  return single(ctx, options, (session) => applyChange(ctx, model, id, change, session))
}

/** `bulkUpdate`: all or none; a missing id fails with NOT_FOUND and updates nothing. */
export async function bulkUpdateRecords(
  ctx: WriteContext,
  model: ObjectModel,
  updates: readonly BulkUpdate[],
  options: DriverOptions | undefined,
): Promise<DataRecord[]> {
  if (!Array.isArray(updates))
    throw new ObjectQLError('INVALID_REQUEST', 'bulkUpdate takes an array')
  const changes = updates.map((u) => {
    if (typeof u !== 'object' || u === null) {
      throw new ObjectQLError('INVALID_REQUEST', 'bulkUpdate entries are { id, data }')
    }
    return { id: checkId(u.id), change: encodeChange(ctx, model, u.id, u.data) }
  })
  if (changes.length === 0) return []
  return ctx.transactions.atomic(options?.transaction, async (session) => {
    const records: DataRecord[] = []
    for (const { id, change } of changes) {
      records.push(await applyChange(ctx, model, id, change, session))
    }
    return records
  })
}

function encodeChange(
  ctx: WriteContext,
  model: ObjectModel,
  id: string,
  data: Record<string, unknown>,
): EncodedRecord {
  checkId(id)
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ObjectQLError('INVALID_REQUEST', `update data for '${model.name}' must be an object`)
  }
  const { id: newId, ...rest } = data
  if (newId !== undefined && newId !== id) {
    throw new ObjectQLError('VALIDATION_FAILED', `the id of ${model.name}/${id} cannot change`, {
      details: { errors: [{ field: 'id', rule: 'readonly', message: 'ids never change' }] },
    })
  }
  return encodeRecord(model, rest, ctx.dialect)
}

async function applyChange(
  ctx: WriteContext,
  model: ObjectModel,
  id: string,
  change: EncodedRecord,
  session: SqlSession,
): Promise<DataRecord> {
  const columns = allColumns(model)
  if (change.columns.length > 0) {
    const statement = ctx.writes.update(model, change.columns, change.params, idParam(ctx, id))
    if (ctx.dialect.returning) {
      const [row] = await session.query(statement.sql, statement.params)
      if (row === undefined) throw notFound(model, id)
      return decodeRow(row, columns, ctx.dialect)
    }
    // Matched rows (mysql2 sets CLIENT_FOUND_ROWS), so an update to equal values still counts.
    if ((await session.execute(statement.sql, statement.params)) === 0) throw notFound(model, id)
  }
  const read = ctx.reads.select(model, {}, id)
  const [row] = await session.select(read.sql, read.params, read.names)
  if (row === undefined) throw notFound(model, id)
  return read.decode(row)
}

/** `delete`: true when the record existed (DRV-WRITE-004). */
export async function deleteRecord(
  ctx: WriteContext,
  model: ObjectModel,
  id: string,
  options: DriverOptions | undefined,
): Promise<boolean> {
  const statement = ctx.writes.deleteOne(model, idParam(ctx, checkId(id)))
  const affected = await single(ctx, options, (s) => s.execute(statement.sql, statement.params))
  return affected > 0
}

/** `bulkDelete`: deletes the records that exist; returns how many (DRV-BULK-004). */
export async function bulkDeleteRecords(
  ctx: WriteContext,
  model: ObjectModel,
  ids: readonly string[],
  options: DriverOptions | undefined,
): Promise<number> {
  if (!Array.isArray(ids)) throw new ObjectQLError('INVALID_REQUEST', 'bulkDelete takes an array')
  const unique = [...new Set(ids.map((id) => idParam(ctx, checkId(id))))]
  if (unique.length === 0) return 0
  const perStatement = Math.max(1, Math.floor(ctx.dialect.maxParams / 2))
  const remove = async (session: SqlSession): Promise<number> => {
    let deleted = 0
    for (let start = 0; start < unique.length; start += perStatement) {
      const statement = ctx.writes.deleteMany(model, unique.slice(start, start + perStatement))
      deleted += await session.execute(statement.sql, statement.params)
    }
    return deleted
  }
  if (unique.length <= perStatement) return single(ctx, options, remove)
  return ctx.transactions.atomic(options?.transaction, remove)
}

/** An id as bound in SQL (PostgreSQL's NUL code applies to ids too). */
function idParam(ctx: WriteContext, id: string): string {
  return textIn(ctx.dialect)(id)
}

function notFound(model: ObjectModel, id: string): ObjectQLError {
  return new ObjectQLError('NOT_FOUND', `${model.name}/${id} does not exist`, {
    details: { object: model.name, id },
  })
}
