import { DriverBase } from '../../kernel/driver/driver-base.js'
import { defineCapabilities } from '../../kernel/driver/driver-capabilities.js'
import { ObjectQLError, toObjectQLError } from '../../kernel/errors.js'
import { compileFilter } from '../../kernel/query/filter-compiler.js'
import { countRecords, distinctValues, executeQuery } from '../../kernel/query/query-executor.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import { aggregateRecords } from '../../kernel/query/record-aggregator.js'
import { compileProjection } from '../../kernel/query/record-projector.js'
import { deepCopy } from '../../kernel/query/value-copy.js'
import { resolveLocalStorageConfig } from './local-storage-driver-config.js'
import { mapStorageError } from './local-storage-error-map.js'
import { mergedRecord, newRecord } from './local-storage-records.js'
import { LocalStorageStore } from './local-storage-store.js'
import type { LocalStorageDriverConfig, StorageLike } from './local-storage-driver-config.js'
import type { RecordContext } from './local-storage-records.js'
import type { ChangeSet } from './local-storage-store.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { BulkUpdate, DriverOptions } from '../../kernel/driver/driver.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'

/**
 * What the local-storage driver does; every flag is backed by tests. Bulk writes are one change
 * set each (all or nothing). No transactions: Web Storage has none, and faking them across tabs
 * would promise an isolation it cannot give.
 */
export const LOCAL_STORAGE_CAPABILITIES: DriverCapabilities = defineCapabilities({
  bulkCreate: true,
  bulkUpdate: true,
  bulkDelete: true,
  queryAggregations: true,
  distinct: true,
  jsonFields: true,
  arrayFields: true,
  schemaSync: true,
})

type State = 'idle' | 'connected' | 'disconnected'

/**
 * A driver over the Web Storage API (`window.localStorage`, or any {@link StorageLike}): one key
 * per record plus an id index per object, all under `<namespace>:` (layout in
 * local-storage-keys.ts). Records are loaded per object on first use and kept in memory;
 * queries, aggregations and distinct run in the kernel's engine, so results equal the memory
 * driver's; every write goes through to storage before it shows in memory.
 *
 * - A full quota fails the write with `DRIVER_ERROR` and `details.reason: 'quota'`; nothing of
 *   it is written. Values JSON cannot store unchanged fail with `VALIDATION_FAILED`.
 * - Runs in browsers: imports no Node module (DriverBase makes ids with Web Crypto).
 * - After `disconnect()` data operations fail with `DRIVER_NOT_CONNECTED`; `connect()` again
 *   reloads from storage.
 *
 * @example
 * const driver = new LocalStorageDriver({ storage: window.localStorage, namespace: 'myapp' })
 * await driver.connect()
 * await driver.create('task', { title: 'Write the spec' })
 */
export class LocalStorageDriver extends DriverBase {
  readonly name = 'local-storage'
  readonly version = '1.0.0'
  readonly capabilities = LOCAL_STORAGE_CAPABILITIES
  /** The namespace of every key this driver writes. */
  readonly namespace: string

  readonly #storage: StorageLike
  readonly #store: LocalStorageStore
  readonly #schemas = new Map<string, QuerySchema>()
  #state: State = 'idle'

  /** @throws ObjectQLError `CONFIG_INVALID` for a bad config. */
  constructor(config: LocalStorageDriverConfig) {
    super()
    const resolved = resolveLocalStorageConfig(config)
    this.namespace = resolved.namespace
    this.#storage = resolved.storage
    this.#store = new LocalStorageStore(resolved.storage, resolved.namespace)
  }

  /** Checks that storage answers (it throws `SecurityError` where site data is blocked). */
  override async connect(): Promise<void> {
    try {
      void this.#storage.length
    } catch (error) {
      throw mapStorageError(error, 'connect')
    }
    this.#store.reset()
    this.#state = 'connected'
  }

  override async disconnect(): Promise<void> {
    this.#store.reset()
    this.#state = 'disconnected'
  }

  override async checkHealth(): Promise<boolean> {
    if (this.#state !== 'connected') return false
    try {
      void this.#storage.length
      return true
    } catch {
      return false // the contract: checkHealth answers, it never throws
    }
  }

  override async syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    await super.syncSchema(objects)
    for (const object of objects) this.#schemas.set(object.name, querySchemaFor(object))
  }

  async find(object: string, query: QueryAST, _options?: DriverOptions): Promise<DataRecord[]> {
    return this.#run((store) =>
      executeQuery(store.table(object).values(), query, this.#schema(object)),
    )
  }

