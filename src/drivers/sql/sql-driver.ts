import { DriverBase } from '../../kernel/driver/driver-base.js'
import { defineCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type {
  BulkUpdate,
  DriverOptions,
  IntrospectedSchema,
  TransactionHandle,
  TransactionOptions,
} from '../../kernel/driver/driver.js'
import { ObjectQLError } from '../../kernel/errors.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'
import { SqlAggregateCompiler } from './sql-aggregate-compiler.js'
import type { SqlConnector, SqlPoolStats, SqlSession } from './sql-connection.js'
import { createConnector } from './sql-connectors.js'
import type { SqlDialect } from './sql-dialect.js'
import { dialectFor } from './sql-dialects.js'
import { parseSqlUrl, resolveSqlDriverConfig } from './sql-driver-config.js'
import type { ResolvedSqlDriverConfig, SqlDriverConfig } from './sql-driver-config.js'
import { mapSqlError } from './sql-error-map.js'
import { introspectDatabase } from './sql-introspector.js'
import { buildObjectModel } from './sql-object-model.js'
import type { ObjectModel } from './sql-object-model.js'
import { SqlQueryCompiler } from './sql-query-compiler.js'
import { checkId, decodeRow } from './sql-record-codec.js'
import { decodeAggregateRow } from './sql-result-decoder.js'
import { SqlSchemaSync } from './sql-schema-sync.js'
import { SqlTransactionManager } from './sql-transactions.js'
import { decodeValue } from './sql-value-codec.js'
import { SqlWriteCompiler } from './sql-write-compiler.js'
import * as writes from './sql-write-operations.js'
import type { WriteContext } from './sql-write-operations.js'

/**
 * The SQL driver: SQLite (better-sqlite3, the embedded default), PostgreSQL (`pg`), MySQL and
 * MariaDB (`mysql2`), and SQL Server (knex + `tedious`, unproven). One class for every dialect;
 * what differs lives in the dialect objects, and every rule of docs/SPEC.md holds on each.
 *
 * @example
 * const driver = sqlDriverFromUrl('sqlite::memory:')
 * await driver.connect()
 * await driver.syncSchema([{ name: 'tasks', fields: { title: { type: 'text' } } }])
 * await driver.create('tasks', { title: 'Write the spec' })
 */
export class SqlDriver extends DriverBase {
  readonly name: string
  readonly version = '0.1.0'
  readonly capabilities: DriverCapabilities
  readonly dialect: SqlDialect
  readonly config: ResolvedSqlDriverConfig
  readonly #models = new Map<string, ObjectModel>()
  readonly #reads: SqlQueryCompiler
  readonly #aggregates: SqlAggregateCompiler
  readonly #schema: SqlSchemaSync
  readonly #transactions: SqlTransactionManager
  readonly #ctx: WriteContext
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
    this.#reads = new SqlQueryCompiler(this.dialect, cacheSize)
    this.#aggregates = new SqlAggregateCompiler(this.dialect, this.#reads)
    this.#schema = new SqlSchemaSync(this.dialect)
    this.#transactions = new SqlTransactionManager(
      this.dialect,
      () => this.#live(),
      (error, operation) => mapSqlError(error, this.config.client, operation),
    )
    this.#ctx = {
      dialect: this.dialect,
      reads: this.#reads,
      writes: new SqlWriteCompiler(this.dialect, cacheSize),
      transactions: this.#transactions,
      session: (options) => this.#session(options),
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
    await this.#transactions.closeAll()
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
    const models = objects.map((object) => buildObjectModel(object, this.config.tablePrefix))
    try {
      this.#live()
      await this.#transactions.atomic(undefined, (session) => this.#schema.apply(session, models))
    } catch (error) {
      throw mapSqlError(error, this.config.client, 'syncSchema')
    }
    for (const model of models) this.#models.set(model.name, model)
    await super.syncSchema(objects)
  }

  override async introspectSchema(): Promise<IntrospectedSchema> {
    return this.#guard('introspectSchema', undefined, () =>
      introspectDatabase(this.#live(), this.config.client, this.config.tablePrefix),
    )
  }

  /** Drops the table of a synced object (tests and tools; data is gone). */
  async dropTable(object: string): Promise<void> {
    const model = this.#model(object)
    await this.#guard('dropTable', undefined, () =>
      this.#live().raw(this.#schema.dropTableSql(model.table)),
    )
    this.#models.delete(object)
    this.objects.delete(object)
  }

  override async find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    // Upstream engines send aggregations through find; they are answered the same way.
    if ((query.aggregations?.length ?? 0) > 0 || (query.groupBy?.length ?? 0) > 0) {
      return (await this.aggregate(object, query, options)) as DataRecord[]
    }
    return this.#guard('find', options, async () => {
      const session = this.#session(options)
      const model = this.#model(object)
      if (query.search !== undefined) throw this.notSupported('full-text search')
      const compiled = this.#reads.select(model, query)
      if (query.limit === 0) return []
      const rows = await session.query(compiled.sql, compiled.params)
      return rows.map((row) => decodeRow(row, compiled.columns, this.dialect))
    })
  }

  override async findOne(
    object: string,
    id: string,
    query?: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord | null> {
    return this.#guard('findOne', options, async () => {
      const session = this.#session(options)
      const model = this.#model(object)
      const filter = { fields: query?.fields, where: query?.where }
      const compiled = this.#reads.select(model, filter, checkId(id))
      const [row] = await session.query(compiled.sql, compiled.params)
      return row === undefined ? null : decodeRow(row, compiled.columns, this.dialect)
    })
  }

  override async count(
    object: string,
    where: FilterCondition | undefined,
    options?: DriverOptions,
  ): Promise<number> {
    return this.#guard('count', options, async () => {
      const session = this.#session(options)
      const compiled = this.#reads.count(this.#model(object), where)
      const [row] = await session.query(compiled.sql, compiled.params)
      return Number(row?.['n'] ?? 0)
    })
  }

  override async aggregate(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<Record<string, unknown>[]> {
    return this.#guard('aggregate', options, async () => {
      const session = this.#session(options)
      const compiled = this.#aggregates.compile(this.#model(object), query)
      if (query.limit === 0) return []
      const rows = await session.query(compiled.sql, compiled.params)
      return rows.map((row) => decodeAggregateRow(row, compiled, this.dialect))
    })
  }

  override async distinct(
    object: string,
    field: string,
    where?: FilterCondition,
    options?: DriverOptions,
  ): Promise<unknown[]> {
    return this.#guard('distinct', options, async () => {
      const session = this.#session(options)
      const compiled = this.#reads.distinct(this.#model(object), field, where)
      const column = compiled.columns[0]
      const rows = await session.query(compiled.sql, compiled.params)
      return column === undefined
        ? []
        : rows.map((row) => decodeValue(row[field], column, this.dialect))
    })
  }

  override create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord> {
    return this.#write('create', object, options, (m) => writes.createRecord(this.#ctx, m, data, options))
  }

  override update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ): Promise<DataRecord> {
    return this.#write('update', object, options, (m) =>
      writes.updateRecord(this.#ctx, m, id, data, options),
    )
  }

  override delete(object: string, id: string, options?: DriverOptions): Promise<boolean> {
    return this.#write('delete', object, options, (m) => writes.deleteRecord(this.#ctx, m, id, options))
  }

  override bulkCreate(
    object: string,
    data: readonly RecordInput[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#write('bulkCreate', object, options, (m) =>
      writes.bulkCreateRecords(this.#ctx, m, data, options),
    )
  }

  override bulkUpdate(
    object: string,
    updates: readonly BulkUpdate[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#write('bulkUpdate', object, options, (m) =>
      writes.bulkUpdateRecords(this.#ctx, m, updates, options),
    )
  }

  override bulkDelete(object: string, ids: readonly string[], options?: DriverOptions): Promise<number> {
    return this.#write('bulkDelete', object, options, (m) =>
      writes.bulkDeleteRecords(this.#ctx, m, ids, options),
    )
  }

  override beginTransaction(options?: TransactionOptions): Promise<TransactionHandle> {
    return this.#guard('beginTransaction', undefined, () => {
      this.#live()
      return this.#transactions.begin(options)
    })
  }

  override commit(transaction: TransactionHandle): Promise<void> {
    return this.#guard('commit', undefined, () => this.#transactions.commit(transaction))
  }

  override rollback(transaction: TransactionHandle): Promise<void> {
    return this.#guard('rollback', undefined, () => this.#transactions.rollback(transaction))
  }

  /** Creates a savepoint inside a transaction and returns its name. */
  savepoint(transaction: TransactionHandle, name?: string): Promise<string> {
    return this.#guard('savepoint', undefined, () => this.#transactions.savepoint(transaction, name))
  }

  /** Undoes the transaction's work since the savepoint. */
  rollbackToSavepoint(transaction: TransactionHandle, name: string): Promise<void> {
    return this.#guard('rollbackToSavepoint', undefined, () =>
      this.#transactions.rollbackToSavepoint(transaction, name),
    )
  }

  /** Forgets a savepoint, keeping its work. */
  releaseSavepoint(transaction: TransactionHandle, name: string): Promise<void> {
    return this.#guard('releaseSavepoint', undefined, () =>
      this.#transactions.releaseSavepoint(transaction, name),
    )
  }

  /** Pool counters (upstream's `getPoolStats`); undefined while disconnected. */
  getPoolStats(): SqlPoolStats | undefined {
    return this.#connector?.stats()
  }

  #write<T>(
    operation: string,
    object: string,
    options: DriverOptions | undefined,
    run: (model: ObjectModel) => Promise<T>,
  ): Promise<T> {
    return this.#guard(operation, options, () => {
      this.#session(options)
      return run(this.#model(object))
    })
  }

  async #guard<T>(
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
        this.#transactions.markBroken(handle)
      }
      throw mapped
    }
  }

  #session(options: DriverOptions | undefined): SqlSession {
    const handle = options?.transaction
    if (handle !== undefined) return this.#transactions.session(handle)
    return this.#live()
  }

  #live(): SqlConnector {
    if (this.#connector === undefined) {
      throw new ObjectQLError(
        'DRIVER_NOT_CONNECTED',
        `driver '${this.name}' is not connected (call connect() first; disconnect() ends it)`,
      )
    }
    return this.#connector
  }

  #model(object: string): ObjectModel {
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

/** A driver for a connection URL: `sqlite::memory:`, `sqlite:/path/file.db`, `postgres://...`, `mysql://...`. */
export function sqlDriverFromUrl(
  url: string,
  options: Omit<SqlDriverConfig, 'client' | 'connection'> = {},
): SqlDriver {
  return new SqlDriver(parseSqlUrl(url, options))
}
