import type { TransactionHandle } from '../driver/driver.js'
import { ObjectQLError, toObjectQLError } from '../errors.js'
import type { KernelEvents } from '../events/kernel-events.js'
import { DEFAULT_MAX_EXPAND_DEPTH } from '../spec/expand-normalizer.js'
import { fieldSetOf } from '../spec/field-set.js'
import { isPlainObject } from '../spec/normalizer-errors.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../spec/object-config.js'
import type { QueryAST } from '../spec/query-ast.js'
import { QUERY_KEY_ALIASES } from '../spec/query-body.js'
import { normalizeQuery } from '../spec/query-normalizer.js'
import type { QueryOperation } from '../spec/query-normalizer.js'
import { createManyCore } from './create-many.js'
import type { DataApi, TransactionRunOptions } from './data-api.js'
import type { ExecutionContext } from './execution-context.js'
import { assertExpandUnpaged, withExpandedFields } from './expand.js'
import { bindDataApi } from './bound-api.js'
import { assertRecordId, cloneRecordInput } from './hook-phase.js'
import type { OperationContext } from './middleware.js'
import type { BoundDriver, DataEventName, PipelineHost, PipelineRuntime } from './pipeline-host.js'
import { aggregateCore, countCore, distinctCore, findCore, findOneCore } from './read-operations.js'
import type { ReadCall } from './read-operations.js'
import { TransactionScopes } from './transaction.js'
import { createCore, deleteCore, updateCore } from './write-operations.js'

// Keys that make a `count` argument a query rather than a raw filter.
const QUERY_KEYS: ReadonlySet<string> = new Set(Object.values(QUERY_KEY_ALIASES).flat())

/**
 * The one operation pipeline. Every data call, from the kernel, a transaction, a hook's `api`
 * or an action, enters through one of these methods:
 *
 * normalize at the door (unknown object `OBJECT_NOT_FOUND`; the query/filter into the frozen
 * canonical AST; ids and record shapes checked) -> middleware (onion) -> before hooks ->
 * validation -> driver (a {@link RuntimeDriver}) -> after hooks -> data event.
 *
 * The first two steps are here; the rest is in read-operations.ts, write-operations.ts and
 * create-many.ts.
 */
export class Pipeline implements DataApi, PipelineRuntime {
  readonly #scopes = new TransactionScopes()

  constructor(readonly host: PipelineHost) {}

  find(object: string, query?: unknown, ctx?: ExecutionContext): Promise<DataRecord[]> {
    return this.findAtDepth(object, query, ctx, 0)
  }

