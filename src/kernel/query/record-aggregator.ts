import { ObjectQLError } from '../errors.js'
import { AGGREGATE_FUNCTIONS } from '../spec/query-ast.js'
import { compileFilter } from './filter-compiler.js'
import { pageRows } from './query-page.js'
import { assertKnownField } from './query-schema.js'
import { compileSort } from './record-sorter.js'
import { comparatorFor, isNullish, tupleKey, valueKey } from './value-compare.js'
import { deepCopy } from './value-copy.js'
import type { QuerySchema } from './query-schema.js'
import type { DataRecord } from '../spec/object-config.js'
import type { AggregateFunction, AggregationNode, QueryAST } from '../spec/query-ast.js'

/** One row of an aggregation: the `groupBy` values and one key per aggregation alias. */
export type AggregateRow = Record<string, unknown>

const FUNCTIONS: ReadonlySet<string> = new Set(AGGREGATE_FUNCTIONS)

/**
 * Evaluates `query.aggregations` over the records matching `query.where` (DRV-AGG-*):
 * - one row per distinct combination of `groupBy` values (deep value equality), null and missing
 *   forming their own group; without `groupBy`, exactly one row, even over no records;
 * - `count` without a field counts records, every other use ignores null values; over no values
 *   `count` and `count_distinct` are 0 and `sum avg min max` are null; `distinct: true`
 *   deduplicates values first; `sum`/`avg` take numbers only (`INVALID_QUERY` otherwise);
 *   `min`/`max` use spec order (chronological on date fields);
 * - `having` filters the rows by group fields and aliases (same operators as `where`);
 * - rows come in spec order of their group values, then `orderBy` (over group fields and
 *   aliases) re-sorts them stably, then `offset`/`limit` page them.
 *
 * @throws ObjectQLError `INVALID_QUERY` for a malformed aggregation, `INVALID_FIELD` for a field
 * outside `schema`, `INVALID_FILTER` for a bad `where`/`having`.
 */
export function aggregateRecords(
  records: Iterable<Readonly<DataRecord>>,
  query: QueryAST,
  schema?: QuerySchema,
): AggregateRow[] {
  const groupBy = checkGroupBy(query.groupBy, schema)
  const aggregations = checkAggregations(query.aggregations, groupBy, schema)
  if (groupBy.length === 0 && aggregations.length === 0) {
    throw new ObjectQLError('INVALID_QUERY', 'aggregate needs aggregations or groupBy')
  }
  const dateFields = schema?.dateFields ?? new Set<string>()
  const matches = compileFilter(query.where, schema?.fields, { dateFields })

  const groups = new Map<string, { values: unknown[]; records: Readonly<DataRecord>[] }>()
  if (groupBy.length === 0) groups.set(tupleKey([]), { values: [], records: [] })
  for (const record of records) {
    if (!matches(record)) continue
    const values = groupBy.map((field) => read(record, field) ?? null)
    const key = tupleKey(values)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, { values, records: [record] })
    else group.records.push(record)
  }

  const groupCompare = groupBy.map((field) => comparatorFor(dateFields.has(field)))
  const ordered = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < groupCompare.length; i++) {
      const order = (groupCompare[i] as (x: unknown, y: unknown) => number)(
        a.values[i],
        b.values[i],
      )
      if (order !== 0) return order
    }
    return 0
  })
  let rows = ordered.map(({ values, records: members }) => {
    const row: AggregateRow = {}
    groupBy.forEach((field, i) => (row[field] = deepCopy(values[i])))
    for (const node of aggregations) row[node.alias] = compute(node, members, dateFields)
    return row
  })

  const rowSchema = rowSchemaOf(groupBy, aggregations, dateFields)
  if (query.having !== undefined) {
    const having = compileFilter(query.having, rowSchema.fields, rowSchema)
    rows = rows.filter(having)
  }
  const comparator = compileSort(query.orderBy, rowSchema)
  if (comparator !== undefined) rows.sort(comparator)
  return pageRows(rows, query.offset, query.limit)
}

