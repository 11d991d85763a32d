import { DriverBase } from '../../kernel/driver/driver-base.js'
import { ObjectQLError, isObjectQLError } from '../../kernel/errors.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import { mongoCapabilities } from './mongo-driver-capabilities.js'
import { resolveMongoConfig } from './mongo-driver-config.js'
import { mapMongoError } from './mongo-error-map.js'
import { mongoFieldMap } from './mongo-field-map.js'
import {
  mongoAggregate,
  mongoCount,
  mongoDistinct,
  mongoFind,
  mongoFindOne,
} from './mongo-read-operations.js'
import { openClient, readPort } from './mongo-connection.js'
import type { Scope } from './mongo-connection.js'
import { ensureCollection } from './mongo-schema-sync.js'
import { MongoTransactions } from './mongo-transaction.js'
import {
  deleteRecord,
  deleteRecords,
  insertRecord,
  insertRecords,
  updateRecord,
  updateRecords,
} from './mongo-write-operations.js'
import type { MongoDriverConfig, ResolvedMongoDriverConfig } from './mongo-driver-config.js'
import type { MongoReadPort, ReadContext } from './mongo-read-operations.js'
import type { WriteTarget } from './mongo-write-operations.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type {
  BulkUpdate,
  DriverOptions,
  TransactionHandle,
  TransactionOptions,
} from '../../kernel/driver/driver.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'
import type { StoredDocument } from './mongo-document-codec.js'
import type { Db, MongoClient } from 'mongodb'

type State = 'idle' | 'connected' | 'disconnected'

/**
 * A driver over MongoDB (the official `mongodb` package): one collection per object
 * (`<collectionPrefix><object>`), the record id as the string `_id`. Filters, sorts, projections
 * and aggregations are translated to MongoDB queries and pipelines with the exact semantics of
 * docs/SPEC.md (mongo-query-compiler.ts, mongo-aggregate-compiler.ts, proven against the spec
 * model under mingo); where MongoDB cannot express a spec order or grouping exactly (sorts and
 * groups on json or multi-value fields) that step runs in the kernel's engine instead.
 *
 * - `connect()` fails with `DRIVER_UNAVAILABLE` within `serverSelectionTimeoutMS` (default 2 s)
 *   when no server answers; after `disconnect()` data operations fail with `DRIVER_NOT_CONNECTED`.
 * - Duplicate ids fail with `DUPLICATE_RECORD` (MongoDB's unique `_id` index, code 11000).
 * - Transactions need a replica set; see `MongoDriverConfig.transactions`.
 * - Once an object is synced, names outside its fields fail with `INVALID_FIELD`.
 *
 * @example
 * const driver = new MongoDriver({ url: 'mongodb://127.0.0.1:27017', database: 'app' })
 * await driver.connect()
 * await driver.syncSchema([{ name: 'task', fields: { title: { type: 'text' } } }])
 * await driver.find('task', { object: 'task', where: { title: { $contains: 'spec' } } })
 */
export class MongoDriver extends DriverBase {
  readonly name = 'mongo'
  readonly version = '1.0.0'
  readonly capabilities: DriverCapabilities

  readonly #config: ResolvedMongoDriverConfig
  readonly #contexts = new Map<string, ReadContext>()
  readonly #transactions = new MongoTransactions()
  #client: MongoClient | undefined
  #db: Db | undefined
  #state: State = 'idle'

  /** @throws ObjectQLError `CONFIG_INVALID` for a bad config (nothing connects yet). */
  constructor(config: MongoDriverConfig) {
    super()
    this.#config = resolveMongoConfig(config)
    this.capabilities = mongoCapabilities(this.#config.transactions)
  }

  override async connect(): Promise<void> {
    if (this.#state === 'connected') return
    const client = await openClient(this.#config)
    this.#client = client
    this.#db = client.db(this.#config.database)
    this.#state = 'connected'
  }

  override async disconnect(): Promise<void> {
    const client = this.#client
    this.#state = 'disconnected'
    this.#client = undefined
    this.#db = undefined
    if (client === undefined) return
    try {
      await this.#transactions.abortAll()
    } finally {
      await client.close()
    }
  }

  override async checkHealth(): Promise<boolean> {
    if (this.#state !== 'connected' || this.#db === undefined) return false
    try {
      await this.#db.command({ ping: 1 })
      return true
    } catch {
      return false // the contract: checkHealth answers, it never throws
    }
  }

  /** Remembers the objects, creates their collections and declared indexes. */
  override async syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    const contexts = objects.map((object) => ({
      object,
      context: { schema: querySchemaFor(object), fields: mongoFieldMap(object) },
    }))
    const db = this.#connected()
    await super.syncSchema(objects)
    for (const { object, context } of contexts) {
      this.#contexts.set(object.name, context)
      await this.#guard(`syncSchema ${object.name}`, () =>
        ensureCollection(db, this.#collectionName(object.name), object),
      )
    }
  }

  async find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    return this.#read(object, options, 'find', (port, context) => mongoFind(port, query, context))
  }

  async findOne(
    object: string,
    id: string,
    query?: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord | null> {
    return this.#read(object, options, 'findOne', (port, context) =>
      mongoFindOne(port, id, query, context),
    )
  }

  async count(
    object: string,
    where: FilterCondition | undefined,
    options?: DriverOptions,
  ): Promise<number> {
    return this.#read(object, options, 'count', (port, context) => mongoCount(port, where, context))
  }

  override async aggregate(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<Record<string, unknown>[]> {
    return this.#read(object, options, 'aggregate', (port, context) =>
      mongoAggregate(port, query, context),
    )
  }

  override async distinct(
    object: string,
    field: string,
    where?: FilterCondition,
    options?: DriverOptions,
  ): Promise<unknown[]> {
    return this.#read(object, options, 'distinct', (port, context) =>
      mongoDistinct(port, field, where, context),
    )
  }

  async create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord> {
    return this.#write(object, options, 'create', (target) => insertRecord(target, data))
  }

  async update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ): Promise<DataRecord> {
    return this.#write(object, options, 'update', (target) => updateRecord(target, id, data))
  }

