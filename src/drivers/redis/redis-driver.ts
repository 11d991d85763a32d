import { DriverBase } from '../../kernel/driver/driver-base.js'
import { ObjectQLError, isObjectQLError } from '../../kernel/errors.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import { RedisConnection } from './redis-connection.js'
import { REDIS_CAPABILITIES } from './redis-driver-capabilities.js'
import { resolveRedisConfig } from './redis-driver-config.js'
import { mapRedisError } from './redis-error-map.js'
import { RedisKeyspace } from './redis-keys.js'
import { indexedFieldsOf } from './redis-query-planner.js'
import { RedisReader } from './redis-record-reader.js'
import { RedisStore } from './redis-store.js'
import { TransactionRegistry } from './redis-transaction.js'
import { RedisWriter, requireArray } from './redis-writer.js'
import type { RedisDriverConfig, ResolvedRedisDriverConfig } from './redis-driver-config.js'
import type { RedisTransaction } from './redis-transaction.js'
import type { WriteContext } from './redis-write-set.js'
import type {
  BulkUpdate,
  DriverOptions,
  TransactionHandle,
  TransactionOptions,
} from '../../kernel/driver/driver.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'

type State = 'idle' | 'connected' | 'disconnected'

/**
 * A driver that stores records in Redis (ioredis): one JSON string per record, a sorted set of
 * ids per object, and sorted-set indexes for numeric fields declared `index: true` (or first in
 * an `indexes` entry), all under `<keyPrefix>::` (layout: redis-keys.ts). Filters are planned
 * (id lookups, numeric ranges on indexed fields) and then evaluated in full by the kernel's
 * compiled predicates, so results equal the memory driver's. Every write is one atomic Lua
 * script with compare-and-set checks, so creates detect duplicates atomically, bulk writes are
 * all-or-nothing and concurrent updates never lose each other's changes.
 *
 * - Connection loss fails fast with `DRIVER_UNAVAILABLE` (see redis-connection.ts); after
 *   `disconnect()` every data operation fails with `DRIVER_NOT_CONNECTED`.
 * - Once an object is synced, names outside its fields fail with `INVALID_FIELD`.
 * - Standalone Redis (or a primary) only: scripts derive keys, which Redis Cluster forbids.
 *
 * @example
 * const driver = new RedisDriver({ url: 'redis://127.0.0.1:6379/0', keyPrefix: 'myapp' })
 * await driver.connect()
 * await driver.syncSchema([{ name: 'task', fields: { n: { type: 'number', index: true } } }])
 * await driver.find('task', { object: 'task', where: { n: { $gte: 5 } } })
 */
export class RedisDriver extends DriverBase {
  readonly name = 'redis'
  readonly version = '1.0.0'
  readonly capabilities = REDIS_CAPABILITIES
  /** The namespace of every key this driver writes. */
  readonly keyPrefix: string

  readonly #config: ResolvedRedisDriverConfig
  readonly #keys: RedisKeyspace
  readonly #schemas = new Map<string, QuerySchema>()
  readonly #transactions = new TransactionRegistry()
  #state: State = 'idle'
  #connecting: Promise<void> | undefined
  #connection: RedisConnection | undefined
  #store: RedisStore | undefined

  /** @throws ObjectQLError `CONFIG_INVALID` for a bad config (checked here, before any I/O). */
  constructor(config: RedisDriverConfig) {
    super()
    this.#config = resolveRedisConfig(config)
    this.#keys = new RedisKeyspace(this.#config.keyPrefix)
    this.keyPrefix = this.#config.keyPrefix
  }

