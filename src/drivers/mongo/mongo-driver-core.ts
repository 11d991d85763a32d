import { DriverBase } from '../../kernel/driver/driver-base.js'
import { ObjectQLError, isObjectQLError } from '../../kernel/errors.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import { mongoCapabilities } from './mongo-driver-capabilities.js'
import { resolveMongoConfig } from './mongo-driver-config.js'
import { mapMongoError } from './mongo-error-map.js'
import { mongoFieldMap } from './mongo-field-map.js'
import { openClient, readPort } from './mongo-connection.js'
import type { Scope } from './mongo-connection.js'
import { ensureCollection } from './mongo-schema-sync.js'
import { MongoTransactions } from './mongo-transaction.js'
import type { MongoDriverConfig, ResolvedMongoDriverConfig } from './mongo-driver-config.js'
import type { MongoReadPort, ReadContext } from './mongo-read-operations.js'
import type { WriteTarget } from './mongo-write-operations.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { DriverOptions } from '../../kernel/driver/driver.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import type { StoredDocument } from './mongo-document-codec.js'
import type { Db, MongoClient } from 'mongodb'

type State = 'idle' | 'connected' | 'disconnected'

/**
 * The lifecycle half of {@link MongoDriver}: configuration, capabilities, the client,
 * schema sync, and the guards every data operation runs through (connection first, then the
 * transaction's session, then error mapping). The data operations are in mongo-driver.ts.
 */
export abstract class MongoDriverCore extends DriverBase {
  readonly name = 'mongo'
  readonly version = '1.0.0'
  readonly capabilities: DriverCapabilities
  /** The config with defaults applied (the URL may hold credentials: redact before logging). */
  readonly config: ResolvedMongoDriverConfig

  protected readonly transactions = new MongoTransactions()
  readonly #contexts = new Map<string, ReadContext>()
  #client: MongoClient | undefined
  #db: Db | undefined
  #state: State = 'idle'

  /** @throws ObjectQLError `CONFIG_INVALID` for a bad config (nothing connects yet). */
  constructor(config: MongoDriverConfig) {
    super()
    this.config = resolveMongoConfig(config)
    this.capabilities = mongoCapabilities(this.config.transactions)
  }

  override async connect(): Promise<void> {
    if (this.#state === 'connected') return
    const client = await openClient(this.config)
    this.#client = client
    this.#db = client.db(this.config.database)
    this.#state = 'connected'
  }

  override async disconnect(): Promise<void> {
    const client = this.#client
    this.#state = 'disconnected'
    this.#client = undefined
    this.#db = undefined
    if (client === undefined) return
    try {
      await this.transactions.abortAll()
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
      await this.guard(`syncSchema ${object.name}`, () =>
        ensureCollection(db, this.#collectionName(object.name), object),
      )
    }
  }

  /** Runs a read on the object's collection (in the transaction's session when given). */
  protected async read<T>(
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
    return this.guard(`${operation} ${object}`, () => run(readPort(scope), context))
  }

  /** Runs a write on the object's collection (in the transaction's session when given). */
  protected async write<T>(
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
    return this.guard(`${operation} ${object}`, () => run(target))
  }

  /** Runs a call and maps whatever it throws; in transactions, failures are TRANSACTION_FAILED. */
  protected async guard<T>(
    operation: string,
    run: () => Promise<T>,
    transactional = false,
  ): Promise<T> {
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

  /**
   * The connected client for a transaction call.
   *
   * @throws ObjectQLError `NOT_SUPPORTED` without the capability, else `DRIVER_NOT_CONNECTED`.
   */
  protected transactionalClient(): MongoClient {
    if (!this.capabilities.transactions) throw this.notSupported('transactions (no replica set)')
    this.#connected()
    return this.#client as MongoClient
  }

  #scope(object: string, options: DriverOptions | undefined): Scope {
    const db = this.#connected()
    const session =
      options?.transaction === undefined
        ? undefined
        : this.transactions.session(options.transaction)
    return { collection: db.collection<StoredDocument>(this.#collectionName(object)), session }
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
    return `${this.config.collectionPrefix}${object}`
  }
}
