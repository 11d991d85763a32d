import type {
  BulkUpdate,
  DriverOptions,
  TransactionHandle,
  TransactionOptions,
} from '../../kernel/driver/driver.js'
import type { DataRecord, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'
import { parseSqlUrl } from './sql-driver-config.js'
import type { SqlDriverConfig } from './sql-driver-config.js'
import { SqlDriverCore } from './sql-driver-core.js'
import * as reads from './sql-read-operations.js'
import * as writes from './sql-write-operations.js'

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
export class SqlDriver extends SqlDriverCore {
  override async find(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    // Upstream engines send aggregations through find; they are answered the same way.
    if ((query.aggregations?.length ?? 0) > 0 || (query.groupBy?.length ?? 0) > 0) {
      return (await this.aggregate(object, query, options)) as DataRecord[]
    }
    return this.run('find', object, options, (m) => reads.findRecords(this.ctx, m, query, options))
  }

  override findOne(
    object: string,
    id: string,
    query?: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord | null> {
    return this.run('findOne', object, options, (m) =>
      reads.findRecord(this.ctx, m, id, query, options),
    )
  }

  override count(
    object: string,
    where: FilterCondition | undefined,
    options?: DriverOptions,
  ): Promise<number> {
    return this.run('count', object, options, (m) =>
      reads.countRecords(this.ctx, m, where, options),
    )
  }

  override aggregate(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<Record<string, unknown>[]> {
    return this.run('aggregate', object, options, (m) =>
      reads.aggregateRecords(this.ctx, m, query, options),
    )
  }

  override distinct(
    object: string,
    field: string,
    where?: FilterCondition,
    options?: DriverOptions,
  ): Promise<unknown[]> {
    return this.run('distinct', object, options, (m) =>
      reads.distinctValues(this.ctx, m, field, where, options),
    )
  }

  override create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord> {
    return this.run('create', object, options, (m) =>
      writes.createRecord(this.ctx, m, data, options),
    )
  }

  override update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ): Promise<DataRecord> {
    return this.run('update', object, options, (m) =>
      writes.updateRecord(this.ctx, m, id, data, options),
    )
  }

  override delete(object: string, id: string, options?: DriverOptions): Promise<boolean> {
    return this.run('delete', object, options, (m) => writes.deleteRecord(this.ctx, m, id, options))
  }

  override bulkCreate(
    object: string,
    data: readonly RecordInput[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.run('bulkCreate', object, options, (m) =>
      writes.bulkCreateRecords(this.ctx, m, data, options),
    )
  }

  override bulkUpdate(
    object: string,
    updates: readonly BulkUpdate[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.run('bulkUpdate', object, options, (m) =>
      writes.bulkUpdateRecords(this.ctx, m, updates, options),
    )
  }

  override bulkDelete(
    object: string,
    ids: readonly string[],
    options?: DriverOptions,
  ): Promise<number> {
    return this.run('bulkDelete', object, options, (m) =>
      writes.bulkDeleteRecords(this.ctx, m, ids, options),
    )
  }

  override beginTransaction(options?: TransactionOptions): Promise<TransactionHandle> {
    return this.guard('beginTransaction', undefined, () => {
      this.live()
      return this.transactions.begin(options)
    })
  }

  override commit(transaction: TransactionHandle): Promise<void> {
    return this.guard('commit', undefined, () => this.transactions.commit(transaction))
  }

  override rollback(transaction: TransactionHandle): Promise<void> {
    return this.guard('rollback', undefined, () => this.transactions.rollback(transaction))
  }

  /** Creates a savepoint inside a transaction and returns its name. */
  savepoint(transaction: TransactionHandle, name?: string): Promise<string> {
    return this.guard('savepoint', undefined, () => this.transactions.savepoint(transaction, name))
  }

  /** Undoes the transaction's work since the savepoint. */
  rollbackToSavepoint(transaction: TransactionHandle, name: string): Promise<void> {
    return this.guard('rollbackToSavepoint', undefined, () =>
      this.transactions.rollbackToSavepoint(transaction, name),
    )
  }

  /** Forgets a savepoint, keeping its work. */
  releaseSavepoint(transaction: TransactionHandle, name: string): Promise<void> {
    return this.guard('releaseSavepoint', undefined, () =>
      this.transactions.releaseSavepoint(transaction, name),
    )
  }
}

/** A driver for a connection URL: `sqlite::memory:`, `sqlite:/path/file.db`, `postgres://...`, `mysql://...`. */
export function sqlDriverFromUrl(
  url: string,
  options: Omit<SqlDriverConfig, 'client' | 'connection'> = {},
): SqlDriver {
  return new SqlDriver(parseSqlUrl(url, options))
}
