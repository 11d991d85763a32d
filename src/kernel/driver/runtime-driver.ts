import { ObjectQLError, isObjectQLError } from '../errors.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../spec/object-config.js'
import type { FilterCondition, QueryAST } from '../spec/query-ast.js'
import type { DriverCapabilities } from './driver-capabilities.js'
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
} from './driver.js'

/** Where a {@link RuntimeDriver} is in its life. */
export type RuntimeDriverState = 'idle' | 'connecting' | 'connected' | 'disconnected'

/**
 * The kernel's wrapper around any {@link Driver}, so a driver author writes only the simple case
 * and the invariants hold anyway:
 * - `connect()` runs the driver's connect once; concurrent calls share one promise; a failed
 *   connect leaves the wrapper idle so it can be retried (a connect failure that is not coded
 *   becomes `DRIVER_UNAVAILABLE`);
 * - any use before `connect()` or after `disconnect()` fails with `DRIVER_NOT_CONNECTED`
 *   without reaching the driver;
 * - every error the driver throws that is not an {@link ObjectQLError} becomes `DRIVER_ERROR`
 *   with the original as `cause`; coded errors pass through unchanged;
 * - results of the wrong shape (a `find` that returns no array, a negative count) are
 *   `DRIVER_ERROR`s instead of surprises further up; `delete` results are made boolean.
 */
export class RuntimeDriver implements Driver {
  readonly #driver: Driver
  #state: RuntimeDriverState = 'idle'
  #connecting: Promise<void> | undefined

  constructor(driver: Driver) {
    this.#driver = driver
  }

  /** The wrapped driver. */
  get driver(): Driver {
    return this.#driver
  }

  get name(): string {
    return this.#driver.name
  }

  get version(): string | undefined {
    return this.#driver.version
  }

  get capabilities(): DriverCapabilities {
    return this.#driver.capabilities
  }

  get state(): RuntimeDriverState {
    return this.#state
  }

  /** Connects once; safe to call concurrently and to retry after a failure. */
  connect(): Promise<void> {
    if (this.#state === 'connected') return Promise.resolve()
    if (this.#state === 'connecting' && this.#connecting !== undefined) return this.#connecting
    this.#state = 'connecting'
    // The state, not the promise, says whether a connect is pending: a driver whose connect
    // throws synchronously settles the attempt before it is even stored.
    this.#connecting = (async () => {
      try {
        await this.#driver.connect()
        this.#state = 'connected'
      } catch (error) {
        this.#state = 'idle'
        throw mapError(error, this.name, 'connect', 'DRIVER_UNAVAILABLE')
      }
    })()
    return this.#connecting
  }

