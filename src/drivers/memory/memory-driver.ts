import { DriverBase } from '../../kernel/driver/driver-base.js'
import { ObjectQLError, toObjectQLError } from '../../kernel/errors.js'
import { aggregateRecords } from '../../kernel/query/record-aggregator.js'
import { countRecords, distinctValues, executeQuery } from '../../kernel/query/query-executor.js'
import { compileFilter } from '../../kernel/query/filter-compiler.js'
import { compileProjection } from '../../kernel/query/record-projector.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import { deepCopy } from '../../kernel/query/value-copy.js'
import { MEMORY_CAPABILITIES } from './memory-driver-capabilities.js'
import { introspectRecords } from '../common/record-introspector.js'
import { applyCreate, applyDelete, applyUpdate, requireArray } from './memory-record-writer.js'
import { MapStore, OverlayStore } from './memory-store.js'
import { TransactionRegistry } from './memory-transaction.js'
import type { MemoryDriverConfig } from './memory-driver-config.js'
import type { WriteContext, WriteOp } from './memory-record-writer.js'
import type { RecordStore } from './memory-store.js'
import type { MemoryTransaction } from './memory-transaction.js'
import type {
  BulkUpdate,
  DriverOptions,
  IntrospectedSchema,
  TransactionHandle,
  TransactionOptions,
} from '../../kernel/driver/driver.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'

type State = 'idle' | 'connected' | 'disconnected'

/**
 * The reference driver: records in a `Map` per object, queries evaluated by the kernel's
 * in-process engine (`src/kernel/query`, filters compiled once per shape), and the whole
 * contract of docs/SPEC.md, including atomic bulk writes and real transactions.
 *
 * - Before `syncSchema` objects are schemaless; once an object is synced, filters, sorts,
 *   projections, aggregations and writes naming an undeclared field fail with `INVALID_FIELD`.
 *   Objects never synced stay schemaless.
 * - Records given and returned are deep copies. The driver stores what it is given: it does not
 *   stamp `created_at`/`updated_at` (the kernel does).
 * - Every data operation needs `connect()` first and fails with `DRIVER_NOT_CONNECTED` after
 *   `disconnect()`; data survives a disconnect/connect cycle, open transactions do not.
 *
 * @example
 * const driver = new MemoryDriver({ initialData: { task: [{ id: 't1', title: 'Spec' }] } })
 * await driver.connect()
 * await driver.find('task', { object: 'task', where: { title: { $startsWith: 'S' } } })
 */
export class MemoryDriver extends DriverBase {
  readonly name = 'memory'
  readonly version = '1.0.0'
  readonly capabilities = MEMORY_CAPABILITIES

  #state: State = 'idle'
  readonly #base = new MapStore()
  readonly #schemas = new Map<string, QuerySchema>()
  readonly #transactions = new TransactionRegistry()

  constructor(config: MemoryDriverConfig = {}) {
    super()
    const staging = new OverlayStore(this.#base)
    for (const [object, records] of Object.entries(config.initialData ?? {})) {
      for (const record of records) applyCreate(staging, object, record, this.#context(object))
    }
    staging.flush()
  }

  override async connect(): Promise<void> {
    this.#state = 'connected'
  }

  override async disconnect(): Promise<void> {
    this.#transactions.abortAll()
    this.#state = 'disconnected'
  }

  override async checkHealth(): Promise<boolean> {
    return this.#state === 'connected'
  }

  override async syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    await super.syncSchema(objects)
    for (const object of objects) this.#schemas.set(object.name, querySchemaFor(object))
  }

  override async introspectSchema(): Promise<IntrospectedSchema> {
    return this.#run(undefined, () => {
      const undeclared = new Map<string, Iterable<DataRecord>>()
      for (const name of this.#base.objectNames()) {
        if (!this.objects.has(name)) undeclared.set(name, this.#base.records(name))
      }
      return introspectRecords(this.objects, undeclared)
    })
  }