  async findOne(
    object: string,
    id: string,
    query?: QueryAST,
    _options?: DriverOptions,
  ): Promise<DataRecord | null> {
    return this.#run((store) => {
      const schema = this.#schema(object)
      // Compile first: a bad query fails whether or not the record exists.
      const matches = compileFilter(query?.where, schema?.fields, schema)
      const project = compileProjection(query?.fields, schema)
      const record = store.table(object).get(id)
      return record !== undefined && matches(record) ? project(record) : null
    })
  }

  async count(
    object: string,
    where: FilterCondition | undefined,
    _options?: DriverOptions,
  ): Promise<number> {
    return this.#run((store) =>
      countRecords(store.table(object).values(), where, this.#schema(object)),
    )
  }

  override async aggregate(
    object: string,
    query: QueryAST,
    _options?: DriverOptions,
  ): Promise<Record<string, unknown>[]> {
    return this.#run((store) =>
      aggregateRecords(store.table(object).values(), query, this.#schema(object)),
    )
  }

  override async distinct(
    object: string,
    field: string,
    where?: FilterCondition,
    _options?: DriverOptions,
  ): Promise<unknown[]> {
    return this.#run((store) =>
      distinctValues(store.table(object).values(), field, where, this.#schema(object)),
    )
  }

  async create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord> {
    const [record] = await this.bulkCreate(object, [data], options)
    return record as DataRecord
  }

  async update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ): Promise<DataRecord> {
    const [record] = await this.bulkUpdate(object, [{ id, data }], options)
    return record as DataRecord
  }

  async delete(object: string, id: string, _options?: DriverOptions): Promise<boolean> {
    return (await this.bulkDelete(object, [id])) === 1
  }

  /** Creates every record or none (DRV-BULK-001/002); results in input order. */
  override async bulkCreate(
    object: string,
    data: readonly RecordInput[],
    _options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#write(object, 'bulkCreate', (existing, context) => {
      const working = new Map(existing)
      const puts = requireArray(data, 'bulkCreate').map((input) => {
        const record = newRecord(working, input, context)
        working.set(record.id, record)
        return record
      })
      return { changes: { puts, deletes: [] }, result: puts.map((record) => deepCopy(record)) }
    })
  }

  /** Updates every record or none; a missing id fails with `NOT_FOUND` (DRV-BULK-003). */
  override async bulkUpdate(
    object: string,
    updates: readonly BulkUpdate[],
    _options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#write(object, 'bulkUpdate', (existing, context) => {
      const working = new Map(existing)
      const results = requireArray(updates, 'bulkUpdate').map(({ id, data }) => {
        const record = mergedRecord(working, id, data, context)
        working.set(id, record)
        return deepCopy(record)
      })
      const puts = [...new Set(results.map((r) => r.id))].map((id) => working.get(id) as DataRecord)
      return { changes: { puts, deletes: [] }, result: results }
    })
  }

  /** Deletes the records that exist and counts them (DRV-BULK-004); a repeated id counts once. */
  override async bulkDelete(
    object: string,
    ids: readonly string[],
    _options?: DriverOptions,
  ): Promise<number> {
    return this.#write(object, 'bulkDelete', (existing) => {
      const deletes = [...new Set(requireArray(ids, 'bulkDelete'))].filter((id) => existing.has(id))
      return { changes: { puts: [], deletes }, result: deletes.length }
    })
  }

  #schema(object: string): QuerySchema | undefined {
    return this.#schemas.get(object)
  }

  #run<T>(operation: (store: LocalStorageStore) => T): Promise<T> {
    try {
      if (this.#state !== 'connected') {
        throw new ObjectQLError(
          'DRIVER_NOT_CONNECTED',
          `local-storage driver is ${this.#state === 'idle' ? 'not connected yet' : 'disconnected'}`,
        )
      }
      return Promise.resolve(operation(this.#store))
    } catch (error) {
      return Promise.reject(toObjectQLError(error, 'INTERNAL_ERROR'))
    }
  }

  /** Builds a change set from the stored records, writes it all or nothing, returns `result`. */
  #write<T>(
    object: string,
    operation: string,
    build: (
      existing: ReadonlyMap<string, DataRecord>,
      context: RecordContext,
    ) => { changes: ChangeSet; result: T },
  ): Promise<T> {
    return this.#run((store) => {
      const context: RecordContext = {
        object,
        fields: this.#schema(object)?.fields,
        generateId: () => this.generateId(),
      }
      const { changes, result } = build(store.table(object), context)
      if (changes.puts.length > 0 || changes.deletes.length > 0) {
        store.apply(object, changes, operation)
      }
      return result
    })
  }
}

function requireArray<T>(value: readonly T[], operation: string): readonly T[] {
  if (!Array.isArray(value)) {
    throw new ObjectQLError('VALIDATION_FAILED', `${operation} takes an array`, {
      details: { errors: [{ field: '', message: `${operation} takes an array` }] },
    })
  }
  return value
}
