import { access, constants } from 'node:fs/promises'
import { DriverBase } from '../../kernel/driver/driver-base.js'
import { ObjectQLError, toObjectQLError } from '../../kernel/errors.js'
import { aggregateRecords } from '../../kernel/query/record-aggregator.js'
import { countRecords, distinctValues, executeQuery } from '../../kernel/query/query-executor.js'
import { compileFilter } from '../../kernel/query/filter-compiler.js'
import { compileProjection } from '../../kernel/query/record-projector.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import { deepCopy } from '../../kernel/query/value-copy.js'
import { applyCreate, applyDelete, applyUpdate, requireArray } from './record-table-writer.js'
import type { InputCopier, TableWriteContext } from './record-table-writer.js'
import type { RecordTable, TableStaging } from './record-table.js'
import type { BulkUpdate, DriverOptions } from '../../kernel/driver/driver.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'

type State = 'idle' | 'connected' | 'disconnected'

/**
 * The body shared by the drivers that keep each object's records in memory as a
 * {@link RecordTable} and persist every write by replacing a file (fs: one JSON Lines file per
 * object; excel: one workbook). Queries run on the kernel's in-process engine; writes are staged
 * ({@link TableStaging}), persisted by the subclass, and only then applied, so a failed write
 * changes nothing. The subclass supplies where tables come from, how a staged write is
 * persisted, and which values its storage can hold (its {@link InputCopier}).
 *
 * Lifecycle: `connect()` runs {@link RecordTableDriver.open} once (concurrent calls share it);
 * `disconnect()` runs {@link RecordTableDriver.close} when it was connected. Data calls before
 * `connect()` or after `disconnect()` fail with `DRIVER_NOT_CONNECTED`; a transaction handle
 * fails with `NOT_SUPPORTED` (these drivers have no transactions).
 */
export abstract class RecordTableDriver extends DriverBase {
  #state: State = 'idle'
  #opening: Promise<void> | undefined
  readonly #schemas = new Map<string, QuerySchema>()

  /** How errors name this driver, e.g. `fs driver (/data)`. */
  protected abstract describeDriver(): string
  /** The directory that must stay readable and writable for `checkHealth()`. */
  protected abstract healthDirectory(): string
  /** Opens the storage (directory, lock, workbook); the driver is connected once it resolves. */
  protected abstract open(): Promise<void>
  /** Lets accepted writes finish, then releases the storage. */
  protected abstract close(): Promise<void>
  /** The object's committed records (loaded on first use). */
  protected abstract loadTable(object: string): RecordTable | Promise<RecordTable>
  /**
   * Runs `operation` on a staging of the object's table, in the object's write queue; persists
   * the staging when it changed, then applies it to the table. `operation` gets the copier that
   * checks input against what the storage can hold.
   */
  protected abstract stage<T>(
    object: string,
    operation: (staging: TableStaging, copyInput: InputCopier) => T,
  ): Promise<T>

  /** True between a successful `connect()` and `disconnect()`. */
  protected get connected(): boolean {
    return this.#state === 'connected'
  }

  /** The query schema of a declared object (undefined: schemaless). */
  protected schemaOf(object: string): QuerySchema | undefined {
    return this.#schemas.get(object)
  }

  /** Declares `objects` to the base (`this.objects`) and compiles their query schemas. */
  protected async declareObjects(objects: readonly ObjectConfig[]): Promise<void> {
    await super.syncSchema(objects)
    for (const object of objects) this.#schemas.set(object.name, querySchemaFor(object))
  }

  override async connect(): Promise<void> {
    if (this.#state === 'connected') return
    this.#opening ??= this.#open().finally(() => (this.#opening = undefined))
    return this.#opening
  }

  override async disconnect(): Promise<void> {
    await this.#opening?.catch(() => undefined)
    const wasConnected = this.#state === 'connected'
    this.#state = 'disconnected'
    if (!wasConnected) return
    // Writes accepted before disconnect finish (and are reported to their callers) first.
    await this.close()
  }

  override async checkHealth(): Promise<boolean> {
    if (this.#state !== 'connected') return false
    try {
      await access(this.healthDirectory(), constants.R_OK | constants.W_OK)
      return true
    } catch {
      // checkHealth never throws: an unreachable directory is simply unhealthy.
      return false
    }
  }

  async find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    return this.#read(object, options, (table, schema) =>
      executeQuery(table.values(), query, schema),
    )
  }