  /** Connects (again after a disconnect) and builds the indexes of objects synced before. */
  override async connect(): Promise<void> {
    if (this.#state === 'connected') return
    // Concurrent calls share one attempt, so no second connection is opened and leaked.
    this.#connecting ??= this.#open().finally(() => (this.#connecting = undefined))
    return this.#connecting
  }

  async #open(): Promise<void> {
    const connection = await RedisConnection.open(this.#config)
    const store = new RedisStore(connection.client, this.#keys)
    try {
      for (const object of this.objects.values())
        await store.reindex(object.name, indexedFieldsOf(object))
    } catch (error) {
      await connection.close()
      throw mapRedisError(error, 'connect')
    }
    this.#connection = connection
    this.#store = store
    this.#state = 'connected'
  }

  override async disconnect(): Promise<void> {
    // Let a connect() in flight finish first, or it would install a connection nobody closes.
    // Its failure belongs to the connect() caller, who already receives it.
    await this.#connecting?.catch(() => undefined)
    this.#transactions.abortAll()
    const connection = this.#connection
    this.#state = 'disconnected'
    this.#connection = undefined
    this.#store = undefined
    await connection?.close()
  }

  override async checkHealth(): Promise<boolean> {
    return this.#state === 'connected' && (await this.#connection?.ping()) === true
  }

  /** Remembers the objects and makes Redis hold exactly their numeric indexes. */
  override async syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    if (this.#state === 'disconnected') throw notConnected('disconnected')
    await super.syncSchema(objects)
    for (const object of objects) this.#schemas.set(object.name, querySchemaFor(object))
    if (this.#state === 'idle') return // connect() builds the indexes
    await this.#run(`syncSchema`, undefined, async (store) => {
      for (const object of objects) await store.reindex(object.name, indexedFieldsOf(object))
    })
  }

  async find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    return this.#run(`find ${object}`, options, (store, tx) =>
      this.#reader(store).find(object, query, tx),
    )
  }

  async findOne(
    object: string,
    id: string,
    query?: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord | null> {
    return this.#run(`findOne ${object}`, options, (store, tx) =>
      this.#reader(store).findOne(object, id, query, tx),
    )
  }

  async count(
    object: string,
    where: FilterCondition | undefined,
    options?: DriverOptions,
  ): Promise<number> {
    return this.#run(`count ${object}`, options, (store, tx) =>
      this.#reader(store).count(object, where, tx),
    )
  }

  override async aggregate(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<Record<string, unknown>[]> {
    return this.#run(`aggregate ${object}`, options, (store, tx) =>
      this.#reader(store).aggregate(object, query, tx),
    )
  }

  override async distinct(
    object: string,
    field: string,
    where?: FilterCondition,
    options?: DriverOptions,
  ): Promise<unknown[]> {
    return this.#run(`distinct ${object}`, options, (store, tx) =>
      this.#reader(store).distinct(object, field, where, tx),
    )
  }

  async create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord> {
    return this.#run(`create ${object}`, options, async (store, tx) => {
      const [record] = await this.#writer(store).create(object, [data], tx)
      return record as DataRecord
    })
  }

  async update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ): Promise<DataRecord> {
    return this.#run(`update ${object}`, options, async (store, tx) => {
      const [record] = await this.#writer(store).update(object, [{ id, data }], tx)
      return record as DataRecord
    })
  }

  async delete(object: string, id: string, options?: DriverOptions): Promise<boolean> {
    return this.#run(`delete ${object}`, options, async (store, tx) => {
      return (await this.#writer(store).delete(object, [id], tx)) === 1
    })
  }

  /** Creates every record or none, in one atomic script (DRV-BULK-001/002). */
  override async bulkCreate(
    object: string,
    data: readonly RecordInput[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#run(`bulkCreate ${object}`, options, async (store, tx) =>
      this.#writer(store).create(object, requireArray(data, 'bulkCreate'), tx),
    )
  }

  /** Updates every record or none; a missing id fails with `NOT_FOUND` (DRV-BULK-003). */
  override async bulkUpdate(
    object: string,
    updates: readonly BulkUpdate[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#run(`bulkUpdate ${object}`, options, async (store, tx) =>
      this.#writer(store).update(object, requireArray(updates, 'bulkUpdate'), tx),
    )
  }

  /** Deletes the records that exist and counts them (DRV-BULK-004); a repeated id counts once. */
  override async bulkDelete(
    object: string,
    ids: readonly string[],
    options?: DriverOptions,
  ): Promise<number> {
    return this.#run(`bulkDelete ${object}`, options, async (store, tx) =>
      this.#writer(store).delete(object, requireArray(ids, 'bulkDelete'), tx),
    )
  }

  override async beginTransaction(options?: TransactionOptions): Promise<TransactionHandle> {
    return this.#run('beginTransaction', undefined, async () => {
      return this.#transactions.begin(options?.isolationLevel, this.capabilities.isolationLevels)
        .handle
    })
  }

  /** Applies the transaction's writes in one atomic script; the handle is finished either way. */
  override async commit(transaction: TransactionHandle): Promise<void> {
    return this.#run('commit', undefined, async (store) => {
      const open = this.#transactions.get(transaction)
      this.#transactions.finish(open)
      await open.commit(store, (object) => this.#context(object))
    })
  }

  override async rollback(transaction: TransactionHandle): Promise<void> {
    return this.#run('rollback', undefined, async () => {
      this.#transactions.finish(this.#transactions.get(transaction))
    })
  }

  /**
   * Deletes every key under this driver's prefix (SCAN + UNLINK; never FLUSHDB, so other
   * prefixes and other data on the server are untouched). Returns how many keys it deleted.
   */
  async clear(): Promise<number> {
    return this.#run('clear', undefined, (store) => store.clear())
  }

  #reader(store: RedisStore): RedisReader {
    return new RedisReader(store, (object) => this.#schemas.get(object))
  }

  #writer(store: RedisStore): RedisWriter {
    return new RedisWriter(store, (object) => this.#context(object))
  }

  #context(object: string): WriteContext {
    return { schema: this.#schemas.get(object), generateId: () => this.generateId() }
  }

  /**
   * Runs an operation after the lifecycle checks, with the transaction of `options` (if any),
   * and maps whatever it throws into the catalog.
   */
  async #run<T>(
    operation: string,
    options: DriverOptions | undefined,
    body: (store: RedisStore, transaction: RedisTransaction | undefined) => Promise<T>,
  ): Promise<T> {
    try {
      const store = this.#store
      if (this.#state !== 'connected' || store === undefined) throw notConnected(this.#state)
      const tx =
        options?.transaction === undefined ? undefined : this.#transactions.get(options.transaction)
      return await body(store, tx)
    } catch (error) {
      // A command cut short by disconnect() reports the disconnect, not a network failure.
      if (!isObjectQLError(error) && this.#state === 'disconnected') {
        throw new ObjectQLError('DRIVER_NOT_CONNECTED', `${operation}: driver disconnected`, {
          cause: error,
        })
      }
      throw mapRedisError(error, operation)
    }
  }
}

function notConnected(state: State): ObjectQLError {
  return new ObjectQLError(
    'DRIVER_NOT_CONNECTED',
    `redis driver is ${state === 'idle' ? 'not connected yet' : 'disconnected'}`,
  )
}
