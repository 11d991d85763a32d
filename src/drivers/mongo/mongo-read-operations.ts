import { compileFilter } from '../../kernel/query/filter-compiler.js'
import { pageRows } from '../../kernel/query/query-page.js'
import { aggregateRecords } from '../../kernel/query/record-aggregator.js'
import { compileProjection } from '../../kernel/query/record-projector.js'
import { sortRecords } from '../../kernel/query/record-sorter.js'
import { countRecords, distinctValues, executeQuery } from '../../kernel/query/query-executor.js'
import { comparatorFor, isNullish, valueKey } from '../../kernel/query/value-compare.js'
import { compileMongoAggregate } from './mongo-aggregate-compiler.js'
import { decodeDocument } from './mongo-document-codec.js'
import {
  compileMongoFilter,
  compileMongoProjection,
  compileMongoSort,
} from './mongo-query-compiler.js'
import type { MongoFieldMap } from './mongo-field-map.js'
import type { MongoSort } from './mongo-query-compiler.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'
import type { Document } from 'mongodb'

/** Options of {@link MongoReadPort.find}, as MongoDB's `find` takes them. */
export interface MongoFindOptions {
  readonly sort?: MongoSort
  readonly skip?: number
  readonly limit?: number
  readonly projection?: Document
}

/**
 * The reads the driver needs from one collection. The driver implements it over a real
 * collection (and session); the translation tests implement it with mingo, so everything in
 * this file runs unchanged against both.
 */
export interface MongoReadPort {
  find(filter: Document, options: MongoFindOptions): Promise<Document[]>
  count(filter: Document): Promise<number>
  aggregate(pipeline: Document[]): Promise<Document[]>
}

/** What a read needs to know about the object. */
export interface ReadContext {
  /** The kernel engine's view of the object (undefined when schemaless). */
  readonly schema: QuerySchema | undefined
  readonly fields: MongoFieldMap
}

/**
 * Every read first runs through the kernel's engine over NO records: that validates the query
 * with exactly the codes the spec model raises (`INVALID_FILTER`, `INVALID_FIELD`,
 * `INVALID_QUERY`, `NOT_SUPPORTED` for search) before anything reaches MongoDB, and for
 * aggregations it also yields the spec's answer over an empty set.
 */

/** `find` (DRV-FLT, DRV-ORD, DRV-PAGE, DRV-PROJ): in MongoDB, sorting in JavaScript if needed. */
export async function mongoFind(
  port: MongoReadPort,
  query: QueryAST,
  context: ReadContext,
): Promise<DataRecord[]> {
  executeQuery([], query, context.schema)
  if (query.limit === 0) return [] // MongoDB reads `limit: 0` as "no limit"
  const filter = compileMongoFilter(query.where, context.fields)
  const { sort, inMemory } = compileMongoSort(query.orderBy, context.fields)
  if (inMemory) {
    const records = (await port.find(filter, {})).map(decodeDocument)
    const ordered = sortRecords(records, query.orderBy, context.schema)
    const project = compileProjection(query.fields, context.schema)
    return pageRows(ordered, query.offset, query.limit).map((record) => project(record))
  }
  const projection = compileMongoProjection(query.fields, context.fields)
  const documents = await port.find(filter, {
    ...(sort.length > 0 ? { sort } : {}),
    ...(query.offset !== undefined && query.offset > 0 ? { skip: query.offset } : {}),
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
    ...(projection === undefined ? {} : { projection }),
  })
  return documents.map(decodeDocument)
}

/** `findOne`: the record with this id if it also matches `query.where`, projected. */
export async function mongoFindOne(
  port: MongoReadPort,
  id: string,
  query: QueryAST | undefined,
  context: ReadContext,
): Promise<DataRecord | null> {
  const checked: QueryAST = {
    object: query?.object ?? '',
    where: query?.where,
    fields: query?.fields,
  }
  executeQuery([], checked, context.schema)
  const where = compileMongoFilter(query?.where, context.fields)
  const byId = { _id: { $eq: id } }
  const filter = Object.keys(where).length === 0 ? byId : { $and: [byId, where] }
  const projection = compileMongoProjection(query?.fields, context.fields)
  const [document] = await port.find(filter, {
    limit: 1,
    ...(projection === undefined ? {} : { projection }),
  })
  return document === undefined ? null : decodeDocument(document)
}

/** `count(where)` (DRV-AGG-001). */
export async function mongoCount(
  port: MongoReadPort,
  where: FilterCondition | undefined,
  context: ReadContext,
): Promise<number> {
  countRecords([], where, context.schema)
  return port.count(compileMongoFilter(where, context.fields))
}

/** `aggregate` (DRV-AGG-002..005, 007); see mongo-aggregate-compiler.ts for the plans. */
export async function mongoAggregate(
  port: MongoReadPort,
  query: QueryAST,
  context: ReadContext,
): Promise<Record<string, unknown>[]> {
  const overNothing = aggregateRecords([], query, context.schema)
  if (query.limit === 0) return []
  const plan = compileMongoAggregate(query, context.fields)
  const documents = await port.aggregate(plan.pipeline)
  if (plan.mode === 'in-memory') {
    const records = documents.map(decodeDocument)
    return aggregateRecords(records, { ...query, where: undefined }, context.schema)
  }
  const rows = documents.map((document) => {
    const row: Record<string, unknown> = {}
    for (const { internal, name } of plan.columns) row[name] = document[internal] ?? null
    return row
  })
  if (plan.mode === 'grouped') return rows
  // Global: MongoDB gives no row over no records; the engine's row over nothing is the answer.
  if (rows.length === 0) return overNothing
  const names = new Set(plan.columns.map((column) => column.name))
  const having = compileFilter(query.having, names, { dateFields: plan.rowDates })
  return pageRows(rows.filter(having), query.offset, query.limit)
}

/**
 * `distinct(field, where)` (DRV-AGG-006/007): MongoDB groups by the whole value (its own
 * `distinct` would unwind arrays into elements); deduplication by deep equality (key order of
 * json values does not matter) and the spec order are applied in JavaScript.
 */
export async function mongoDistinct(
  port: MongoReadPort,
  field: string,
  where: FilterCondition | undefined,
  context: ReadContext,
): Promise<unknown[]> {
  distinctValues([], field, where, context.schema)
  const filter = compileMongoFilter(where, context.fields)
  const path = context.fields.info(field).path
  const pipeline: Document[] = [
    ...(Object.keys(filter).length === 0 ? [] : [{ $match: filter }]),
    { $group: { _id: `$${path}` } },
  ]
  const seen = new Map<string, unknown>()
  for (const document of await port.aggregate(pipeline)) {
    const value = decodeDocument({ _id: '', value: document['_id'] })['value']
    if (!isNullish(value) && !seen.has(valueKey(value))) seen.set(valueKey(value), value)
  }
  const compare = comparatorFor(context.schema?.dateFields.has(field) ?? false)
  return [...seen.values()].sort(compare)
}