  /** Disconnects (after a pending connect settles). A second call, or one before connect, is a no-op. */
  async disconnect(): Promise<void> {
    if (this.#state === 'connecting' && this.#connecting !== undefined) {
      await this.#connecting.catch(() => undefined)
    }
    if (this.#state !== 'connected') {
      if (this.#state === 'idle') this.#state = 'disconnected'
      return
    }
    // Marked first: whatever happens in the driver's disconnect, nothing may use it afterwards.
    this.#state = 'disconnected'
    await this.#call('disconnect', () => this.#driver.disconnect(), false)
  }

  /** False when not connected or when the driver's health check throws. */
  async checkHealth(): Promise<boolean> {
    if (this.#state !== 'connected') return false
    try {
      return (await this.#driver.checkHealth()) === true
    } catch {
      // The contract says checkHealth never throws; a driver that does is simply unhealthy.
      return false
    }
  }

  syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    return this.#call('syncSchema', () => this.#driver.syncSchema(objects))
  }

  introspectSchema(): Promise<IntrospectedSchema> {
    return this.#call('introspectSchema', () => this.#driver.introspectSchema())
  }

  // The reads are written out instead of going through #call: they are the hot path, and one
  // async layer with one await is measurably cheaper than #call's closure and nested awaits.

  async find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    this.#assertConnected('find')
    let rows: DataRecord[]
    try {
      rows = await this.#driver.find(object, query, options)
    } catch (error) {
      throw mapError(error, this.name, 'find', 'DRIVER_ERROR')
    }
    return expectArray(rows, this.name, 'find')
  }

  async findOne(
    object: string,
    id: string,
    query?: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord | null> {
    this.#assertConnected('findOne')
    try {
      // `undefined` is a common "not found" in hand-written drivers; the contract says null.
      return (await this.#driver.findOne(object, id, query, options)) ?? null
    } catch (error) {
      throw mapError(error, this.name, 'findOne', 'DRIVER_ERROR')
    }
  }

  async count(
    object: string,
    where: FilterCondition | undefined,
    options?: DriverOptions,
  ): Promise<number> {
    this.#assertConnected('count')
    let n: number
    try {
      n = await this.#driver.count(object, where, options)
    } catch (error) {
      throw mapError(error, this.name, 'count', 'DRIVER_ERROR')
    }
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new ObjectQLError('DRIVER_ERROR', `driver '${this.name}' count returned ${String(n)}`)
    }
    return n
  }

  create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord> {
    return this.#call('create', () => this.#driver.create(object, data, options))
  }

  update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ): Promise<DataRecord> {
    return this.#call('update', () => this.#driver.update(object, id, data, options))
  }

  async delete(object: string, id: string, options?: DriverOptions): Promise<boolean> {
    return Boolean(await this.#call('delete', () => this.#driver.delete(object, id, options)))
  }

  async bulkCreate(
    object: string,
    data: readonly RecordInput[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    const rows = await this.#call('bulkCreate', () =>
      this.#driver.bulkCreate(object, data, options),
    )
    return expectArray(rows, this.name, 'bulkCreate')
  }

  async bulkUpdate(
    object: string,
    updates: readonly BulkUpdate[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    const rows = await this.#call('bulkUpdate', () =>
      this.#driver.bulkUpdate(object, updates, options),
    )
    return expectArray(rows, this.name, 'bulkUpdate')
  }

  bulkDelete(object: string, ids: readonly string[], options?: DriverOptions): Promise<number> {
    return this.#call('bulkDelete', () => this.#driver.bulkDelete(object, ids, options))
  }

  async aggregate(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<Record<string, unknown>[]> {
    const rows = await this.#call('aggregate', () => this.#driver.aggregate(object, query, options))
    return expectArray(rows, this.name, 'aggregate')
  }

  async distinct(
    object: string,
    field: string,
    where?: FilterCondition,
    options?: DriverOptions,
  ): Promise<unknown[]> {
    const values = await this.#call('distinct', () =>
      this.#driver.distinct(object, field, where, options),
    )
    return expectArray(values, this.name, 'distinct')
  }

  beginTransaction(options?: TransactionOptions): Promise<TransactionHandle> {
    return this.#call('beginTransaction', () => this.#driver.beginTransaction(options))
  }

  commit(transaction: TransactionHandle): Promise<void> {
    return this.#call('commit', () => this.#driver.commit(transaction))
  }

  rollback(transaction: TransactionHandle): Promise<void> {
    return this.#call('rollback', () => this.#driver.rollback(transaction))
  }

  executeQuery(ast: QueryAST, options?: DriverOptions): Promise<QueryResult> {
    return this.#call('executeQuery', () => this.#driver.executeQuery(ast, options))
  }

  executeCommand(command: DriverCommand, options?: DriverOptions): Promise<CommandResult> {
    return this.#call('executeCommand', () => this.#driver.executeCommand(command, options))
  }

  async #call<T>(operation: string, run: () => Promise<T>, checkState = true): Promise<T> {
    if (checkState) this.#assertConnected(operation)
    try {
      return await run()
    } catch (error) {
      throw mapError(error, this.name, operation, 'DRIVER_ERROR')
    }
  }

  #assertConnected(operation: string): void {
    if (this.#state === 'connected') return
    const when = this.#state === 'disconnected' ? 'after disconnect()' : 'before connect()'
    throw new ObjectQLError(
      'DRIVER_NOT_CONNECTED',
      `driver '${this.name}' was used (${operation}) ${when}`,
      { details: { driver: this.name, operation, state: this.#state } },
    )
  }
}

function mapError(
  error: unknown,
  driver: string,
  operation: string,
  code: 'DRIVER_ERROR' | 'DRIVER_UNAVAILABLE',
): ObjectQLError {
  if (isObjectQLError(error)) return error
  const message = error instanceof Error ? error.message : String(error)
  return new ObjectQLError(code, `driver '${driver}' ${operation} failed: ${message}`, {
    cause: error,
    details: { driver, operation },
  })
}

function expectArray<T>(value: T[], driver: string, operation: string): T[] {
  if (!Array.isArray(value)) {
    throw new ObjectQLError(
      'DRIVER_ERROR',
      `driver '${driver}' ${operation} returned ${typeof value}, not an array`,
      { details: { driver, operation } },
    )
  }
  return value
}
