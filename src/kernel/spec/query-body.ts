import { normalizeAggregations, resultFieldSet } from './aggregation-normalizer.js'
import { normalizeExpand } from './expand-normalizer.js'
import type { FieldSet } from './field-set.js'
import { normalizeFilterInput } from './filter-normalizer.js'
import { ObjectQLError } from '../errors.js'
import { childPath, describeValue, isPlainObject, queryError } from './normalizer-errors.js'
import type { ObjectConfig } from './object-config.js'
import { normalizeFieldList, normalizeProjection } from './projection-normalizer.js'
import type { QueryOperation, NormalizeQueryOptions } from './query-normalizer.js'
import type { QueryAST, SearchNode, SortNode } from './query-ast.js'
import { normalizeSort } from './sort-normalizer.js'

/** Where a query body sits and how to normalize the sub-queries of its `expand`. */
export interface BodyContext {
  readonly depth: number
  readonly path: string
  readonly maxDepth: number
  readonly options: NormalizeQueryOptions
  readonly nested: (
    input: unknown,
    target: ObjectConfig | string,
    depth: number,
    path: string,
  ) => QueryAST
}

/**
 * Canonical keys and the legacy names accepted for each (first name is canonical):
 * `where | filters | filter`, `orderBy | sort`, `limit | top`, `offset | skip`,
 * `fields | select`, `aggregations | aggregate`, `expand | populate`. Giving two names of one key
 * is an error (which should win is a guess). A key whose value is `undefined` or `null` is absent.
 */
export const QUERY_KEY_ALIASES = {
  object: ['object'],
  where: ['where', 'filters', 'filter'],
  orderBy: ['orderBy', 'sort'],
  limit: ['limit', 'top'],
  offset: ['offset', 'skip'],
  fields: ['fields', 'select'],
  aggregations: ['aggregations', 'aggregate'],
  groupBy: ['groupBy'],
  having: ['having'],
  distinct: ['distinct'],
  expand: ['expand', 'populate'],
  search: ['search'],
} as const satisfies Record<string, readonly string[]>

type CanonicalKey = keyof typeof QUERY_KEY_ALIASES

/** Spec QueryAST keys this toolkit does not implement; they fail loudly instead of being ignored. */
const UNSUPPORTED_KEYS: ReadonlySet<string> = new Set(['joins', 'windowFunctions', 'cursor'])

const KEY_OF: ReadonlyMap<string, CanonicalKey> = new Map(
  Object.entries(QUERY_KEY_ALIASES).flatMap(([key, names]) =>
    names.map((name) => [name, key as CanonicalKey] as const),
  ),
)

/** Keys each operation rejects (they would change its meaning) or leaves out (they cannot). */
const REJECTED: Readonly<Record<QueryOperation, readonly CanonicalKey[]>> = {
  find: ['aggregations', 'groupBy', 'having'],
  findOne: ['aggregations', 'groupBy', 'having'],
  distinct: ['aggregations', 'groupBy', 'having'],
  count: ['limit', 'offset', 'aggregations', 'groupBy', 'having', 'distinct'],
  aggregate: ['fields', 'distinct', 'expand'],
}
const LEFT_OUT: Readonly<Record<QueryOperation, readonly CanonicalKey[]>> = {
  find: [],
  findOne: [],
  distinct: [],
  count: ['orderBy', 'fields', 'expand'],
  aggregate: [],
}

