import { ObjectQLError } from '../kernel/errors.js'
import type { ErrorCode } from '../kernel/errors.js'
import type { DriverCapabilities } from '../kernel/driver/driver-capabilities.js'
import type {
  BulkUpdate,
  CommandResult,
  Driver,
  DriverCommand,
  DriverOptions,
  IntrospectedSchema,
  QueryResult,
  TransactionHandle,
  TransactionOptions,
} from '../kernel/driver/driver.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../kernel/spec/query-ast.js'

/** A method of the {@link Driver} contract. */
export type DriverMethod = Exclude<keyof Driver, 'name' | 'version' | 'capabilities'>

/** Lifecycle methods; faults skip them unless a scope names them. */
export const LIFECYCLE_METHODS: readonly DriverMethod[] = [
  'connect',
  'disconnect',
  'checkHealth',
  'syncSchema',
  'introspectSchema',
]

/** Which calls a fault applies to. Default: every data method (not lifecycle), every object. */
export interface FaultScope {
  readonly methods?: readonly DriverMethod[]
  readonly object?: string
}

/** Options of {@link FaultyDriver.failOnCall}. */
export interface FailOnCallOptions extends FaultScope {
  /** How many consecutive matching calls fail, starting with the Nth (default 1). */
  readonly times?: number
  readonly message?: string
}

/** One call as the wrapper saw it. */
export interface DriverCall {
  /** 1-based position among all calls to this wrapper. */
  readonly seq: number
  readonly method: DriverMethod
  readonly object?: string
  /** `injected`: a fault of this wrapper; `failed`: the wrapped driver threw. */
  readonly outcome: 'ok' | 'failed' | 'injected'
  readonly error?: unknown
}

interface FailRule extends FaultScope {
  readonly n: number
  readonly times: number
  readonly code: ErrorCode
  readonly message: string | undefined
  seen: number
}

interface CountRule extends FaultScope {
  readonly n: number
  seen: number
}

interface LatencyRule extends FaultScope {
  readonly ms: number
}

/**
 * Wraps any {@link Driver} and injects faults, for testing how plugins and the kernel cope:
 * - `failOnCall(n, code)`: the Nth matching call (counted from when the rule is added) throws
 *   an `ObjectQLError` with `code` before reaching the wrapped driver, so nothing is written;
 * - `latency(ms)`: every matching call waits `ms` first;
 * - `disconnectAfter(n)`: after n more matching calls succeed, the connection is "lost": every
 *   call fails with `DRIVER_UNAVAILABLE` and `checkHealth()` is false until `reconnect()`.
 *   `disconnect()` still reaches the wrapped driver, so cleanup works after a loss.
 * Every call is recorded in {@link FaultyDriver.calls}.
 *
 * @example
 * const driver = new FaultyDriver(new MemoryDriver()).failOnCall(2, 'DRIVER_UNAVAILABLE', {
 *   methods: ['create'],
 * })
 */
export class FaultyDriver implements Driver {
  readonly name: string
  readonly version: string | undefined
  readonly capabilities: DriverCapabilities
  private readonly failures: FailRule[] = []
  private readonly drops: CountRule[] = []
  private readonly delays: LatencyRule[] = []
  private readonly log: DriverCall[] = []
  private lost = false

  constructor(readonly inner: Driver) {
    this.name = inner.name
    this.version = inner.version
    this.capabilities = inner.capabilities
  }

  /** Every call so far, in order. */
  get calls(): readonly DriverCall[] {
    return this.log
  }

  /** True after `disconnectAfter` has cut the connection (until `reconnect()`). */
  get disconnected(): boolean {
    return this.lost
  }

  /** How many calls were made, optionally only to `method` and/or on `object`. */
  callCount(method?: DriverMethod, object?: string): number {
    return this.log.filter(
      (call) =>
        (method === undefined || call.method === method) &&
        (object === undefined || call.object === object),
    ).length
  }

  /** Makes the Nth matching call from now (1-based) fail with `code` (default `DRIVER_ERROR`). */
  failOnCall(n: number, code: ErrorCode = 'DRIVER_ERROR', options: FailOnCallOptions = {}): this {
    const times = options.times ?? 1
    checkCount('failOnCall', n, 1)
    checkCount('failOnCall times', times, 1)
    this.failures.push({ ...scopeOf(options), n, times, code, message: options.message, seen: 0 })
    return this
  }

  /** Adds `ms` of latency to every matching call. */
  latency(ms: number, scope: FaultScope = {}): this {
    checkCount('latency', ms, 0)
    this.delays.push({ ...scopeOf(scope), ms })
    return this
  }

  /** Loses the connection after `n` more matching calls succeed (`0`: now). */
  disconnectAfter(n: number, scope: FaultScope = {}): this {
    checkCount('disconnectAfter', n, 0)
    if (n === 0) this.lost = true
    else this.drops.push({ ...scopeOf(scope), n, seen: 0 })
    return this
  }

  /** Ends a simulated connection loss. */
  reconnect(): this {
    this.lost = false
    return this
  }

  /** Removes every fault rule and ends a connection loss; the call log is kept. */
  reset(): this {
    this.failures.length = 0
    this.drops.length = 0
    this.delays.length = 0
    this.lost = false
    return this
  }

