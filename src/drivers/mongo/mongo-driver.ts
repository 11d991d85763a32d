import { ObjectQLError } from '../../kernel/errors.js'
import { MongoDriverCore } from './mongo-driver-core.js'
import {
  mongoAggregate,
  mongoCount,
  mongoDistinct,
  mongoFind,
  mongoFindOne,
} from './mongo-read-operations.js'
import {
  deleteRecord,
  deleteRecords,
  insertRecord,
  insertRecords,
  updateRecord,
  updateRecords,
} from './mongo-write-operations.js'
import type {
  BulkUpdate,
  DriverOptions,
  TransactionHandle,
  TransactionOptions,
} from '../../kernel/driver/driver.js'
import type { DataRecord, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'

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
 * Lifecycle, schema sync and the guards are in mongo-driver-core.ts; this class holds the
 * data operations and transactions.
 *
 * @example
 * const driver = new MongoDriver({ url: 'mongodb://127.0.0.1:27017', database: 'app' })
 * await driver.connect()
 * await driver.syncSchema([{ name: 'task', fields: { title: { type: 'text' } } }])
 * await driver.find('task', { object: 'task', where: { title: { $contains: 'spec' } } })
 */
export class MongoDriver extends MongoDriverCore {
  async find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    return this.read(object, options, 'find', (port, context) => mongoFind(port, query, context))
  }

  async findOne(
    object: string,
    id: string,
    query?: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord | null> {
    return this.read(object, options, 'findOne', (port, context) =>
      mongoFindOne(port, id, query, context),
    )
  }

  async count(
    object: string,
    where: FilterCondition | undefined,
    options?: DriverOptions,
  ): Promise<number> {
    return this.read(object, options, 'count', (port, context) => mongoCount(port, where, context))
  }

  override async aggregate(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<Record<string, unknown>[]> {
    return this.read(object, options, 'aggregate', (port, context) =>
      mongoAggregate(port, query, context),
    )
  }

  override async distinct(
    object: string,
    field: string,
    where?: FilterCondition,
    options?: DriverOptions,
  ): Promise<unknown[]> {
    return this.read(object, options, 'distinct', (port, context) =>
      mongoDistinct(port, field, where, context),
    )
  }

  async create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord> {
    return this.write(object, options, 'create', (target) => insertRecord(target, data))
  }

  async update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ): Promise<DataRecord> {
    return this.write(object, options, 'update', (target) => updateRecord(target, id, data))
  }

  async delete(object: string, id: string, options?: DriverOptions): Promise<boolean> {
    return this.write(object, options, 'delete', (target) => deleteRecord(target, id))
  }

  override async bulkCreate(
    object: string,
    data: readonly RecordInput[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.write(object, options, 'bulkCreate', (target) => insertRecords(target, data))
  }

  override async bulkUpdate(
    object: string,
    updates: readonly BulkUpdate[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.write(object, options, 'bulkUpdate', (target) => updateRecords(target, updates))
  }

  override async bulkDelete(
    object: string,
    ids: readonly string[],
    options?: DriverOptions,
  ): Promise<number> {
    return this.write(object, options, 'bulkDelete', (target) => deleteRecords(target, ids))
  }

  override async beginTransaction(options?: TransactionOptions): Promise<TransactionHandle> {
    const client = this.transactionalClient()
    const level = options?.isolationLevel
    if (level !== undefined && !this.capabilities.isolationLevels.includes(level)) {
      throw new ObjectQLError('NOT_SUPPORTED', `isolation level '${level}' is not supported`, {
        details: { supported: this.capabilities.isolationLevels },
      })
    }
    return this.guard('beginTransaction', async () =>
      this.transactions.begin(client, `mongo-tx-${this.generateId()}`),
    )
  }

  override async commit(transaction: TransactionHandle): Promise<void> {
    this.transactionalClient()
    await this.guard('commit', () => this.transactions.finish(transaction, true), true)
  }

  override async rollback(transaction: TransactionHandle): Promise<void> {
    this.transactionalClient()
    await this.guard('rollback', () => this.transactions.finish(transaction, false), true)
  }
}
