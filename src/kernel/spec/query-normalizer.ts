import { ObjectQLError } from '../errors.js'
import { deepFreeze } from './deep-freeze.js'
import { DEFAULT_MAX_EXPAND_DEPTH } from './expand-normalizer.js'
import { fieldSetOf, openFieldSet } from './field-set.js'
import { normalizeFilterInput } from './filter-normalizer.js'
import { describeValue } from './normalizer-errors.js'
import type { ObjectConfig } from './object-config.js'
import { normalizeQueryBody } from './query-body.js'
import type { FilterCondition, QueryAST } from './query-ast.js'

/** The kernel operation a query is normalized for (it decides which keys are allowed). */
export type QueryOperation = 'find' | 'findOne' | 'count' | 'aggregate' | 'distinct'

/** Every {@link QueryOperation}. */
export const QUERY_OPERATIONS: readonly QueryOperation[] = Object.freeze([
  'find',
  'findOne',
  'count',
  'aggregate',
  'distinct',
])

/** Optional knobs of {@link normalizeQuery}. */
export interface NormalizeQueryOptions {
  /**
   * Resolves the target object of an expanded relation, so sub-queries are checked against its
   * fields and can expand further. The kernel passes its metadata registry here. Without it,
   * expand sub-queries are checked for shape only and cannot nest.
   */
  readonly resolveObject?: (name: string) => ObjectConfig | undefined
  /** Deepest allowed expand nesting; defaults to 3 as upstream. */
  readonly maxExpandDepth?: number
}

/**
 * Normalizes any accepted query (upstream QueryAST v3, the v2 and v1 "UnifiedQuery" shapes and
 * the 3.x engine options) into one deeply frozen canonical {@link QueryAST}: the only form
 * drivers ever receive. See query-body.ts for the accepted keys and aliases, and
 * filter-normalizer.ts / legacy-filter-array.ts / sort-normalizer.ts for their values.
 *
 * Per operation:
 * - `find` / `findOne`: `orderBy` always ends with `id asc` unless `id` is already a key, so
 *   the order is total and pages partition the result;
 * - `count`: only the filter (and `search`) count; `orderBy`, `fields` and `expand` are checked
 *   but left out because they cannot change a count; paging, aggregation and `distinct` are
 *   rejected because they would;
 * - `aggregate`: `aggregations` / `groupBy` / `having`; `orderBy` sorts by group keys and aliases;
 * - `distinct`: like `find`, without the implied `id` key (values, not records, are returned).
 * Aggregation keys are rejected outside `aggregate`, never ignored.
 *
 * Normalizing a canonical AST again returns an equal AST.
 *
 * @param input - the caller's query; `undefined` / `null` mean `{}`.
 * @param object - the object queried; `object` in the result is its name.
 * @throws ObjectQLError `INVALID_QUERY`, `INVALID_FILTER`, `INVALID_FIELD`, `NOT_SUPPORTED`
 *   (`joins`, `windowFunctions`, `cursor`), `LIMIT_EXCEEDED` (expand depth) or
 *   `OBJECT_NOT_FOUND` (expand target), each with `details.path`.
 */
export function normalizeQuery(
  input: unknown,
  object: ObjectConfig,
  operation: QueryOperation = 'find',
  options: NormalizeQueryOptions = {},
): QueryAST {
  if (!QUERY_OPERATIONS.includes(operation)) {
    throw new ObjectQLError('INVALID_QUERY', `unknown query operation ${describeValue(operation)}`)
  }
  const maxDepth = options.maxExpandDepth ?? DEFAULT_MAX_EXPAND_DEPTH
  const nested = (
    sub: unknown,
    target: ObjectConfig | string,
    depth: number,
    path: string,
  ): QueryAST => {
    const fields = typeof target === 'string' ? openFieldSet(target) : fieldSetOf(target)
    return normalizeQueryBody(sub, fields, 'find', { depth, path, maxDepth, nested, options })
  }
  const ast = normalizeQueryBody(input, fieldSetOf(object), operation, {
    depth: 0,
    path: '',
    maxDepth,
    nested,
    options,
  })
  return deepFreeze(ast)
}

/**
 * Normalizes a filter alone (what `count(object, where)` and `distinct(object, field, where)`
 * take) into the frozen canonical form, or `undefined` for "no filter". Accepts every shape
 * `where` accepts in {@link normalizeQuery}.
 *
 * @throws ObjectQLError `INVALID_FILTER` or `INVALID_FIELD` with `details.path` under `where`.
 */
export function normalizeFilter(input: unknown, object: ObjectConfig): FilterCondition | undefined {
  const where = normalizeFilterInput(input, fieldSetOf(object), 'where')
  return where === undefined ? undefined : deepFreeze(where)
}
