import { ObjectQLError, hasErrorCode } from '../../kernel/errors.js'
import { distinctValues } from '../../kernel/query/query-executor.js'
import { assertKnownField } from '../../kernel/query/query-schema.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import { aggregateRecords } from '../../kernel/query/record-aggregator.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'
import type { RemoteHttpClient } from './remote-http-client.js'
import { collectionPath, encodeWhere, listQueryString } from './remote-query-encoder.js'
import type { ListParams } from './remote-query-encoder.js'

/**
 * Reads over `GET /api/data/:object`: one page, every page, counts, and the client-side
 * `aggregate`/`distinct` over the records the server's filter selected.
 */

/** What the readers need: the HTTP client and the page size, which a server may lower. */
export interface ListSource {
  readonly client: RemoteHttpClient
  pageSize: number
}

/** One list answer. */
export interface ListPage {
  readonly items: DataRecord[]
  readonly total: number | undefined
}

function shapeError(object: string, problem: string): ObjectQLError {
  return new ObjectQLError('DRIVER_ERROR', `GET ${collectionPath(object)}: ${problem}`, {
    details: { object },
  })
}

/** `value` as a record with a string id, else `DRIVER_ERROR` (the server broke the protocol). */
export function asRecord(value: unknown, object: string): DataRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw shapeError(object, 'the server returned a record that is not an object')
  }
  if (typeof (value as Record<string, unknown>)['id'] !== 'string') {
    throw shapeError(object, 'the server returned a record without a string id')
  }
  return value as DataRecord
}

/** One list request. */
export async function listPage(
  client: RemoteHttpClient,
  object: string,
  params: ListParams,
  schema: QuerySchema | undefined,
): Promise<ListPage> {
  const query = listQueryString(params, schema)
  const body = await client.request({ method: 'GET', path: collectionPath(object), query })
  const { items, meta } = (typeof body === 'object' && body !== null ? body : {}) as {
    items?: unknown
    meta?: { total?: unknown }
  }
  if (!Array.isArray(items)) throw shapeError(object, 'the answer has no items array')
  const total = meta?.total
  if (params.count === true && (typeof total !== 'number' || !Number.isSafeInteger(total))) {
    throw shapeError(object, 'the answer has no meta.total')
  }
  return {
    items: items.map((item) => asRecord(item, object)),
    total: typeof total === 'number' ? total : undefined,
  }
}

/** The smaller page size a `LIMIT_EXCEEDED` answer names, or undefined. */
function lowerPageSize(error: unknown, asked: number): number | undefined {
  if (!hasErrorCode(error, 'LIMIT_EXCEEDED') || error.details?.['limit'] !== 'maxPageSize') {
    return undefined
  }
  const max = error.details['max']
  return typeof max === 'number' && Number.isSafeInteger(max) && max >= 1 && max < asked
    ? max
    : undefined
}

/**
 * Every record of a query, page by page: `limit` records from `offset` (all when no limit).
 * Pages follow the server's total order (the kernel appends `id asc`), so consecutive offsets
 * partition the result; writes made by others between two pages can still shift it, as with
 * any offset paging over HTTP.
 */
export async function listAll(
  source: ListSource,
  object: string,
  params: Omit<ListParams, 'limit' | 'count'> & { readonly limit?: number | undefined },
  schema: QuerySchema | undefined,
): Promise<DataRecord[]> {
  const records: DataRecord[] = []
  let offset = params.offset ?? 0
  for (;;) {
    const left = params.limit === undefined ? Infinity : params.limit - records.length
    const want = Math.min(source.pageSize, left)
    let page: ListPage
    try {
      page = await listPage(source.client, object, { ...params, offset, limit: want }, schema)
    } catch (error) {
      const lower = lowerPageSize(error, want)
      if (lower === undefined) throw error
      source.pageSize = lower
      continue
    }
    records.push(...page.items)
    // `want` 0 is `limit: 0`: one request, so the server still judges the query.
    if (want === 0 || page.items.length < want || records.length === params.limit) return records
    offset += page.items.length
  }
}

/** How many records match `where` (the list route's `meta.total` with an empty page). */
export async function countRemote(
  client: RemoteHttpClient,
  object: string,
  where: FilterCondition | undefined,
  schema: QuerySchema | undefined,
): Promise<number> {
  const page = await listPage(client, object, { where, limit: 0, count: true }, schema)
  return page.total ?? 0
}

/**
 * `aggregate` over the records matching `query.where` on the server, computed here with the
 * kernel's aggregator (DRV-AGG-*): only the grouped and aggregated fields are transferred. The
 * aggregation is checked before any request, so a bad one fails the same on any data.
 */
export async function aggregateRemote(
  source: ListSource,
  object: string,
  query: QueryAST,
  schema: QuerySchema | undefined,
): Promise<Record<string, unknown>[]> {
  const local: QueryAST = { ...query, where: undefined }
  aggregateRecords([], local, schema)
  encodeWhere(query.where, schema)
  const fields = new Set<string>(query.groupBy ?? [])
  for (const node of query.aggregations ?? []) if (node.field !== undefined) fields.add(node.field)
  const records = await listAll(source, object, { where: query.where, fields: [...fields] }, schema)
  return aggregateRecords(records, local, schema)
}

/** `distinct` over the records matching `where` on the server, in spec order (DRV-AGG-006). */
export async function distinctRemote(
  source: ListSource,
  object: string,
  field: string,
  where: FilterCondition | undefined,
  schema: QuerySchema | undefined,
): Promise<unknown[]> {
  assertKnownField(schema, field, 'distinct')
  const records = await listAll(source, object, { where, fields: [field] }, schema)
  return distinctValues(records, field, undefined, schema)
}
