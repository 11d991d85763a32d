import { tableMap } from './mongo-field-map.js'
import { compileMongoFilter, compileMongoSort } from './mongo-query-compiler.js'
import type { MongoFieldInfo, MongoFieldMap } from './mongo-field-map.js'
import type { AggregationNode, QueryAST } from '../../kernel/spec/query-ast.js'
import type { Document } from 'mongodb'

/** A pipeline output column: its name inside the pipeline and its key in the returned rows. */
export interface AggregateColumn {
  readonly internal: string
  readonly name: string
}

/**
 * How an aggregation runs (DRV-AGG-002..005, 007):
 * - `grouped`: entirely in MongoDB: `$match` (where), `$group` (by the `groupBy` values, null and
 *   missing as one group), `$project` (final values), `$match` (having), `$sort` (orderBy, then
 *   the group values, as the spec orders groups), `$skip`, `$limit`;
 * - `global`: no `groupBy`: the same pipeline up to `$project` gives at most one row. MongoDB
 *   gives NO row over no records where the spec wants one (count 0, the rest null), so `having`
 *   and paging of that single row run in JavaScript ({@link MongoAggregatePlan.rowDates});
 * - `in-memory`: a group or aggregated field may hold arrays or mixed types (kind `multi` or
 *   `loose`), where MongoDB's grouping, ordering, deduplication (key order matters in documents)
 *   or arithmetic (non-numbers ignored) differ from the spec: MongoDB filters and projects, the
 *   kernel's engine aggregates the matching records. `count` of records or of non-null values
 *   is exact on every kind and never forces this mode.
 * Pipeline column names are internal (`g0`, `a0`), so aliases never need MongoDB-safe spelling.
 */
export type MongoAggregatePlan =
  | {
      readonly mode: 'grouped' | 'global'
      readonly pipeline: Document[]
      readonly columns: readonly AggregateColumn[]
      /** Aliases holding dates (`min`/`max` of a date field), for the in-JS `having`. */
      readonly rowDates: ReadonlySet<string>
    }
  | { readonly mode: 'in-memory'; readonly pipeline: Document[] }

/**
 * Compiles an aggregation. Expects a query already validated by the kernel's engine
 * (`aggregateRecords` over no records), which raises the spec's error codes for bad input.
 *
 * @throws ObjectQLError `INVALID_FILTER`/`INVALID_FIELD` from the `where` and `having` filters.
 */