  async find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    return this.#run(options, (store) =>
      executeQuery(store.records(object), query, this.#schemas.get(object)),
    )
  }

  async findOne(
    object: string,
    id: string,
    query?: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord | null> {
    return this.#run(options, (store) => {
      const schema = this.#schemas.get(object)
      // Compile first: a bad query fails whether or not the record exists.
      const matches = compileFilter(query?.where, schema?.fields, schema)
      const project = compileProjection(query?.fields, schema)
      const record = store.get(object, id)
      return record !== undefined && matches(record) ? project(record) : null
    })
  }

  async count(
    object: string,
    where: FilterCondition | undefined,
    options?: DriverOptions,
  ): Promise<number> {
    return this.#run(options, (store) =>
      countRecords(store.records(object), where, this.#schemas.get(object)),
    )
  }

  async create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord> {
    return this.#write(options, (store) => {
      const record = applyCreate(store, object, data, this.#context(object))
      return { result: deepCopy(record), ops: [{ kind: 'create', object, record }] }
    })
  }

  async update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ): Promise<DataRecord> {
    return this.#write(options, (store) => {
      const record = applyUpdate(store, object, id, data, this.#context(object))
      const op: WriteOp = { kind: 'update', object, id, data: deepCopy(data) }
      return { result: deepCopy(record), ops: [op] }
    })
  }

  async delete(object: string, id: string, options?: DriverOptions): Promise<boolean> {
    return this.#write(options, (store) => ({
      result: applyDelete(store, object, id),
      ops: [{ kind: 'delete', object, id }],
    }))
  }

  /** Creates every record or none (DRV-BULK-001/002); results in input order. */
  override async bulkCreate(
    object: string,
    data: readonly RecordInput[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#write(options, (store) => {
      const records = requireArray(data, 'bulkCreate').map((input) =>
        applyCreate(store, object, input, this.#context(object)),
      )
      const ops = records.map((record): WriteOp => ({ kind: 'create', object, record }))
      return { result: records.map((record) => deepCopy(record)), ops }
    })
  }

  /** Updates every record or none; a missing id fails with `NOT_FOUND` (DRV-BULK-003). */
  override async bulkUpdate(
    object: string,
    updates: readonly BulkUpdate[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#write(options, (store) => {
      const ops: WriteOp[] = []
      const records = requireArray(updates, 'bulkUpdate').map(({ id, data }) => {
        const record = applyUpdate(store, object, id, data, this.#context(object))
        ops.push({ kind: 'update', object, id, data: deepCopy(data) })
        return deepCopy(record)
      })
      return { result: records, ops }
    })
  }

  /** Deletes the records that exist and counts them (DRV-BULK-004); a repeated id counts once. */
  override async bulkDelete(
    object: string,
    ids: readonly string[],
    options?: DriverOptions,
  ): Promise<number> {
    return this.#write(options, (store) => {
      const list = requireArray(ids, 'bulkDelete')
      const deleted = list.filter((id) => applyDelete(store, object, id)).length
      return { result: deleted, ops: list.map((id): WriteOp => ({ kind: 'delete', object, id })) }
    })
  }

  override async aggregate(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<Record<string, unknown>[]> {
    return this.#run(options, (store) =>
      aggregateRecords(store.records(object), query, this.#schemas.get(object)),
    )
  }

  override async distinct(
    object: string,
    field: string,
    where?: FilterCondition,
    options?: DriverOptions,
  ): Promise<unknown[]> {
    return this.#run(options, (store) =>
      distinctValues(store.records(object), field, where, this.#schemas.get(object)),
    )
  }

  override async beginTransaction(options?: TransactionOptions): Promise<TransactionHandle> {
    return this.#run(undefined, () => {
      const level = options?.isolationLevel
      if (level !== undefined && !this.capabilities.isolationLevels.includes(level)) {
        throw new ObjectQLError('NOT_SUPPORTED', `isolation level '${level}' is not supported`, {
          details: { supported: this.capabilities.isolationLevels },
        })
      }
      return this.#transactions.begin(this.#base).handle
    })
  }

  /** Applies the transaction's writes, all or nothing; the handle is finished either way. */
  override async commit(transaction: TransactionHandle): Promise<void> {
    return this.#run(undefined, () => {
      const open = this.#transactions.get(transaction)
      this.#transactions.finish(open)
      open.commitTo(this.#base, (object) => this.#context(object))
    })
  }

  override async rollback(transaction: TransactionHandle): Promise<void> {
    return this.#run(undefined, () => {
      this.#transactions.finish(this.#transactions.get(transaction))
    })
  }

  /**
   * Runs an operation on the store it belongs to (the transaction's overlay or the committed
   * data) after the lifecycle checks, and turns anything uncoded into an `ObjectQLError`.
   */
  async #run<T>(
    options: DriverOptions | undefined,
    operation: (store: RecordStore, transaction?: MemoryTransaction) => T,
  ): Promise<T> {
    try {
      if (this.#state !== 'connected') {
        throw new ObjectQLError(
          'DRIVER_NOT_CONNECTED',
          `memory driver is ${this.#state === 'idle' ? 'not connected yet' : 'disconnected'}`,
        )
      }
      const transaction =
        options?.transaction === undefined ? undefined : this.#transactions.get(options.transaction)
      return operation(transaction?.store ?? this.#base, transaction)
    } catch (error) {
      throw toObjectQLError(error, 'INTERNAL_ERROR')
    }
  }

  /**
   * Runs a write in a staging overlay and applies it only when it succeeds entirely, so bulk
   * writes are atomic and a failed write changes nothing (DRV-WRITE-006); inside a transaction
   * the applied writes are also logged for commit.
   */
  async #write<T>(
    options: DriverOptions | undefined,
    operation: (store: RecordStore) => { result: T; ops: WriteOp[] },
  ): Promise<T> {
    return this.#run(options, (store, transaction) => {
      const staging = new OverlayStore(store)
      const { result, ops } = operation(staging)
      staging.flush()
      transaction?.log(...ops)
      return result
    })
  }

  #context(object: string): WriteContext {
    return { schema: this.#schemas.get(object), generateId: () => this.generateId() }
  }
}
