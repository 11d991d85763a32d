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
import { assertRecordId, cloneRecordInput } from './hook-phase.js'
import type { OperationContext } from './middleware.js'
import type { BoundDriver, DataEventName, PipelineHost, PipelineRuntime } from './pipeline-host.js'
import { aggregateCore, countCore, distinctCore, findCore, findOneCore } from './read-operations.js'
import type { ReadCall } from './read-operations.js'
import { inDriverTransaction } from './transaction.js'
import type { TransactionScope } from './transaction.js'
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
  readonly #scopes = new WeakMap<TransactionHandle, TransactionScope>()

  constructor(readonly host: PipelineHost) {}

  find(object: string, query?: unknown, ctx: ExecutionContext = {}): Promise<DataRecord[]> {
    return this.findAtDepth(object, query, ctx, 0)
  }

  async findAtDepth(
    name: string,
    query: unknown,
    ctx: ExecutionContext,
    depth: number,
  ): Promise<DataRecord[]> {
    const object = this.#door(name)
    const ast = this.#normalizeRead(query, object, 'find', depth)
    const call = this.#read(object, ast, ctx, depth)
    return this.#through({ object: name, operation: 'find', query: ast, context: ctx }, () =>
      findCore(call, depth),
    ) as Promise<DataRecord[]>
  }

  async findOne(
    name: string,
    id: string,
    query?: unknown,
    ctx: ExecutionContext = {},
  ): Promise<DataRecord | null> {
    const object = this.#door(name)
    assertRecordId(id, `findOne '${name}'`)
    const ast = this.#normalizeRead(query, object, 'findOne', 0)
    const call = this.#read(object, ast, ctx, 0)
    return this.#through({ object: name, operation: 'findOne', id, query: ast, context: ctx }, () =>
      findOneCore(call, id),
    ) as Promise<DataRecord | null>
  }

  async count(name: string, whereOrQuery?: unknown, ctx: ExecutionContext = {}): Promise<number> {
    const object = this.#door(name)
    const query = isQueryShape(whereOrQuery) ? whereOrQuery : { where: whereOrQuery }
    const ast = this.#normalizeRead(query, object, 'count', 0)
    const call = this.#read(object, ast, ctx, 0)
    return this.#through({ object: name, operation: 'count', query: ast, context: ctx }, () =>
      countCore(call),
    ) as Promise<number>
  }

  async aggregate(
    name: string,
    query: unknown,
    ctx: ExecutionContext = {},
  ): Promise<Record<string, unknown>[]> {
    const object = this.#door(name)
    const ast = this.#normalizeRead(query, object, 'aggregate', 0)
    const call = this.#read(object, ast, ctx, 0)
    return this.#through({ object: name, operation: 'aggregate', query: ast, context: ctx }, () =>
      aggregateCore(call),
    ) as Promise<Record<string, unknown>[]>
  }

  async distinct(
    name: string,
    field: string,
    where?: unknown,
    ctx: ExecutionContext = {},
  ): Promise<unknown[]> {
    const object = this.#door(name)
    if (typeof field !== 'string' || fieldSetOf(object).get(field) === undefined) {
      throw new ObjectQLError('INVALID_FIELD', `object '${name}' has no field '${String(field)}'`, {
        details: { object: name, field: String(field), path: 'field' },
      })
    }
    const ast = this.#normalizeRead({ where }, object, 'distinct', 0)
    const call = this.#read(object, ast, ctx, 0)
    return this.#through(
      { object: name, operation: 'distinct', field, query: ast, context: ctx },
      () => distinctCore(call, field),
    ) as Promise<unknown[]>
  }

  async create(name: string, data: RecordInput, ctx: ExecutionContext = {}): Promise<DataRecord> {
    const object = this.#door(name)
    const copy = cloneRecordInput(data, `create '${name}'`)
    return this.#through({ object: name, operation: 'create', data, context: ctx }, () =>
      createCore(this, object, copy, ctx),
    ) as Promise<DataRecord>
  }

  async createMany(
    name: string,
    data: readonly RecordInput[],
    ctx: ExecutionContext = {},
  ): Promise<DataRecord[]> {
    const object = this.#door(name)
    if (!Array.isArray(data)) {
      throw new ObjectQLError('VALIDATION_FAILED', `createMany '${name}': data must be an array`, {
        details: { errors: [{ field: '', rule: 'type', message: 'data must be an array' }] },
      })
    }
    const copies = data.map((record, index) =>
      cloneRecordInput(record, `createMany '${name}' [${index}]`),
    )
    return this.#through({ object: name, operation: 'createMany', data, context: ctx }, () =>
      createManyCore(this, object, copies, ctx),
    ) as Promise<DataRecord[]>
  }

  bulkCreate(
    name: string,
    data: readonly RecordInput[],
    ctx: ExecutionContext = {},
  ): Promise<DataRecord[]> {
    return this.createMany(name, data, ctx)
  }

  async update(
    name: string,
    id: string,
    data: Record<string, unknown>,
    ctx: ExecutionContext = {},
  ): Promise<DataRecord> {
    const object = this.#door(name)
    assertRecordId(id, `update '${name}'`)
    const copy = cloneRecordInput(data, `update '${name}/${id}'`)
    return this.#through({ object: name, operation: 'update', id, data, context: ctx }, () =>
      updateCore(this, object, id, copy, ctx),
    ) as Promise<DataRecord>
  }

  async delete(name: string, id: string, ctx: ExecutionContext = {}): Promise<boolean> {
    const object = this.#door(name)
    assertRecordId(id, `delete '${name}'`)
    return this.#through({ object: name, operation: 'delete', id, context: ctx }, () =>
      deleteCore(this, object, id, ctx),
    ) as Promise<boolean>
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
    const bound: ExecutionContext = {
      ...(ctx.user === undefined ? {} : { user: ctx.user }),
      ...(ctx.transaction === undefined ? {} : { transaction: ctx.transaction }),
    }
    const merge = (extra?: ExecutionContext): ExecutionContext =>
      extra === undefined ? bound : { ...bound, ...extra }
    return {
      find: (o, q, c) => this.find(o, q, merge(c)),
      findOne: (o, id, q, c) => this.findOne(o, id, q, merge(c)),
      count: (o, w, c) => this.count(o, w, merge(c)),
      aggregate: (o, q, c) => this.aggregate(o, q, merge(c)),
      distinct: (o, f, w, c) => this.distinct(o, f, w, merge(c)),
      create: (o, d, c) => this.create(o, d, merge(c)),
      createMany: (o, d, c) => this.createMany(o, d, merge(c)),
      bulkCreate: (o, d, c) => this.createMany(o, d, merge(c)),
      update: (o, id, d, c) => this.update(o, id, d, merge(c)),
      delete: (o, id, c) => this.delete(o, id, merge(c)),
      transaction: (cb, opts = {}) =>
        this.#transaction(cb, { ...opts, user: opts.user ?? bound.user }, bound.transaction),
    }
  }

  bind(object: ObjectConfig, ctx: ExecutionContext): BoundDriver {
    const datasource = object.datasource ?? 'default'
    const driver = this.host.getDriver(datasource)
    const handle = ctx.transaction
    if (handle === undefined) return { driver, options: undefined }
    const scope = this.#scopes.get(handle)
    if (scope !== undefined && scope.state !== 'open') {
      throw new ObjectQLError(
        'TRANSACTION_FAILED',
        `the transaction was already ${scope.state}; start a new one`,
        { details: { datasource: scope.datasource } },
      )
    }
    if (scope !== undefined && scope.datasource !== datasource) {
      throw new ObjectQLError(
        'NOT_SUPPORTED',
        `object '${object.name}' is stored on datasource '${datasource}', but the transaction runs on '${scope.datasource}'`,
        { details: { object: object.name, datasource, transaction: scope.datasource } },
      )
    }
    return { driver, options: { transaction: handle } }
  }

  async emit<K extends DataEventName>(
    ctx: ExecutionContext,
    event: K,
    payload: KernelEvents[K],
  ): Promise<void> {
    const scope = ctx.transaction === undefined ? undefined : this.#scopes.get(ctx.transaction)
    if (scope?.state === 'open') {
      scope.pending.push(() => this.host.emitDataEvent(event, payload))
      return
    }
    await this.host.emitDataEvent(event, payload)
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
    if (joined !== undefined && this.#scopes.get(joined)?.state === 'open') {
      return callback(this.api({ ...user, transaction: joined }))
    }
    const datasource = options.datasource ?? 'default'
    const driver = this.host.getDriver(datasource)
    let scope: TransactionScope | undefined
    const result = await inDriverTransaction(
      driver,
      datasource,
      (handle) => {
        scope = { datasource, handle, pending: [], state: 'open' }
        this.#scopes.set(handle, scope)
        return callback(this.api({ ...user, transaction: handle }))
      },
      (committed) => {
        if (scope !== undefined) scope.state = committed ? 'committed' : 'rolled back'
      },
    )
    for (const emit of scope?.pending ?? []) await emit()
    return result
  }

  #door(name: string): ObjectConfig {
    this.host.assertDataReady()
    if (typeof name !== 'string' || name === '') {
      throw new ObjectQLError('OBJECT_NOT_FOUND', `an object name is required`, {
        details: { object: String(name) },
      })
    }
    return this.host.getObject(name)
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

  // Everything a data call throws is coded: an uncoded error (a middleware's plain Error, a bug)
  // becomes INTERNAL_ERROR with the original as cause.
  async #through(opCtx: OperationContext, core: () => Promise<unknown>): Promise<unknown> {
    try {
      return await this.host.middleware.run(opCtx, core)
    } catch (error) {
      throw toObjectQLError(error)
    }
  }
}

/** True when a `count` argument is a query (`{ where }`, `{ filters }`...) and not a filter. */
function isQueryShape(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && Object.keys(value).some((key) => QUERY_KEYS.has(key))
}