  async delete(object: string, id: string, options?: DriverOptions): Promise<boolean> {
    return this.#write(object, options, 'delete', (target) => deleteRecord(target, id))
  }

  override async bulkCreate(
    object: string,
    data: readonly RecordInput[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#write(object, options, 'bulkCreate', (target) => insertRecords(target, data))
  }

  override async bulkUpdate(
    object: string,
    updates: readonly BulkUpdate[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#write(object, options, 'bulkUpdate', (target) => updateRecords(target, updates))
  }

  override async bulkDelete(
    object: string,
    ids: readonly string[],
    options?: DriverOptions,
  ): Promise<number> {
    return this.#write(object, options, 'bulkDelete', (target) => deleteRecords(target, ids))
  }

  override async beginTransaction(options?: TransactionOptions): Promise<TransactionHandle> {
    this.#transactional()
    const level = options?.isolationLevel
    if (level !== undefined && !this.capabilities.isolationLevels.includes(level)) {
      throw new ObjectQLError('NOT_SUPPORTED', `isolation level '${level}' is not supported`, {
        details: { supported: this.capabilities.isolationLevels },
      })
    }
    const client = this.#client as MongoClient
    return this.#guard('beginTransaction', async () =>
      this.#transactions.begin(client, `mongo-tx-${this.generateId()}`),
    )
  }

  override async commit(transaction: TransactionHandle): Promise<void> {
    this.#transactional()
    await this.#guard('commit', () => this.#transactions.finish(transaction, true), true)
  }

  override async rollback(transaction: TransactionHandle): Promise<void> {
    this.#transactional()
    await this.#guard('rollback', () => this.#transactions.finish(transaction, false), true)
  }

  async #read<T>(
    object: string,
    options: DriverOptions | undefined,
    operation: string,
    run: (port: MongoReadPort, context: ReadContext) => Promise<T>,
  ): Promise<T> {
    const scope = this.#scope(object, options)
    const context = this.#contexts.get(object) ?? {
      schema: undefined,
      fields: mongoFieldMap(undefined),
    }
    return this.#guard(`${operation} ${object}`, () => run(readPort(scope), context))
  }

  async #write<T>(
    object: string,
    options: DriverOptions | undefined,
    operation: string,
    run: (target: WriteTarget) => Promise<T>,
  ): Promise<T> {
    const scope = this.#scope(object, options)
    const target: WriteTarget = {
      object,
      ...scope,
      fields: this.#contexts.get(object)?.schema?.fields,
      generateId: () => this.generateId(),
    }
    return this.#guard(`${operation} ${object}`, () => run(target))
  }

  #scope(object: string, options: DriverOptions | undefined): Scope {
    const db = this.#connected()
    const session =
      options?.transaction === undefined
        ? undefined
        : this.#transactions.session(options.transaction)
    return { collection: db.collection<StoredDocument>(this.#collectionName(object)), session }
  }

  /** Runs a call and maps whatever it throws; in transactions, failures are TRANSACTION_FAILED. */
  async #guard<T>(operation: string, run: () => Promise<T>, transactional = false): Promise<T> {
    try {
      return await run()
    } catch (error) {
      if (isObjectQLError(error)) throw error
      const mapped = mapMongoError(error, operation)
      if (!transactional || mapped.code === 'DRIVER_UNAVAILABLE') throw mapped
      throw new ObjectQLError('TRANSACTION_FAILED', mapped.message, {
        cause: error,
        details: mapped.details ?? {},
      })
    }
  }

  /** @throws ObjectQLError `NOT_SUPPORTED` without the capability, else `DRIVER_NOT_CONNECTED`. */
  #transactional(): void {
    if (!this.capabilities.transactions) throw this.notSupported('transactions (no replica set)')
    this.#connected()
  }

  #connected(): Db {
    if (this.#state !== 'connected' || this.#db === undefined) {
      throw new ObjectQLError(
        'DRIVER_NOT_CONNECTED',
        `mongo driver is ${this.#state === 'idle' ? 'not connected yet' : 'disconnected'}`,
      )
    }
    return this.#db
  }

  #collectionName(object: string): string {
    return `${this.#config.collectionPrefix}${object}`
  }
}
