import { DriverBase } from '../../kernel/driver/driver-base.js'
import { defineCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { DriverOptions, IntrospectedSchema } from '../../kernel/driver/driver.js'
import { ObjectQLError } from '../../kernel/errors.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import { SqlAggregateCompiler } from './sql-aggregate-compiler.js'
import type { SqlConnector, SqlNativeClient, SqlPoolStats, SqlSession } from './sql-connection.js'
import { createConnector } from './sql-connectors.js'
import type { SqlDialect } from './sql-dialect.js'
import { dialectFor } from './sql-dialects.js'
import { resolveSqlDriverConfig } from './sql-driver-config.js'
import type { ResolvedSqlDriverConfig, SqlDriverConfig } from './sql-driver-config.js'
import { mapSqlError } from './sql-error-map.js'
import { introspectDatabase } from './sql-introspector.js'
import { buildObjectModel } from './sql-object-model.js'
import type { ObjectModel } from './sql-object-model.js'
import { SqlQueryCompiler } from './sql-query-compiler.js'
import type { ReadContext } from './sql-read-operations.js'
import { SqlSchemaSync } from './sql-schema-sync.js'
import { SqlTransactionManager } from './sql-transactions.js'
import { SqlWriteCompiler } from './sql-write-compiler.js'
import type { WriteContext } from './sql-write-operations.js'

/**
 * The lifecycle half of {@link SqlDriver}: configuration, capabilities, the connection pool,
 * schema sync and introspection, raw SQL, and the guards every data operation runs through
 * (session first, then the object, then error mapping). The data operations are in
 * sql-driver.ts.
 */
export abstract class SqlDriverCore extends DriverBase {
  readonly name: string
  readonly version = '0.1.0'
  readonly capabilities: DriverCapabilities
  readonly dialect: SqlDialect
  readonly config: ResolvedSqlDriverConfig
  protected readonly transactions: SqlTransactionManager
  protected readonly ctx: WriteContext & ReadContext
  readonly #models = new Map<string, ObjectModel>()
  readonly #schema: SqlSchemaSync
  #connector: SqlConnector | undefined

  constructor(config: SqlDriverConfig) {
    super()
    this.config = resolveSqlDriverConfig(config)
    this.dialect = dialectFor(this.config.client)
    this.name = `sql:${this.config.client}`
    this.capabilities = defineCapabilities({
      bulkCreate: true,
      bulkUpdate: true,
      bulkDelete: true,
      transactions: true,
      savepoints: true,
      isolationLevels: this.dialect.isolationLevels,
      queryAggregations: true,
      distinct: true,
      jsonFields: true,
      arrayFields: true,
      schemaSync: true,
      introspection: true,
      connectionPooling: this.config.client !== 'sqlite',
      preparedStatements: true,
    })
    const cacheSize = this.config.statementCacheSize
    const readCompiler = new SqlQueryCompiler(this.dialect, cacheSize)
    this.#schema = new SqlSchemaSync(this.dialect)
    this.transactions = new SqlTransactionManager(
      this.dialect,
      () => this.live(),
      (error, operation) => mapSqlError(error, this.config.client, operation),
    )
    this.ctx = {
      dialect: this.dialect,
      reads: readCompiler,
      aggregates: new SqlAggregateCompiler(this.dialect, readCompiler),
      writes: new SqlWriteCompiler(this.dialect, cacheSize),
      transactions: this.transactions,
      session: (options) => this.session(options),
      generateId: () => this.generateId(),
    }
  }

  override async connect(): Promise<void> {
    if (this.#connector !== undefined) return
    const connector = createConnector(this.config)
    try {
      await connector.open()
    } catch (error) {
      const mapped = mapSqlError(error, this.config.client, 'connect')
      // Whatever went wrong while connecting, the backend is not usable: one code for callers.
      throw mapped.code === 'DRIVER_ERROR'
        ? new ObjectQLError('DRIVER_UNAVAILABLE', mapped.message, { cause: error })
        : mapped
    }
    this.#connector = connector
  }

  override async disconnect(): Promise<void> {
    const connector = this.#connector
    if (connector === undefined) return
    await this.transactions.closeAll()
    this.#connector = undefined
    await connector.close()
  }

  override async checkHealth(): Promise<boolean> {
    const connector = this.#connector
    if (connector === undefined) return false
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.config.connectTimeoutMs)
    })
    const ping = connector.raw('SELECT 1').then(
      () => true,
      () => false,
    )
    try {
      return await Promise.race([ping, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Creates missing tables, columns and indexes, all in one transaction where DDL allows. */
  override async syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    // PostgreSQL's quoted identifiers are case-sensitive; the other dialects' columns are not.
    const caseInsensitive = this.config.client !== 'postgres'
    const models = objects.map((o) => buildObjectModel(o, this.config.tablePrefix, caseInsensitive))
    try {
      this.live()
      await this.transactions.atomic(undefined, (session) => this.#schema.apply(session, models))
    } catch (error) {
      throw mapSqlError(error, this.config.client, 'syncSchema')
    }
    for (const model of models) this.#models.set(model.name, model)
    await super.syncSchema(objects)
  }

  override async introspectSchema(): Promise<IntrospectedSchema> {
    return this.guard('introspectSchema', undefined, () =>
      introspectDatabase(this.live(), this.config.client, this.config.tablePrefix),
    )
  }

  /** Drops the table of a synced object (tests and tools; data is gone). */
  async dropTable(object: string): Promise<void> {
    const model = this.model(object)
    await this.guard('dropTable', undefined, () =>
      this.live().raw(this.#schema.dropTableSql(model.table)),
    )
    this.#models.delete(object)
    this.objects.delete(object)
  }

  /**
   * Runs raw SQL (upstream's `execute`), in `options.transaction` when given, and returns the
   * rows. The escape hatch: values must be bound (`?`, or `$1` on PostgreSQL), never spliced
   * in, and results come back as the client library returns them, without the driver's type
   * mapping.
   */
  execute(
    sql: string,
    params: readonly unknown[] = [],
    options?: DriverOptions,
  ): Promise<Record<string, unknown>[]> {
    return this.guard('execute', options, () => this.session(options).raw(sql, params))
  }

  /**
   * The native client the driver runs on, for benchmarks and for what the driver does not offer
   * (COPY, LISTEN/NOTIFY, a vendor function): `{ client: 'sqlite', database }` (better-sqlite3),
   * `{ client: 'postgres', pool }` (pg), `{ client: 'mysql', pool }` (mysql2/promise) or
   * `{ client: 'mssql', knex }`. It is the driver's own pool or connection, not a copy:
   * - never close or end it; `disconnect()` does;
   * - what runs on it bypasses the driver's mapping: values and rows are the client's own (the
   *   pool's parsing is the driver's: on PostgreSQL int8 and numeric are numbers, `date`, `json`
   *   and `timestamptz` text, see sql-postgres-types.ts; PostgreSQL text holds U+0000..U+0002
   *   as code words, see sql-text-codec.ts), and errors are not mapped to the catalog;
   * - SQLite has one connection: while a driver transaction is open, statements run on
   *   `database` run inside it (the driver's own callers wait; native calls cannot).
   *
   * @throws ObjectQLError `DRIVER_NOT_CONNECTED` before `connect()` and after `disconnect()`.
   */
  nativeClient(): SqlNativeClient {
    return this.live().native()
  }

  /** Pool counters (upstream's `getPoolStats`); undefined while disconnected. */
  getPoolStats(): SqlPoolStats | undefined {
    return this.#connector?.stats()
  }

  /** Session first (a closed driver or finished transaction wins), then the object. */
  protected run<T>(
    operation: string,
    object: string,
    options: DriverOptions | undefined,
    body: (model: ObjectModel) => Promise<T>,
  ): Promise<T> {
    return this.guard(operation, options, () => {
      this.session(options)
      return body(this.model(object))
    })
  }

  /** Runs an operation and maps whatever it throws into the error catalog. */
  protected async guard<T>(
    operation: string,
    options: DriverOptions | undefined,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run()
    } catch (error) {
      const mapped = mapSqlError(error, this.config.client, operation)
      const handle = options?.transaction
      if (handle !== undefined && mapped.code === 'DRIVER_UNAVAILABLE') {
        this.transactions.markBroken(handle)
      }
      throw mapped
    }
  }

  /** The session of `options.transaction`, or the pool. */
  protected session(options: DriverOptions | undefined): SqlSession {
    const handle = options?.transaction
    if (handle !== undefined) return this.transactions.session(handle)
    return this.live()
  }

  /** The open connector, or DRIVER_NOT_CONNECTED. */
  protected live(): SqlConnector {
    if (this.#connector === undefined) {
      throw new ObjectQLError(
        'DRIVER_NOT_CONNECTED',
        `driver '${this.name}' is not connected (call connect() first; disconnect() ends it)`,
      )
    }
    return this.#connector
  }

  /** The model of a synced object, or OBJECT_NOT_FOUND. */
  protected model(object: string): ObjectModel {
    const model = this.#models.get(object)
    if (model === undefined) {
      throw new ObjectQLError(
        'OBJECT_NOT_FOUND',
        `driver '${this.name}' stores no object '${object}' (was it passed to syncSchema?)`,
        { details: { object } },
      )
    }
    return model
  }
}
