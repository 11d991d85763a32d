import { ObjectQLError } from '../errors.js'
import type { QueryAST } from '../spec/query-ast.js'
import type { ExecutionContext } from './execution-context.js'
import { isThenable } from './thenable-check.js'

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

/** An operation's own fields of its {@link OperationContext} (all but `object` and `context`). */
export type OperationFields = Omit<OperationContext, 'object' | 'context' | 'result'>

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

const NO_MIDDLEWARE: readonly MiddlewareEntry[] = Object.freeze([])

/** Middleware in registration order; the first registered is the outermost layer. */
export class MiddlewareRegistry {
  #entries: MiddlewareEntry[] = []
  // The layers of each object, filtered once and dropped on every change (changes are rare,
  // operations are not). Each list is a fresh array, never mutated afterwards.
  readonly #chains = new Map<string, readonly MiddlewareEntry[]>()

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
    this.#chains.clear()
    return () => {
      this.#entries = this.#entries.filter((e) => e !== entry)
      this.#chains.clear()
    }
  }

  /** Removes the middleware owned by `packageName`; returns how many. */
  unregisterPackage(packageName: string): number {
    const before = this.#entries.length
    this.#entries = this.#entries.filter((e) => e.package !== packageName)
    this.#chains.clear()
    return before - this.#entries.length
  }

  /**
   * Runs `core` inside the middleware that apply to `object`. Without any, `core` runs directly
   * and no operation context is built: an operation pays for middleware only when it has some.
   * `core` may throw synchronously then (the caller turns that into a rejection).
   */
  around<T>(
    object: string,
    context: ExecutionContext,
    fields: OperationFields,
    core: () => Promise<T>,
  ): Promise<T> {
    const chain = this.#chainFor(object)
    if (chain.length === 0) return core()
    return runLayer(chain, 0, operationContext(object, context, fields), core) as Promise<T>
  }

  /**
   * Runs the middleware that apply to `opCtx.object` around `core` and returns the final result.
   * A middleware that neither calls `next()` nor provides a result fails with `INTERNAL_ERROR`
   * (an operation never silently returns `undefined`); so does calling `next()` twice.
   */
  run(opCtx: OperationContext, core: () => Promise<unknown>): Promise<unknown> {
    // The chain is never mutated, so a registration during a run does not affect this run.
    return runLayer(this.#chainFor(opCtx.object), 0, opCtx, core)
  }

  #chainFor(object: string): readonly MiddlewareEntry[] {
    if (this.#entries.length === 0) return NO_MIDDLEWARE
    let chain = this.#chains.get(object)
    if (chain === undefined) {
      chain = this.#entries.filter((e) => e.object === undefined || e.object === object)
      this.#chains.set(object, chain)
    }
    return chain
  }
}

// What middleware sees: written out key by key rather than spread from `fields`, whose shape
// varies by operation (a spread over many shapes takes V8's slow generic path, which cost more
// than a whole middleware layer). Absent keys stay absent, as a spread would leave them.
function operationContext(
  object: string,
  context: ExecutionContext,
  fields: OperationFields,
): OperationContext {
  const opCtx: { -readonly [K in keyof OperationContext]: OperationContext[K] } = {
    object,
    operation: fields.operation,
    context,
  }
  if (fields.query !== undefined) opCtx.query = fields.query
  if (fields.id !== undefined) opCtx.id = fields.id
  if (fields.field !== undefined) opCtx.field = fields.field
  if ('data' in fields) opCtx.data = fields.data
  return opCtx
}

/**
 * Runs layer `index` of `chain` (the core once past the last layer). Written with `then` rather
 * than `async`/`await`: each layer is one more promise per operation, and this form costs about
 * a third less per layer. Behaviour is the same: a layer that throws rejects, a thenable it
 * returns is awaited, anything else is its result at once.
 */
function runLayer(
  chain: readonly MiddlewareEntry[],
  index: number,
  opCtx: OperationContext,
  core: () => Promise<unknown>,
): Promise<unknown> {
  const entry = chain[index]
  if (entry === undefined) return runCore(opCtx, core)
  const layer = new Layer(opCtx)
  let returned: unknown
  try {
    returned = entry.fn(opCtx, () => {
      if (layer.nextCalled) {
        return Promise.reject(
          new ObjectQLError('INTERNAL_ERROR', 'middleware called next() more than once', {
            details: { object: opCtx.object, operation: opCtx.operation },
          }),
        )
      }
      layer.nextCalled = true
      return runLayer(chain, index + 1, opCtx, core)
    })
  } catch (error) {
    return rejectWith(error)
  }
  if (isThenable(returned)) return Promise.resolve(returned).then((value) => layer.finish(value))
  try {
    return Promise.resolve(layer.finish(returned))
  } catch (error) {
    return rejectWith(error)
  }
}

function runCore(opCtx: OperationContext, core: () => Promise<unknown>): Promise<unknown> {
  try {
    return core().then((result) => (opCtx.result = result))
  } catch (error) {
    return rejectWith(error)
  }
}

/** One layer's run: whether it called `next()`, and how its returned value ends the layer. */
class Layer {
  nextCalled = false

  constructor(readonly opCtx: OperationContext) {}

  // A returned value other than `undefined` replaces the result; a layer that neither called
  // next() nor gave a result fails (an operation never silently returns `undefined`).
  finish(returned: unknown): unknown {
    const { opCtx } = this
    if (returned !== undefined) opCtx.result = returned
    if (!this.nextCalled && opCtx.result === undefined) {
      throw new ObjectQLError(
        'INTERNAL_ERROR',
        `middleware ended ${opCtx.operation} on '${opCtx.object}' without calling next() or giving a result`,
        { details: { object: opCtx.object, operation: opCtx.operation } },
      )
    }
    return opCtx.result
  }
}

// A failure passed on unchanged as a rejection (the pipeline codes it): `Promise.reject` is kept
// for Errors, and a layer may throw anything.
async function rejectWith(error: unknown): Promise<never> {
  throw error
}
