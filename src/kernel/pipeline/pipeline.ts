import type { TransactionHandle } from '../driver/driver.js'
import { ObjectQLError, toObjectQLError } from '../errors.js'
import type { KernelEvents } from '../events/kernel-events.js'
import { fieldSetOf } from '../spec/field-set.js'
import { isPlainObject } from '../spec/normalizer-errors.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../spec/object-config.js'
import type { QueryAST } from '../spec/query-ast.js'
import type { QueryOperation } from '../spec/query-normalizer.js'
import { createManyCore } from './create-many.js'
import type { DataApi, TransactionRunOptions } from './data-api.js'
import type { ExecutionContext } from './execution-context.js'
import { bindDataApi } from './bound-api.js'
import { assertRecordId, cloneRecordInput } from './hook-phase.js'
import type { OperationFields } from './middleware.js'
import type { BoundDriver, DataEventName, PipelineHost, PipelineRuntime } from './pipeline-host.js'
import { aggregateCore, countCore, distinctCore, findCore, findOneCore } from './read-operations.js'
import type { ReadCall } from './read-operations.js'
import { ReadNormalizer, countQuery } from './read-normalizer.js'
import { TransactionScopes } from './transaction.js'
import { createCore, deleteCore, updateCore } from './write-operations.js'

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
  readonly #reads: ReadNormalizer
  // The api of a caller with neither user nor transaction is the same for every operation, so
  // it is built once (frozen) instead of per hooked operation; see api().
  #anonymousApi: DataApi | undefined

  constructor(readonly host: PipelineHost) {
    this.#reads = new ReadNormalizer((ref) => host.findObject(ref))
  }

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
      const call = this.#read(object, query, 'find', context, depth)
      return this.#dispatch(name, context, { operation: 'find', query: call.ast }, () =>
        findCore(call),
      )
    })
  }

  findOne(
    name: string,
    id: string,
    query?: unknown,
    ctx?: ExecutionContext,
  ): Promise<DataRecord | null> {
    return this.#run(name, ctx, (object, context) => {
      assertRecordId(id, 'findOne', name)
      const call = this.#read(object, query, 'findOne', context, 0)
      return this.#dispatch(name, context, { operation: 'findOne', id, query: call.ast }, () =>
        findOneCore(call, id),
      )
    })
  }

  count(name: string, whereOrQuery?: unknown, ctx?: ExecutionContext): Promise<number> {
    return this.#run(name, ctx, (object, context) => {
      const call = this.#read(object, countQuery(whereOrQuery), 'count', context, 0)
      return this.#dispatch(name, context, { operation: 'count', query: call.ast }, () =>
        countCore(call),
      )
    })
  }

  aggregate(
    name: string,
    query: unknown,
    ctx?: ExecutionContext,
  ): Promise<Record<string, unknown>[]> {
    return this.#run(name, ctx, (object, context) => {
      const call = this.#read(object, query, 'aggregate', context, 0)
      return this.#dispatch(name, context, { operation: 'aggregate', query: call.ast }, () =>
        aggregateCore(call),
      )
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
      const query = where === undefined || where === null ? undefined : { where }
      const call = this.#read(object, query, 'distinct', context, 0)
      return this.#dispatch(name, context, { operation: 'distinct', field, query: call.ast }, () =>
        distinctCore(call, field),
      )
    })
  }

  create(name: string, data: RecordInput, ctx?: ExecutionContext): Promise<DataRecord> {
    return this.#run(name, ctx, (object, context) => {
      const copy = cloneRecordInput(data, `create '${name}'`)
      return this.#dispatch(name, context, { operation: 'create', data }, () =>
        createCore(this, object, copy, context),
      )
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
      return this.#dispatch(name, context, { operation: 'createMany', data }, () =>
        createManyCore(this, object, copies, context),
      )
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
      assertRecordId(id, 'update', name)
      const copy = cloneRecordInput(data, `update '${name}/${id}'`)
      return this.#dispatch(name, context, { operation: 'update', id, data }, () =>
        updateCore(this, object, id, copy, context),
      )
    })
  }

  delete(name: string, id: string, ctx?: ExecutionContext): Promise<boolean> {
    return this.#run(name, ctx, (object, context) => {
      assertRecordId(id, 'delete', name)
      return this.#dispatch(name, context, { operation: 'delete', id }, () =>
        deleteCore(this, object, id, context),
      )
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

  /**
   * The data API bound to a caller: its user and transaction travel with every call. Without
   * either, every caller gets the same frozen instance: it holds nothing but this pipeline, and
   * building it (a dozen closures) for every hooked operation was a large part of its cost.
   */
  api(ctx: ExecutionContext): DataApi {
    if (ctx.user === undefined && ctx.transaction === undefined) {
      this.#anonymousApi ??= Object.freeze(this.#bindApi({}))
      return this.#anonymousApi
    }
    return this.#bindApi(ctx)
  }

  bind(object: ObjectConfig, ctx: ExecutionContext): BoundDriver {
    const driver = this.host.getDriver(object.datasource ?? 'default')
    return { driver, options: this.#scopes.options(object, ctx.transaction) }
  }

  normalizeRead(query: unknown, object: ObjectConfig, op: QueryOperation, depth: number): QueryAST {
    return this.#reads.normalize(query, object, op, depth)
  }

  async emit<K extends DataEventName>(
    ctx: ExecutionContext,
    event: K,
    payload: KernelEvents[K],
  ): Promise<void> {
    const emit = (): Promise<void> => this.host.emitDataEvent(event, payload)
    if (!this.#scopes.defer(ctx.transaction, emit)) await emit()
  }

  #bindApi(ctx: ExecutionContext): DataApi {
    return bindDataApi(this, ctx, (callback, options, joined) =>
      this.#transaction(callback, options, joined),
    )
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

  // The door: the kernel is running, `name` is a registered object, the caller's context is an
  // object; then `start` checks the operation's own input and starts it. Whatever fails here
  // rejects (coded), it never throws synchronously.
  #run<T>(
    name: string,
    ctx: ExecutionContext | undefined,
    start: (object: ObjectConfig, context: ExecutionContext) => Promise<T>,
  ): Promise<T> {
    try {
      this.host.assertDataReady()
      if (typeof name !== 'string' || name === '') {
        throw new ObjectQLError('OBJECT_NOT_FOUND', 'an object name is required', {
          details: { object: String(name) },
        })
      }
      const object = this.host.getObject(name)
      return start(object, checkContext(ctx))
    } catch (error) {
      return Promise.reject(toObjectQLError(error))
    }
  }

  // The door for reads: the canonical query (the same checks serve a query a hook edited).
  #read(
    object: ObjectConfig,
    query: unknown,
    op: QueryOperation,
    ctx: ExecutionContext,
    depth: number,
  ): ReadCall {
    return { rt: this, object, ast: this.#reads.normalize(query, object, op, depth), ctx, depth }
  }

  // Middleware (when any applies to the object) around the core. Everything a data call rejects
  // with is coded: an uncoded error (a middleware's plain Error, a bug) becomes INTERNAL_ERROR
  // with the original as cause. Without middleware no operation context is even built.
  #dispatch<T>(
    name: string,
    context: ExecutionContext,
    op: OperationFields,
    core: () => Promise<T>,
  ): Promise<T> {
    return this.host.middleware.around(name, context, op, core).then(undefined, rethrowCoded)
  }
}

function rethrowCoded(error: unknown): never {
  throw toObjectQLError(error)
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
