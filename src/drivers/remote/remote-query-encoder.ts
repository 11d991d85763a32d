import { ObjectQLError } from '../../kernel/errors.js'
import { checkCount } from '../../kernel/query/query-page.js'
import { compileProjection } from '../../kernel/query/record-projector.js'
import { compileSort } from '../../kernel/query/record-sorter.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import { toFilterNode } from '../../kernel/spec/filter-node.js'
import type { FilterCondition, QueryAST, SortNode } from '../../kernel/spec/query-ast.js'

/**
 * Canonical QueryAST -> the REST protocol's list parameters (`filter`, `sort`, `fields`,
 * `limit`, `offset`, `count`).
 *
 * The canonical `where` travels as the `filter` parameter, JSON of exactly the object the driver
 * was given: nothing is rewritten, dropped or widened. It is checked here first, because the
 * server's kernel accepts more than the canonical form (`$between`, `$exists`, implicit
 * equality, legacy arrays): a driver handed a non-canonical filter must fail with
 * `INVALID_FILTER` (DRV-FLT-001/003), not have the server quietly accept it. With the object's
 * schema (after `syncSchema`) unknown fields fail here too (`INVALID_FIELD`); the server checks
 * them again against its own metadata.
 */

/** A list request's parameters before encoding. */
export interface ListParams {
  readonly where?: FilterCondition | undefined
  readonly orderBy?: readonly SortNode[] | undefined
  readonly fields?: readonly string[] | undefined
  readonly limit: number
  readonly offset?: number | undefined
  readonly count?: boolean
}

/**
 * The `filter` parameter for a canonical `where`: its JSON, or undefined when it matches
 * everything (`undefined` or `{}`).
 *
 * @throws ObjectQLError `INVALID_FILTER` for anything not canonical, `INVALID_FIELD` for a field
 *   outside `schema`.
 */
export function encodeWhere(
  where: FilterCondition | undefined,
  schema: QuerySchema | undefined,
): string | undefined {
  if (toFilterNode(where, schema?.fields) === undefined) return undefined
  return JSON.stringify(where)
}

/** `orderBy` as the `sort` parameter (`a,-b`), or undefined when there is none. */
export function encodeSort(
  orderBy: readonly SortNode[] | undefined,
  schema: QuerySchema | undefined,
): string | undefined {
  compileSort(orderBy, schema) // validates shape and fields: INVALID_QUERY / INVALID_FIELD
  if (orderBy === undefined || orderBy.length === 0) return undefined
  return orderBy.map((key) => (key.order === 'desc' ? `-${key.field}` : key.field)).join(',')
}

/** `fields` as the `fields` parameter (always with `id`), or undefined for whole records. */
export function encodeFields(
  fields: readonly string[] | undefined,
  schema: QuerySchema | undefined,
): string | undefined {
  compileProjection(fields, schema) // validates: INVALID_QUERY / INVALID_FIELD
  if (fields === undefined) return undefined
  return [...new Set(['id', ...fields])].join(',')
}

/**
 * Checks the parts of a `find` query the REST protocol cannot carry or that belong elsewhere,
 * and returns its validated `limit` and `offset`.
 *
 * @throws ObjectQLError `INVALID_QUERY` for aggregation keys or a bad `limit`/`offset`,
 *   `NOT_SUPPORTED` for `search` (the REST protocol has no full-text search).
 */
export function checkFindQuery(query: QueryAST): { limit?: number; offset: number } {
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
    throw new ObjectQLError('NOT_SUPPORTED', 'the REST protocol has no full-text search')
  }
  const limit = checkCount(query.limit, 'limit')
  const offset = checkCount(query.offset, 'offset') ?? 0
  return limit === undefined ? { offset } : { limit, offset }
}

/**
 * The query string of a list request. Values are percent-encoded with `encodeURIComponent`
 * (space as `%20`, `+` as `%2B`), so the server's form decoding gives back the exact text.
 */
export function listQueryString(params: ListParams, schema: QuerySchema | undefined): string {
  const pairs: Array<[string, string | undefined]> = [
    ['filter', encodeWhere(params.where, schema)],
    ['sort', encodeSort(params.orderBy, schema)],
    ['fields', encodeFields(params.fields, schema)],
    ['limit', String(params.limit)],
    [
      'offset',
      params.offset === undefined || params.offset === 0 ? undefined : String(params.offset),
    ],
    ['count', params.count === true ? 'true' : undefined],
  ]
  return pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&')
}

/** `encodeURIComponent`, or undefined for text it cannot encode (a lone UTF-16 surrogate). */
function encodeSegment(text: string): string | undefined {
  try {
    return encodeURIComponent(text)
  } catch {
    return undefined
  }
}

/** The path of an object's collection: `/api/data/<object>`. */
export function collectionPath(object: string): string {
  const segment = encodeSegment(object)
  if (segment === undefined || object === '') {
    throw new ObjectQLError(
      'INVALID_REQUEST',
      'an object name must be non-empty, well-formed text',
      {
        details: { object },
      },
    )
  }
  return `/api/data/${segment}`
}

/** Where one record is addressed: its item path, or its collection with `?id=`. */
export interface RecordTarget {
  readonly path: string
  readonly query?: string
}

/**
 * Where the record `id` is addressed: `/api/data/<object>/<id>`, or `/api/data/<object>?id=<id>`
 * for `''`, `.` and `..`, which no path segment can carry (WHATWG URL parsing, which every
 * fetch applies, removes `.` and `..` segments even percent-encoded as `%2E`; RFC 3986 treats
 * `%2E` as `.`). Undefined for an id with a lone UTF-16 surrogate: it is not Unicode text, and
 * no URL can carry it.
 */
export function recordTarget(object: string, id: string): RecordTarget | undefined {
  const segment = encodeSegment(id)
  if (segment === undefined) return undefined
  const collection = collectionPath(object)
  if (id === '' || id === '.' || id === '..') return { path: collection, query: `id=${segment}` }
  return { path: `${collection}/${segment}` }
}

/** The path of an object's metadata: `/api/metadata/objects/<object>`. */
export function metadataPath(object: string): string {
  return `/api/metadata/objects/${collectionPath(object).slice('/api/data/'.length)}`
}