  findAtDepth(
    name: string,
    query: unknown,
    ctx: ExecutionContext | undefined,
    depth: number,
  ): Promise<DataRecord[]> {
    return this.#run(name, ctx, (object, context) => {
      const ast = this.#normalizeRead(query, object, 'find', depth)
      const call = this.#read(object, ast, context, depth)
      return { op: { operation: 'find', query: ast }, core: () => findCore(call, depth) }
    })
  }

  findOne(
    name: string,
    id: string,
    query?: unknown,
    ctx?: ExecutionContext,
  ): Promise<DataRecord | null> {
    return this.#run(name, ctx, (object, context) => {
      assertRecordId(id, `findOne '${name}'`)
      const ast = this.#normalizeRead(query, object, 'findOne', 0)
      const call = this.#read(object, ast, context, 0)
      return { op: { operation: 'findOne', id, query: ast }, core: () => findOneCore(call, id) }
    })
  }

  count(name: string, whereOrQuery?: unknown, ctx?: ExecutionContext): Promise<number> {
    return this.#run(name, ctx, (object, context) => {
      const query = isQueryShape(whereOrQuery) ? whereOrQuery : { where: whereOrQuery }
      const ast = this.#normalizeRead(query, object, 'count', 0)
      const call = this.#read(object, ast, context, 0)
      return { op: { operation: 'count', query: ast }, core: () => countCore(call) }
    })
  }

  aggregate(
    name: string,
    query: unknown,
    ctx?: ExecutionContext,
  ): Promise<Record<string, unknown>[]> {
    return this.#run(name, ctx, (object, context) => {
      const ast = this.#normalizeRead(query, object, 'aggregate', 0)
      const call = this.#read(object, ast, context, 0)
      return { op: { operation: 'aggregate', query: ast }, core: () => aggregateCore(call) }
    })
  }

  distinct(
    name: string,
    field: string,
    where?: unknown,
    ctx?: ExecutionContext,
  ): Promise<unknown[]> {
    return this.#run(name, ctx, (object, context) => {
      if (typeof field !== 'string' || fieldSetOf(object).get(field) === undefined) {
        throw new ObjectQLError(
          'INVALID_FIELD',
          `object '${name}' has no field '${String(field)}'`,
          {
            details: { object: name, field: String(field), path: 'field' },
          },
        )
      }
      const ast = this.#normalizeRead({ where }, object, 'distinct', 0)
      const call = this.#read(object, ast, context, 0)
      return {
        op: { operation: 'distinct', field, query: ast },
        core: () => distinctCore(call, field),
      }
    })
  }

  create(name: string, data: RecordInput, ctx?: ExecutionContext): Promise<DataRecord> {
    return this.#run(name, ctx, (object, context) => {
      const copy = cloneRecordInput(data, `create '${name}'`)
      return {
        op: { operation: 'create', data },
        core: () => createCore(this, object, copy, context),
      }
    })
  }

  createMany(
    name: string,
    data: readonly RecordInput[],
    ctx?: ExecutionContext,
  ): Promise<DataRecord[]> {
    return this.#run(name, ctx, (object, context) => {
      if (!Array.isArray(data)) {
        throw new ObjectQLError(
          'VALIDATION_FAILED',
          `createMany '${name}': data must be an array`,
          {
            details: { errors: [{ field: '', rule: 'type', message: 'data must be an array' }] },
          },
        )
      }
      const copies = data.map((record, index) =>
        cloneRecordInput(record, `createMany '${name}' [${index}]`),
      )
      return {
        op: { operation: 'createMany', data },
        core: () => createManyCore(this, object, copies, context),
      }
    })
  }

  bulkCreate(
    name: string,
    data: readonly RecordInput[],
    ctx?: ExecutionContext,
  ): Promise<DataRecord[]> {
    return this.createMany(name, data, ctx)
  }

  update(
    name: string,
    id: string,
    data: Record<string, unknown>,
    ctx?: ExecutionContext,
  ): Promise<DataRecord> {
    return this.#run(name, ctx, (object, context) => {
      assertRecordId(id, `update '${name}'`)
      const copy = cloneRecordInput(data, `update '${name}/${id}'`)
      return {
        op: { operation: 'update', id, data },
        core: () => updateCore(this, object, id, copy, context),
      }
    })
  }

  delete(name: string, id: string, ctx?: ExecutionContext): Promise<boolean> {
    return this.#run(name, ctx, (object, context) => {
      assertRecordId(id, `delete '${name}'`)
      return { op: { operation: 'delete', id }, core: () => deleteCore(this, object, id, context) }
    })
  }

  /**
   * Runs `callback` in a transaction of one datasource (`default` unless given). Every call made
   * through `tx` takes part; touching an object of another datasource is `NOT_SUPPORTED`, using
   * `tx` after the callback settled is `TRANSACTION_FAILED`. Data events of its writes are
   * emitted after the commit and dropped on rollback. A `tx.transaction(...)` inside joins the
   * running transaction (no savepoints).
   */
  async transaction<T>(
    callback: (tx: DataApi) => Promise<T>,
    options: TransactionRunOptions = {},
  ): Promise<T> {
    return this.#transaction(callback, options, undefined)
  }

  /** The data API bound to a caller: its user and transaction travel with every call. */
  api(ctx: ExecutionContext): DataApi {
    return bindDataApi(this, ctx, (callback, options, joined) =>
      this.#transaction(callback, options, joined),
    )
  }

  bind(object: ObjectConfig, ctx: ExecutionContext): BoundDriver {
    const driver = this.host.getDriver(object.datasource ?? 'default')
    return { driver, options: this.#scopes.options(object, ctx.transaction) }
  }

  async emit<K extends DataEventName>(
    ctx: ExecutionContext,
    event: K,
    payload: KernelEvents[K],
  ): Promise<void> {
    const emit = (): Promise<void> => this.host.emitDataEvent(event, payload)
    if (!this.#scopes.defer(ctx.transaction, emit)) await emit()
  }

  async #transaction<T>(
    callback: (tx: DataApi) => Promise<T>,
    options: TransactionRunOptions,
    joined: TransactionHandle | undefined,
  ): Promise<T> {
    this.host.assertDataReady()
    if (typeof callback !== 'function') {
      throw new ObjectQLError('CONFIG_INVALID', 'transaction() needs a callback function')
    }
    const user = options.user === undefined ? {} : { user: options.user }
    if (this.#scopes.isOpen(joined)) return callback(this.api({ ...user, transaction: joined }))
    const datasource = options.datasource ?? 'default'
    return this.#scopes.run(this.host.getDriver(datasource), datasource, (handle) =>
      callback(this.api({ ...user, transaction: handle })),
    )
  }

  // Used at the door and again on a query a before hook edited, so both pass the same checks.
  // `depth` is the expand level of a nested find: the remaining depth budget shrinks with it.
  #normalizeRead(
    query: unknown,
    object: ObjectConfig,
    op: QueryOperation,
    depth: number,
  ): QueryAST {
    const ast = normalizeQuery(query, object, op, {
      resolveObject: (ref) => this.host.findObject(ref),
      maxExpandDepth: DEFAULT_MAX_EXPAND_DEPTH - depth,
    })
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

  #read(object: ObjectConfig, ast: QueryAST, ctx: ExecutionContext, depth: number): ReadCall {
    return {
      rt: this,
      object,
      ast,
      ctx,
      renormalize: (query, target, op) => this.#normalizeRead(query, target, op, depth),
    }
  }

  // The door (state, object, caller context), then `prepare` (normalize and check the input),
  // then middleware around the core. Everything a data call throws is coded: an uncoded error
  // (a middleware's plain Error, a bug) becomes INTERNAL_ERROR with the original as cause.
  async #run<T>(
    name: string,
    ctx: ExecutionContext | undefined,
    prepare: (object: ObjectConfig, ctx: ExecutionContext) => Prepared<T>,
  ): Promise<T> {
    try {
      this.host.assertDataReady()
      if (typeof name !== 'string' || name === '') {
        throw new ObjectQLError('OBJECT_NOT_FOUND', 'an object name is required', {
          details: { object: String(name) },
        })
      }
      const object = this.host.getObject(name)
      const context = checkContext(ctx)
      const { op, core } = prepare(object, context)
      return (await this.host.middleware.run({ ...op, object: name, context }, core)) as T
    } catch (error) {
      throw toObjectQLError(error)
    }
  }
}

/** What an operation hands to middleware: its context fields and the inner pipeline. */
interface Prepared<T> {
  readonly op: Omit<OperationContext, 'object' | 'context'>
  readonly core: () => Promise<T>
}

/** The caller's context: `undefined`/`null` mean none; anything but an object is refused. */
function checkContext(ctx: unknown): ExecutionContext {
  if (ctx === undefined || ctx === null) return {}
  if (!isPlainObject(ctx)) {
    throw new ObjectQLError('INVALID_REQUEST', 'the context argument must be an object', {
      details: { path: 'ctx' },
    })
  }
  return ctx
}

/** True when a `count` argument is a query (`{ where }`, `{ filters }`...) and not a filter. */
function isQueryShape(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && Object.keys(value).some((key) => QUERY_KEYS.has(key))
}
