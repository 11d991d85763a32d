import { ObjectQLError } from '../errors.js'
import { DEFAULT_MAX_EXPAND_DEPTH } from '../spec/expand-normalizer.js'
import { isPlainObject } from '../spec/normalizer-errors.js'
import type { ObjectConfig } from '../spec/object-config.js'
import type { QueryAST } from '../spec/query-ast.js'
import { QUERY_KEY_ALIASES } from '../spec/query-body.js'
import { normalizeQuery } from '../spec/query-normalizer.js'
import type { NormalizeQueryOptions, QueryOperation } from '../spec/query-normalizer.js'
import { assertExpandUnpaged, withExpandedFields } from './expand.js'

// Keys that make a `count` argument a query rather than a raw filter.
const QUERY_KEYS: ReadonlySet<string> = new Set(Object.values(QUERY_KEY_ALIASES).flat())

/**
 * The query of `count(object, whereOrQuery)`: the argument itself when it is a query (`{ where }`,
 * `{ filters }`...), `{ where: argument }` when it is a filter, and "no query" (`undefined`, which
 * the read door serves from its cache) when there is no argument.
 */
export function countQuery(whereOrQuery: unknown): unknown {
  if (whereOrQuery === undefined || whereOrQuery === null) return undefined
  const isQuery =
    isPlainObject(whereOrQuery) && Object.keys(whereOrQuery).some((key) => QUERY_KEYS.has(key))
  return isQuery ? whereOrQuery : { where: whereOrQuery }
}

/** The canonical ASTs of "no query" (`undefined` / `null`), per operation, of one object. */
type BareQueries = Partial<Record<QueryOperation, QueryAST>>

/**
 * The read door: turns a caller's (or a before hook's) query into the frozen canonical AST an
 * operation runs, with the pipeline's own checks on top of the normalizer's (`findOne` takes no
 * paging, expand sub-queries are unpaged, expanded fields join a projection).
 *
 * "No query" is the most common read (`findOne(object, id)`, `find(object)`), and its AST is
 * the same on every call for one object and operation: it is normalized once and the frozen AST
 * is shared afterwards. Sharing is safe because the AST is deeply frozen (nobody can edit it)
 * and hooks only ever get a mutable copy of it. It is keyed by the object's metadata (so a
 * re-registered object starts afresh) and checked against the object's name on every hit.
 */
export class ReadNormalizer {
  // One options object per expand depth instead of a new one (and a new closure) per call.
  readonly #options: readonly NormalizeQueryOptions[]
  readonly #bare = new WeakMap<ObjectConfig, BareQueries>()

  constructor(resolveObject: (name: string) => ObjectConfig | undefined) {
    this.#options = Array.from({ length: DEFAULT_MAX_EXPAND_DEPTH + 1 }, (_, depth) =>
      Object.freeze({ resolveObject, maxExpandDepth: DEFAULT_MAX_EXPAND_DEPTH - depth }),
    )
  }

  /**
   * The canonical AST of `query` for `op` on `object`. `depth` is the expand level of a nested
   * find: the remaining depth budget shrinks with it.
   *
   * @throws ObjectQLError what `normalizeQuery` throws, and `INVALID_QUERY` for paging in a
   *   `findOne` or an expand sub-query.
   */
  normalize(query: unknown, object: ObjectConfig, op: QueryOperation, depth: number): QueryAST {
    if ((query === undefined || query === null) && depth === 0) return this.#bareQuery(object, op)
    return this.#normalize(query, object, op, depth)
  }

  #bareQuery(object: ObjectConfig, op: QueryOperation): QueryAST {
    let queries = this.#bare.get(object)
    const cached = queries?.[op]
    if (cached !== undefined && cached.object === object.name) return cached
    const ast = this.#normalize(undefined, object, op, 0)
    if (queries === undefined) {
      queries = {}
      this.#bare.set(object, queries)
    }
    queries[op] = ast
    return ast
  }

  #normalize(query: unknown, object: ObjectConfig, op: QueryOperation, depth: number): QueryAST {
    const options = this.#options[depth] ?? {
      resolveObject: this.#options[0]?.resolveObject,
      maxExpandDepth: DEFAULT_MAX_EXPAND_DEPTH - depth,
    }
    const ast = normalizeQuery(query, object, op, options)
    if (op === 'findOne' && (ast.limit !== undefined || ast.offset !== undefined)) {
      throw new ObjectQLError(
        'INVALID_QUERY',
        `findOne '${object.name}': limit/offset do not apply`,
        {
          details: { path: ast.limit === undefined ? 'offset' : 'limit' },
        },
      )
    }
    assertExpandUnpaged(ast)
    return withExpandedFields(ast)
  }
}