  async findOne(
    object: string,
    id: string,
    query?: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord | null> {
    return this.#read(object, options, (table, schema) => {
      // Compile first: a bad query fails whether or not the record exists.
      const matches = compileFilter(query?.where, schema?.fields, schema)
      const project = compileProjection(query?.fields, schema)
      const record = table.get(id)
      return record !== undefined && matches(record) ? project(record) : null
    })
  }

  async count(
    object: string,
    where: FilterCondition | undefined,
    options?: DriverOptions,
  ): Promise<number> {
    return this.#read(object, options, (table, schema) =>
      countRecords(table.values(), where, schema),
    )
  }

  override async aggregate(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<Record<string, unknown>[]> {
    return this.#read(object, options, (table, schema) =>
      aggregateRecords(table.values(), query, schema),
    )
  }

  override async distinct(
    object: string,
    field: string,
    where?: FilterCondition,
    options?: DriverOptions,
  ): Promise<unknown[]> {
    return this.#read(object, options, (table, schema) =>
      distinctValues(table.values(), field, where, schema),
    )
  }

  async create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord> {
    return this.#write(object, options, (staging, context) =>
      deepCopy(applyCreate(staging, data, context)),
    )
  }

  async update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ): Promise<DataRecord> {
    return this.#write(object, options, (staging, context) =>
      deepCopy(applyUpdate(staging, id, data, context)),
    )
  }

  async delete(object: string, id: string, options?: DriverOptions): Promise<boolean> {
    return this.#write(object, options, (staging) => applyDelete(staging, id))
  }

  /** Creates every record or none (DRV-BULK-001/002): one file replacement. */
  override async bulkCreate(
    object: string,
    data: readonly RecordInput[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#write(object, options, (staging, context) =>
      requireArray(data, 'bulkCreate').map((input) =>
        deepCopy(applyCreate(staging, input, context)),
      ),
    )
  }

  /** Updates every record or none; a missing id fails with `NOT_FOUND` (DRV-BULK-003). */
  override async bulkUpdate(
    object: string,
    updates: readonly BulkUpdate[],
    options?: DriverOptions,
  ): Promise<DataRecord[]> {
    return this.#write(object, options, (staging, context) =>
      requireArray(updates, 'bulkUpdate').map(({ id, data }) =>
        deepCopy(applyUpdate(staging, id, data, context)),
      ),
    )
  }

  /** Deletes the records that exist and counts them (DRV-BULK-004); a repeated id counts once. */
  override async bulkDelete(
    object: string,
    ids: readonly string[],
    options?: DriverOptions,
  ): Promise<number> {
    return this.#write(
      object,
      options,
      (staging) => requireArray(ids, 'bulkDelete').filter((id) => applyDelete(staging, id)).length,
    )
  }

  /** Runs an operation after the lifecycle checks; anything uncoded becomes an ObjectQLError. */
  protected async guard<T>(
    options: DriverOptions | undefined,
    operation: () => Promise<T>,
  ): Promise<T> {
    try {
      if (this.#state !== 'connected') {
        throw new ObjectQLError(
          'DRIVER_NOT_CONNECTED',
          `${this.describeDriver()} is ${this.#state === 'idle' ? 'not connected yet' : 'disconnected'}`,
        )
      }
      // Ignoring a handle would write outside the caller's transaction without telling them.
      if (options?.transaction !== undefined) throw this.notSupported('transactions')
      return await operation()
    } catch (error) {
      throw toObjectQLError(error, 'INTERNAL_ERROR')
    }
  }

  async #open(): Promise<void> {
    await this.open()
    this.#state = 'connected'
  }

  async #read<T>(
    object: string,
    options: DriverOptions | undefined,
    operation: (table: RecordTable, schema: QuerySchema | undefined) => T,
  ): Promise<T> {
    return this.guard(options, async () =>
      operation(await this.loadTable(object), this.#schemas.get(object)),
    )
  }

  /** Runs a write through the subclass's staging (staged, persisted, then applied). */
  async #write<T>(
    object: string,
    options: DriverOptions | undefined,
    operation: (staging: TableStaging, context: TableWriteContext) => T,
  ): Promise<T> {
    return this.guard(options, () =>
      this.stage(object, (staging, copyInput) =>
        operation(staging, { object, generateId: () => this.generateId(), copyInput }),
      ),
    )
  }
}