/** Normalizes one query body (top level or an expand sub-query); the caller freezes it. */
export function normalizeQueryBody(
  input: unknown,
  fields: FieldSet,
  operation: QueryOperation,
  context: BodyContext,
): QueryAST {
  const raw = input ?? {}
  if (!isPlainObject(raw)) {
    throw queryError(`a query must be an object, got ${describeValue(raw)}`, { path: context.path })
  }
  const picked = pickKeys(raw, context.path)
  const at = (key: CanonicalKey): string => childPath(context.path, picked.get(key)?.name ?? key)
  const value = (key: CanonicalKey): unknown => picked.get(key)?.value
  for (const key of REJECTED[operation]) {
    if (picked.has(key)) {
      throw queryError(`'${picked.get(key)?.name ?? key}' is not allowed in a ${operation} query`, {
        path: at(key),
      })
    }
  }
  const objectName = value('object')
  if (objectName !== undefined && objectName !== fields.objectName) {
    throw queryError(
      `the query names object ${describeValue(objectName)} but runs on '${fields.objectName}'`,
      { path: at('object') },
    )
  }

  const where = normalizeFilterInput(value('where'), fields, at('where'))
  const projection = picked.has('fields')
    ? normalizeProjection(value('fields'), fields, at('fields'))
    : undefined
  const aggregations = picked.has('aggregations')
    ? normalizeAggregations(value('aggregations'), fields, at('aggregations'))
    : undefined
  const groupBy = picked.has('groupBy')
    ? normalizeFieldList(value('groupBy'), fields, at('groupBy'))
    : undefined
  if (operation === 'aggregate' && (aggregations?.length ?? 0) + (groupBy?.length ?? 0) === 0) {
    throw queryError('an aggregate query needs aggregations or groupBy', { path: context.path })
  }
  const resultFields =
    operation === 'aggregate'
      ? resultFieldSet(fields, groupBy ?? [], aggregations ?? [], at('aggregations'))
      : fields
  const having = normalizeFilterInput(value('having'), resultFields, at('having'))
  const orderBy = sortFor(operation, normalizeSort(value('orderBy'), resultFields, at('orderBy')))
  const limit = picked.has('limit') ? count(value('limit'), at('limit')) : undefined
  const offset = picked.has('offset') ? count(value('offset'), at('offset')) : undefined
  const distinct = picked.has('distinct') ? flag(value('distinct'), at('distinct')) : undefined
  const expand = picked.has('expand')
    ? normalizeExpand(
        value('expand'),
        {
          fields,
          depth: context.depth,
          maxDepth: context.maxDepth,
          resolveObject: context.options.resolveObject,
          normalizeNested: context.nested,
        },
        at('expand'),
      )
    : undefined
  const search = picked.has('search')
    ? normalizeSearch(value('search'), fields, at('search'))
    : undefined

  const leftOut = new Set<CanonicalKey>(LEFT_OUT[operation])
  const keep = <T>(key: CanonicalKey, v: T | undefined): T | undefined =>
    leftOut.has(key) ? undefined : v
  return compact({
    object: fields.objectName,
    fields: keep('fields', projection),
    where,
    orderBy: keep('orderBy', orderBy),
    limit,
    offset,
    aggregations: aggregations !== undefined && aggregations.length > 0 ? aggregations : undefined,
    groupBy: groupBy !== undefined && groupBy.length > 0 ? groupBy : undefined,
    having,
    distinct: distinct === true ? true : undefined,
    expand: keep('expand', expand),
    search,
  })
}

function pickKeys(
  raw: Record<string, unknown>,
  path: string,
): Map<CanonicalKey, { name: string; value: unknown }> {
  const picked = new Map<CanonicalKey, { name: string; value: unknown }>()
  for (const [name, value] of Object.entries(raw)) {
    if (UNSUPPORTED_KEYS.has(name)) {
      throw new ObjectQLError(
        'NOT_SUPPORTED',
        `${childPath(path, name)}: '${name}' is not supported`,
        {
          details: { path: childPath(path, name) },
        },
      )
    }
    const key = KEY_OF.get(name)
    if (key === undefined) {
      throw queryError(`unknown query key '${name}' (accepted: ${[...KEY_OF.keys()].join(', ')})`, {
        path: childPath(path, name),
      })
    }
    if (value === undefined || value === null) continue
    const earlier = picked.get(key)
    if (earlier !== undefined) {
      throw queryError(`'${earlier.name}' and '${name}' are the same key; give only one`, {
        path: childPath(path, name),
      })
    }
    picked.set(key, { name, value })
  }
  return picked
}

function sortFor(operation: QueryOperation, keys: SortNode[]): SortNode[] | undefined {
  if (operation === 'find' || operation === 'findOne') {
    return keys.some((key) => key.field === 'id') ? keys : [...keys, { field: 'id', order: 'asc' }]
  }
  return keys.length > 0 ? keys : undefined
}

function count(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw queryError(`expected a non-negative integer, got ${describeValue(value)}`, { path })
  }
  return value === 0 ? 0 : value
}

function flag(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') {
    throw queryError(`expected true or false, got ${describeValue(value)}`, { path })
  }
  return value
}

function normalizeSearch(value: unknown, fields: FieldSet, path: string): SearchNode {
  const body = typeof value === 'string' ? { query: value } : value
  if (!isPlainObject(body)) {
    throw queryError(`search takes a string or { query, fields? }, got ${describeValue(value)}`, {
      path,
    })
  }
  const extra = Object.keys(body).filter((key) => key !== 'query' && key !== 'fields')
  if (extra.length > 0) {
    throw queryError(`unsupported search option(s): ${extra.join(', ')}`, { path })
  }
  const query = body['query']
  if (typeof query !== 'string' || query.trim() === '') {
    throw queryError('search needs a non-empty query string', { path: childPath(path, 'query') })
  }
  const list =
    body['fields'] === undefined
      ? []
      : normalizeFieldList(body['fields'], fields, childPath(path, 'fields'))
  return list.length > 0 ? { query, fields: list } : { query }
}

function compact(ast: { [K in keyof QueryAST]: QueryAST[K] | undefined }): QueryAST {
  const result: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(ast)) if (v !== undefined) result[key] = v
  return result as unknown as QueryAST
}
