import type { DriverOptions } from '../../kernel/driver/driver.js'
import { ObjectQLError } from '../../kernel/errors.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'
import type { SqlAggregateCompiler } from './sql-aggregate-compiler.js'
import type { SqlSession } from './sql-connection.js'
import type { SqlDialect } from './sql-dialect.js'
import type { ObjectModel } from './sql-object-model.js'
import type { SqlQueryCompiler } from './sql-query-compiler.js'
import { checkId } from './sql-record-codec.js'
import { decodeAggregateRow } from './sql-result-decoder.js'
import { compareSpec, sortRowsBySpec } from './sql-spec-order.js'
import { decodeValue } from './sql-value-codec.js'

/** What the read operations need from the driver. */
export interface ReadContext {
  readonly dialect: SqlDialect
  readonly reads: SqlQueryCompiler
  readonly aggregates: SqlAggregateCompiler
  /** The session of `options.transaction`, or the pool. */
  session(options: DriverOptions | undefined): SqlSession
}

/**
 * The read operations. Each takes its session first (so a closed driver or finished transaction
 * fails before anything else), compiles (so bad input fails before SQL exists), then runs one
 * statement and decodes the rows into fresh records.
 */
export async function findRecords(
  ctx: ReadContext,
  model: ObjectModel,
  query: QueryAST,
  options: DriverOptions | undefined,
): Promise<DataRecord[]> {
  const session = ctx.session(options)
  if (query.search !== undefined) {
    throw new ObjectQLError('NOT_SUPPORTED', 'the SQL driver has no full-text search')
  }
  const compiled = ctx.reads.select(model, query)
  if (query.limit === 0) return []
  const rows = await session.select(compiled.sql, compiled.params, compiled.names)
  const decode = compiled.decode
  return rows.map((row) => decode(row))
}

/** `findOne`: the id test ANDed with `query.where`, projected to `query.fields`. */
export async function findRecord(
  ctx: ReadContext,
  model: ObjectModel,
  id: string,
  query: QueryAST | undefined,
  options: DriverOptions | undefined,
): Promise<DataRecord | null> {
  const session = ctx.session(options)
  const shape = { fields: query?.fields, where: query?.where }
  const compiled = ctx.reads.select(model, shape, checkId(id))
  const [row] = await session.select(compiled.sql, compiled.params, compiled.names)
  return row === undefined ? null : compiled.decode(row)
}

/** `count(where)`. */
export async function countRecords(
  ctx: ReadContext,
  model: ObjectModel,
  where: FilterCondition | undefined,
  options: DriverOptions | undefined,
): Promise<number> {
  const session = ctx.session(options)
  const compiled = ctx.reads.count(model, where)
  const [row] = await session.query(compiled.sql, compiled.params)
  return Number(row?.['n'] ?? 0)
}

/** `aggregate`: groups and aggregations computed by the database. */
export async function aggregateRecords(
  ctx: ReadContext,
  model: ObjectModel,
  query: QueryAST,
  options: DriverOptions | undefined,
): Promise<Record<string, unknown>[]> {
  const session = ctx.session(options)
  const compiled = ctx.aggregates.compile(model, query)
  if (query.limit === 0) return []
  const rows = await session.query(compiled.sql, compiled.params)
  const records = rows.map((row) => decodeAggregateRow(row, compiled, ctx.dialect))
  const js = compiled.orderInJs
  if (js === undefined) return records
  const start = js.offset ?? 0
  const sorted = sortRowsBySpec(records, js.sorts)
  return sorted.slice(start, js.limit === undefined ? undefined : start + js.limit)
}

/** `distinct(field, where)`: non-null values once each, in spec order. */
export async function distinctValues(
  ctx: ReadContext,
  model: ObjectModel,
  field: string,
  where: FilterCondition | undefined,
  options: DriverOptions | undefined,
): Promise<unknown[]> {
  const session = ctx.session(options)
  const compiled = ctx.reads.distinct(model, field, where)
  const rows = await session.query(compiled.sql, compiled.params)
  const [column] = compiled.columns
  if (column === undefined) return []
  const values = rows.map((row) => decodeValue(row[column.column], column, ctx.dialect))
  return column.storage === 'json' ? values.sort(compareSpec) : values
}
