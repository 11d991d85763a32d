import { ObjectQLError } from '../errors.js'
import type { QueryAST } from '../spec/query-ast.js'
import type { ExecutionContext } from './execution-context.js'

/** Every operation the pipeline runs; `createMany` is one operation over many records. */
export type OperationName =
  | 'find'
  | 'findOne'
  | 'count'
  | 'aggregate'
  | 'distinct'
  | 'create'
  | 'createMany'
  | 'update'
  | 'delete'

/**
 * What middleware sees of an operation (upstream's `OperationContext`). `query` is the
 * normalized, frozen AST; `data` is the caller's input. `result` is set once `next()` resolves.
 */
export interface OperationContext {
  readonly object: string
  readonly operation: OperationName
  readonly query?: QueryAST
  readonly id?: string
  readonly field?: string
  readonly data?: unknown
  readonly context: ExecutionContext
  result?: unknown
}

/**
 * Onion middleware: runs around the rest of the pipeline (hooks, validation, driver).
 * - call `next()` at most once; it resolves to the inner result (also stored in `opCtx.result`);
 * - skip `next()` to short-circuit, giving a result by returning it or assigning `opCtx.result`;
 * - return a value other than `undefined` (or assign `opCtx.result`) to replace the result.
 */
export type Middleware = (opCtx: OperationContext, next: () => Promise<unknown>) => unknown

/** Options of `kernel.useMiddleware(...)`. */
export interface MiddlewareOptions {
  /** Only run for this object; all objects when omitted. */
  readonly object?: string
  /** The package that owns it; `unregisterPackage` removes it. */
  readonly package?: string
}

interface MiddlewareEntry {
  readonly fn: Middleware
  readonly object: string | undefined
  readonly package: string | undefined
}

/** Middleware in registration order; the first registered is the outermost layer. */
export class MiddlewareRegistry {
  #entries: MiddlewareEntry[] = []

  /** How many middleware are registered. */
  get size(): number {
    return this.#entries.length
  }

  /**
   * Adds a middleware.
   *
   * @returns a function that removes it (idempotent).
   * @throws ObjectQLError `CONFIG_INVALID` when `fn` is not a function.
   */
  use(fn: Middleware, options: MiddlewareOptions = {}): () => void {
    if (typeof fn !== 'function') {
      throw new ObjectQLError('CONFIG_INVALID', 'middleware must be a function')
    }
    const entry: MiddlewareEntry = { fn, object: options.object, package: options.package }
    this.#entries = [...this.#entries, entry]
    return () => {
      this.#entries = this.#entries.filter((e) => e !== entry)
    }
  }

  /** Removes the middleware owned by `packageName`; returns how many. */
  unregisterPackage(packageName: string): number {
    const before = this.#entries.length
    this.#entries = this.#entries.filter((e) => e.package !== packageName)
    return before - this.#entries.length
  }

  /**
   * Runs the middleware that apply to `opCtx.object` around `core` and returns the final result.
   * A middleware that neither calls `next()` nor provides a result fails with `INTERNAL_ERROR`
   * (an operation never silently returns `undefined`); so does calling `next()` twice.
   */
  async run(opCtx: OperationContext, core: () => Promise<unknown>): Promise<unknown> {
    // The array is replaced, never mutated, so a registration during a run does not affect it.
    const chain = this.#entries.filter((e) => e.object === undefined || e.object === opCtx.object)
    if (chain.length === 0) {
      opCtx.result = await core()
      return opCtx.result
    }
    const dispatch = async (index: number): Promise<unknown> => {
      const entry = chain[index]
      if (entry === undefined) {
        opCtx.result = await core()
        return opCtx.result
      }
      let called = false
      const next = (): Promise<unknown> => {
        if (called) {
          return Promise.reject(
            new ObjectQLError('INTERNAL_ERROR', 'middleware called next() more than once', {
              details: { object: opCtx.object, operation: opCtx.operation },
            }),
          )
        }
        called = true
        return dispatch(index + 1)
      }
      const returned = await entry.fn(opCtx, next)
      if (returned !== undefined) opCtx.result = returned
      if (!called && opCtx.result === undefined) {
        throw new ObjectQLError(
          'INTERNAL_ERROR',
          `middleware ended ${opCtx.operation} on '${opCtx.object}' without calling next() or giving a result`,
          { details: { object: opCtx.object, operation: opCtx.operation } },
        )
      }
      return opCtx.result
    }
    return dispatch(0)
  }
}