export function compileMongoAggregate(query: QueryAST, fields: MongoFieldMap): MongoAggregatePlan {
  const groupBy = query.groupBy ?? []
  const aggregations = query.aggregations ?? []
  const match = compileMongoFilter(query.where, fields)
  const head: Document[] = Object.keys(match).length === 0 ? [] : [{ $match: match }]
  const groupInfos = groupBy.map((field) => fields.info(field))
  const exact =
    groupInfos.every((info) => info.kind === 'scalar') &&
    aggregations.every((node) =>
      exactInMongo(node, node.field === undefined ? undefined : fields.info(node.field)),
    )
  if (!exact) {
    const needed = new Set([...groupBy, ...aggregations.flatMap((node) => node.field ?? [])])
    const projection = Object.fromEntries([...needed].map((field) => [fields.info(field).path, 1]))
    return { mode: 'in-memory', pipeline: [...head, { $project: { _id: 1, ...projection } }] }
  }

  const group: Document = {
    _id:
      groupBy.length === 0
        ? null
        : Object.fromEntries(
            groupInfos.map((info, i) => [`g${i}`, { $ifNull: [`$${info.path}`, null] }]),
          ),
  }
  const project: Document = { _id: 0 }
  const columns: AggregateColumn[] = []
  const rowInfos = new Map<string, MongoFieldInfo>()
  groupBy.forEach((field, i) => {
    project[`g${i}`] = `$_id.g${i}`
    columns.push({ internal: `g${i}`, name: field })
    rowInfos.set(field, { path: `g${i}`, kind: 'scalar', isDate: groupInfos[i]?.isDate ?? false })
  })
  const rowDates = new Set<string>()
  aggregations.forEach((node, i) => {
    const name = `a${i}`
    const info = node.field === undefined ? undefined : fields.info(node.field)
    const { accumulators, final } = accumulate(node, info, name)
    Object.assign(group, accumulators)
    project[name] = final
    columns.push({ internal: name, name: node.alias })
    const keepsType = node.function === 'min' || node.function === 'max'
    const isDate = keepsType && info?.isDate === true
    if (isDate) rowDates.add(node.alias)
    rowInfos.set(node.alias, { path: name, kind: 'scalar', isDate })
  })
  const pipeline: Document[] = [...head, { $group: group }, { $project: project }]
  if (groupBy.length === 0) return { mode: 'global', pipeline, columns, rowDates }

  const rows = tableMap(rowInfos)
  if (query.having !== undefined) {
    const having = compileMongoFilter(query.having, rows)
    if (Object.keys(having).length > 0) pipeline.push({ $match: having })
  }
  const sort = Object.fromEntries(compileMongoSort(query.orderBy, rows).sort)
  groupBy.forEach((_, i) => {
    if (!(`g${i}` in sort)) sort[`g${i}`] = 1
  })
  pipeline.push({ $sort: sort })
  if (query.offset !== undefined && query.offset > 0) pipeline.push({ $skip: query.offset })
  if (query.limit !== undefined) pipeline.push({ $limit: query.limit })
  return { mode: 'grouped', pipeline, columns, rowDates }
}

/** True when MongoDB computes this aggregation exactly as the spec does. */
function exactInMongo(node: AggregationNode, info: MongoFieldInfo | undefined): boolean {
  if (info === undefined || info.kind === 'scalar') return true
  return node.function === 'count' && node.distinct !== true
}

/**
 * `1` for a non-null value, `0` for null or missing. Tested by `$type` (`'missing'`/`'null'`)
 * rather than `$eq` with null, which MongoDB evaluates differently for missing fields.
 */
function nonNull(path: string): Document {
  return { $cond: [{ $in: [{ $type: `$${path}` }, ['missing', 'null']] }, 0, 1] }
}

function accumulate(
  node: AggregationNode,
  info: MongoFieldInfo | undefined,
  name: string,
): { accumulators: Document; final: unknown } {
  const ref = `$${name}`
  if (info === undefined) return { accumulators: { [name]: { $sum: 1 } }, final: ref }
  const path = `$${info.path}`
  if (node.distinct === true || node.function === 'count_distinct') {
    const set = { $filter: { input: ref, cond: { $ne: ['$$this', null] } } }
    const finals: Record<AggregationNode['function'], unknown> = {
      count: { $size: set },
      count_distinct: { $size: set },
      sum: { $cond: [{ $eq: [{ $size: set }, 0] }, null, { $sum: set }] },
      avg: { $avg: set },
      min: { $min: set },
      max: { $max: set },
    }
    return { accumulators: { [name]: { $addToSet: path } }, final: finals[node.function] }
  }
  switch (node.function) {
    case 'count':
      return { accumulators: { [name]: { $sum: nonNull(info.path) } }, final: ref }
    case 'sum':
      // `$sum` of no values is 0; the spec wants null (DRV-AGG-003), so values are counted too.
      return {
        accumulators: { [name]: { $sum: path }, [`${name}n`]: { $sum: nonNull(info.path) } },
        final: { $cond: [{ $eq: [`$${name}n`, 0] }, null, ref] },
      }
    case 'avg':
      return { accumulators: { [name]: { $avg: path } }, final: ref }
    case 'min':
      return { accumulators: { [name]: { $min: path } }, final: ref }
    case 'max':
      return { accumulators: { [name]: { $max: path } }, final: ref }
  }
}