  connect(): Promise<void> {
    return this.run('connect', undefined, () => this.inner.connect())
  }
  disconnect(): Promise<void> {
    return this.run('disconnect', undefined, () => this.inner.disconnect())
  }
  async checkHealth(): Promise<boolean> {
    // The contract says checkHealth never throws, so a lost connection reads as unhealthy.
    if (this.lost) return this.record('checkHealth', undefined, 'ok', false)
    return this.run('checkHealth', undefined, () => this.inner.checkHealth())
  }
  syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    return this.run('syncSchema', undefined, () => this.inner.syncSchema(objects))
  }
  introspectSchema(): Promise<IntrospectedSchema> {
    return this.run('introspectSchema', undefined, () => this.inner.introspectSchema())
  }
  find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    return this.run('find', object, () => this.inner.find(object, query, options))
  }
  findOne(object: string, id: string, query?: QueryAST, options?: DriverOptions) {
    return this.run('findOne', object, () => this.inner.findOne(object, id, query, options))
  }
  count(object: string, where: FilterCondition | undefined, options?: DriverOptions) {
    return this.run('count', object, () => this.inner.count(object, where, options))
  }
  create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord> {
    return this.run('create', object, () => this.inner.create(object, data, options))
  }
  update(object: string, id: string, data: Record<string, unknown>, options?: DriverOptions) {
    return this.run('update', object, () => this.inner.update(object, id, data, options))
  }
  delete(object: string, id: string, options?: DriverOptions): Promise<boolean> {
    return this.run('delete', object, () => this.inner.delete(object, id, options))
  }
  bulkCreate(object: string, data: readonly RecordInput[], options?: DriverOptions) {
    return this.run('bulkCreate', object, () => this.inner.bulkCreate(object, data, options))
  }
  bulkUpdate(object: string, updates: readonly BulkUpdate[], options?: DriverOptions) {
    return this.run('bulkUpdate', object, () => this.inner.bulkUpdate(object, updates, options))
  }
  bulkDelete(object: string, ids: readonly string[], options?: DriverOptions) {
    return this.run('bulkDelete', object, () => this.inner.bulkDelete(object, ids, options))
  }
  aggregate(object: string, query: QueryAST, options?: DriverOptions) {
    return this.run('aggregate', object, () => this.inner.aggregate(object, query, options))
  }
  distinct(object: string, field: string, where?: FilterCondition, options?: DriverOptions) {
    return this.run('distinct', object, () => this.inner.distinct(object, field, where, options))
  }
  beginTransaction(options?: TransactionOptions): Promise<TransactionHandle> {
    return this.run('beginTransaction', undefined, () => this.inner.beginTransaction(options))
  }
  commit(transaction: TransactionHandle): Promise<void> {
    return this.run('commit', undefined, () => this.inner.commit(transaction))
  }
  rollback(transaction: TransactionHandle): Promise<void> {
    return this.run('rollback', undefined, () => this.inner.rollback(transaction))
  }
  executeQuery(ast: QueryAST, options?: DriverOptions): Promise<QueryResult> {
    return this.run('executeQuery', ast.object, () => this.inner.executeQuery(ast, options))
  }
  executeCommand(command: DriverCommand, options?: DriverOptions): Promise<CommandResult> {
    return this.run('executeCommand', command.object, () =>
      this.inner.executeCommand(command, options),
    )
  }

  private async run<T>(
    method: DriverMethod,
    object: string | undefined,
    invoke: () => Promise<T>,
  ): Promise<T> {
    const seq = this.log.length + 1
    if (this.lost && method !== 'disconnect') {
      const error = new ObjectQLError(
        'DRIVER_UNAVAILABLE',
        `injected fault: connection to '${this.name}' lost (disconnectAfter); ${method} refused`,
        { details: { injected: true, method, ...(object === undefined ? {} : { object }) } },
      )
      throw this.record(method, object, 'injected', error)
    }
    for (const rule of this.failures) {
      if (!matches(rule, method, object)) continue
      rule.seen++
      if (rule.seen >= rule.n && rule.seen < rule.n + rule.times) {
        const where = object === undefined ? method : `${method}(${object})`
        const error = new ObjectQLError(
          rule.code,
          rule.message ?? `injected fault: ${where} is matching call #${rule.seen} (call ${seq})`,
          { details: { injected: true, method, call: rule.seen, ...(object ? { object } : {}) } },
        )
        throw this.record(method, object, 'injected', error)
      }
    }
    const delay = this.delays.reduce((sum, r) => sum + (matches(r, method, object) ? r.ms : 0), 0)
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
    let result: T
    try {
      result = await invoke()
    } catch (error) {
      throw this.record(method, object, 'failed', error)
    }
    for (const rule of this.drops) {
      if (matches(rule, method, object) && ++rule.seen === rule.n) this.lost = true
    }
    return this.record(method, object, 'ok', result)
  }

  // Returns `value` so callers can `return`/`throw` the recorded thing in one expression.
  private record<V>(
    method: DriverMethod,
    object: string | undefined,
    outcome: DriverCall['outcome'],
    value: V,
  ): V {
    this.log.push({
      seq: this.log.length + 1,
      method,
      outcome,
      ...(object === undefined ? {} : { object }),
      ...(outcome === 'ok' ? {} : { error: value }),
    })
    return value
  }
}

function scopeOf(scope: FaultScope): FaultScope {
  return {
    ...(scope.methods === undefined ? {} : { methods: [...scope.methods] }),
    ...(scope.object === undefined ? {} : { object: scope.object }),
  }
}

function matches(scope: FaultScope, method: DriverMethod, object: string | undefined): boolean {
  const methodOk =
    scope.methods === undefined
      ? !LIFECYCLE_METHODS.includes(method)
      : scope.methods.includes(method)
  return methodOk && (scope.object === undefined || scope.object === object)
}

function checkCount(what: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new ObjectQLError('CONFIG_INVALID', `${what} needs an integer >= ${min}, got ${value}`)
  }
}
