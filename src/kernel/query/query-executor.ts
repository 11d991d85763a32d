import { ObjectQLError } from '../errors.js'
import { compileFilter } from './filter-compiler.js'
import { checkCount } from './query-page.js'
import { assertKnownField } from './query-schema.js'
import { compileProjection } from './record-projector.js'
import { compileSort } from './record-sorter.js'
import { comparatorFor, isNullish, valueKey } from './value-compare.js'
import { deepCopy } from './value-copy.js'
import type { QuerySchema } from './query-schema.js'
import type { DataRecord } from '../spec/object-config.js'
import type { FilterCondition, QueryAST } from '../spec/query-ast.js'

/**
 * Runs a canonical `find` query over records held in JavaScript, so a driver that only stores
 * records (Redis, files, Excel, localStorage) can delegate all query semantics here: filter
 * (compiled once per shape), sort in spec order, `offset`/`limit`, project to `fields`, and
 * return deep copies (DRV-WRITE-005: callers never hold references into storage).
 *
 * Aggregation keys belong to `aggregate` (see record-aggregator.ts); given here they fail with
 * `INVALID_QUERY` rather than being ignored, and `search` fails with `NOT_SUPPORTED` because no
 * full-text index exists in memory. `expand` is the kernel's job and is ignored.
 *
 * @param schema - when given, names outside it fail with `INVALID_FIELD`, and date fields
 * compare chronologically.
 * @throws ObjectQLError `INVALID_FILTER`, `INVALID_FIELD`, `INVALID_QUERY`, `NOT_SUPPORTED`.
 */
export function executeQuery(
  records: Iterable<Readonly<DataRecord>>,
  query: QueryAST,
  schema?: QuerySchema,
): DataRecord[] {
  if (
    query.aggregations !== undefined ||
    query.groupBy !== undefined ||
    query.having !== undefined
  ) {
    throw new ObjectQLError(
      'INVALID_QUERY',
      'aggregations, groupBy and having belong to aggregate()',
    )
  }
  if (query.search !== undefined) {
    throw new ObjectQLError('NOT_SUPPORTED', 'full-text search is not supported in memory')
  }
  // Compile everything before touching a record, so a bad query fails the same on empty data.
  const matches = compileFilter(query.where, schema?.fields, schema)
  const comparator = compileSort(query.orderBy, schema)
  const project = compileProjection(query.fields, schema)
  const offset = checkCount(query.offset, 'offset') ?? 0
  const limit = checkCount(query.limit, 'limit')
  if (limit === 0) return []

  const selected: Readonly<DataRecord>[] = []
  for (const record of records) if (matches(record)) selected.push(record)
  if (comparator !== undefined) selected.sort(comparator)
  const end = limit === undefined ? selected.length : Math.min(selected.length, offset + limit)
  const page: DataRecord[] = []
  for (let i = offset; i < end; i++) page.push(project(selected[i] as Readonly<DataRecord>))
  return page
}

/**
 * How many records match `where` (DRV-AGG-001: always the length of the unpaged `find`).
 *
 * @throws ObjectQLError `INVALID_FILTER`, `INVALID_FIELD`.
 */
export function countRecords(
  records: Iterable<Readonly<DataRecord>>,
  where: FilterCondition | undefined,
  schema?: QuerySchema,
): number {
  const matches = compileFilter(where, schema?.fields, schema)
  let count = 0
  for (const record of records) if (matches(record)) count++
  return count
}

/**
 * Each non-null value of `field` among the records matching `where`, once (deep equality: a
 * multi-value field yields whole arrays), in spec order (DRV-AGG-006/007). Values are copies.
 *
 * @throws ObjectQLError `INVALID_FILTER`, `INVALID_FIELD`, `INVALID_QUERY`.
 */
export function distinctValues(
  records: Iterable<Readonly<DataRecord>>,
  field: string,
  where: FilterCondition | undefined,
  schema?: QuerySchema,
): unknown[] {
  assertKnownField(schema, field, 'distinct')
  const matches = compileFilter(where, schema?.fields, schema)
  const seen = new Map<string, unknown>()
  for (const record of records) {
    if (!matches(record)) continue
    const value = Object.hasOwn(record, field) ? record[field] : undefined
    if (isNullish(value)) continue
    const key = valueKey(value)
    if (!seen.has(key)) seen.set(key, value)
  }
  const compare = comparatorFor(schema?.dateFields.has(field) ?? false)
  return [...seen.values()].sort(compare).map((value) => deepCopy(value))
}