function compute(
  node: AggregationNode,
  members: readonly Readonly<DataRecord>[],
  dateFields: ReadonlySet<string>,
): unknown {
  const { field } = node
  if (field === undefined) return members.length // only `count` may omit the field
  let values: unknown[] = members
    .map((record) => read(record, field))
    .filter((value) => !isNullish(value))
  if (node.distinct === true || node.function === 'count_distinct') values = dedupe(values)
  switch (node.function) {
    case 'count':
    case 'count_distinct':
      return values.length
    case 'sum':
    case 'avg': {
      if (values.length === 0) return null
      let sum = 0
      for (const value of values) {
        if (typeof value !== 'number') {
          throw new ObjectQLError('INVALID_QUERY', `${node.function} of '${field}' needs numbers`, {
            details: { field, value: typeof value },
          })
        }
        sum += value
      }
      return node.function === 'sum' ? sum : sum / values.length
    }
    case 'min':
    case 'max': {
      if (values.length === 0) return null
      const compare = comparatorFor(dateFields.has(field))
      const sign = node.function === 'min' ? -1 : 1
      let best = values[0]
      for (const value of values) if (compare(value, best) * sign > 0) best = value
      return deepCopy(best)
    }
  }
}

function dedupe(values: readonly unknown[]): unknown[] {
  const seen = new Set<string>()
  return values.filter((value) => {
    const key = valueKey(value)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function checkGroupBy(groupBy: unknown, schema: QuerySchema | undefined): readonly string[] {
  if (groupBy === undefined) return []
  if (!Array.isArray(groupBy)) throw new ObjectQLError('INVALID_QUERY', 'groupBy must be an array')
  for (const field of groupBy as unknown[]) assertKnownField(schema, field, 'groupBy')
  if (new Set(groupBy).size !== groupBy.length) {
    throw new ObjectQLError('INVALID_QUERY', 'groupBy names a field twice')
  }
  return groupBy as readonly string[]
}

function checkAggregations(
  aggregations: unknown,
  groupBy: readonly string[],
  schema: QuerySchema | undefined,
): readonly AggregationNode[] {
  if (aggregations === undefined) return []
  if (!Array.isArray(aggregations)) {
    throw new ObjectQLError('INVALID_QUERY', 'aggregations must be an array')
  }
  const names = new Set(groupBy)
  return (aggregations as unknown[]).map((item) => {
    const node = (typeof item === 'object' && item !== null ? item : {}) as Partial<AggregationNode>
    const fn: unknown = node.function
    if (typeof fn !== 'string' || !FUNCTIONS.has(fn)) {
      throw new ObjectQLError('INVALID_QUERY', `unknown aggregate function '${String(fn)}'`)
    }
    if (typeof node.alias !== 'string' || node.alias === '' || names.has(node.alias)) {
      throw new ObjectQLError(
        'INVALID_QUERY',
        `aggregation alias '${String(node.alias)}' is missing or taken`,
      )
    }
    names.add(node.alias)
    if (node.field === undefined) {
      if (fn !== 'count') throw new ObjectQLError('INVALID_QUERY', `${fn} needs a field`)
    } else {
      assertKnownField(schema, node.field, 'aggregation')
      if (
        (fn === 'sum' || fn === 'avg') &&
        schema !== undefined &&
        !schema.numericFields.has(node.field)
      ) {
        throw new ObjectQLError(
          'INVALID_QUERY',
          `${fn} needs a numeric field, '${node.field}' is not`,
        )
      }
    }
    return { ...node, function: fn as AggregateFunction, alias: node.alias }
  })
}

/** Fields a `having` or `orderBy` of the grouped rows may name, and which hold dates. */
function rowSchemaOf(
  groupBy: readonly string[],
  aggregations: readonly AggregationNode[],
  dateFields: ReadonlySet<string>,
): QuerySchema {
  const rowDates = new Set(groupBy.filter((field) => dateFields.has(field)))
  for (const node of aggregations) {
    const keepsType = node.function === 'min' || node.function === 'max'
    if (keepsType && node.field !== undefined && dateFields.has(node.field))
      rowDates.add(node.alias)
  }
  const fields = new Set([...groupBy, ...aggregations.map((node) => node.alias)])
  return { fields, dateFields: rowDates, numericFields: new Set() }
}

function read(record: Readonly<Record<string, unknown>>, field: string): unknown {
  return Object.hasOwn(record, field) ? record[field] : undefined
}
