import { access, constants } from 'node:fs/promises'
import { dirname } from 'node:path'
import { DriverBase } from '../../kernel/driver/driver-base.js'
import { ObjectQLError, toObjectQLError } from '../../kernel/errors.js'
import { aggregateRecords } from '../../kernel/query/record-aggregator.js'
import { countRecords, distinctValues, executeQuery } from '../../kernel/query/query-executor.js'
import { compileFilter } from '../../kernel/query/filter-compiler.js'
import { compileProjection } from '../../kernel/query/record-projector.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import { deepCopy } from '../../kernel/query/value-copy.js'
import { EXCEL_CAPABILITIES } from './excel-driver-capabilities.js'
import { resolveExcelConfig } from './excel-driver-config.js'
import { introspectWorkbook } from './excel-introspector.js'
import { applyCreate, applyDelete, applyUpdate, requireArray } from './excel-record-writer.js'
import { assertSheetName } from './excel-sheet-codec.js'
import { SheetStore } from './excel-sheet-store.js'
import type { ExcelDriverConfig } from './excel-driver-config.js'
import type { RecordTable, TableStaging } from '../common/record-table.js'
import type { WriteContext } from './excel-record-writer.js'
import type { BulkUpdate, DriverOptions, IntrospectedSchema } from '../../kernel/driver/driver.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'

type State = 'idle' | 'connected' | 'disconnected'

/**
 * Records in one Excel workbook, one worksheet per object (header row of field names, one
 * record per row; cell types per field: excel-cell-codec.ts), with queries evaluated by the
 * kernel's in-process engine.
 *
 * - The workbook is read on `connect()`; each object's sheet is decoded on first use (again
 *   after `syncSchema` changes its declaration) and kept in memory, so reads never touch disk.
 * - Every write is staged in memory, the object's sheet is rebuilt and the workbook saved
 *   atomically (excel-atomic-save.ts); only then is the write applied in memory. A failed save
 *   changes nothing (the sheet is rebuilt from the committed records).
 * - One workbook is one file, so writes run one at a time (one promise queue); bulk writes
 *   save once and are all-or-nothing.
 * - Workbooks edited in Excel or LibreOffice open: extra sheets, blank rows, reordered and extra
 *   columns are tolerated and kept; a cell that does not fit its field fails with
 *   `DRIVER_ERROR` naming the sheet and cell.
 * - Returned records are copies. There is no lock file: one process should own a workbook.
 *
 * @example
 * const driver = new ExcelDriver({ file: './data.xlsx' })
 * await driver.connect()
 * await driver.syncSchema([{ name: 'task', fields: { title: { type: 'text' } } }])
 * await driver.create('task', { title: 'Write the spec' })
 */
export class ExcelDriver extends DriverBase {
  readonly name = 'excel'
  readonly version = '1.0.0'
  readonly capabilities = EXCEL_CAPABILITIES
  /** The absolute path of the workbook. */
  readonly file: string

  #state: State = 'idle'
  #opening: Promise<void> | undefined
  readonly #store: SheetStore
  readonly #schemas = new Map<string, QuerySchema>()

  /** @throws ObjectQLError `CONFIG_INVALID` for a bad config. */
  constructor(config: ExcelDriverConfig) {
    super()
    this.file = resolveExcelConfig(config).file
    this.#store = new SheetStore(this.file)
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
    await this.#store.close()
  }

  override async checkHealth(): Promise<boolean> {
    if (this.#state !== 'connected') return false
    try {
      await access(dirname(this.file), constants.R_OK | constants.W_OK)
      return true
    } catch {
      // checkHealth never throws: an unreachable directory is simply unhealthy.
      return false
    }
  }

  /** Remembers the declarations and, when connected, adds a header-only sheet for new objects. */
  override async syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    try {
      for (const object of objects) assertSheetName(object.name)
      assertNoCaseClash([...this.objects.keys(), ...objects.map((object) => object.name)])
      const apply = async () => {
        await super.syncSchema(objects)
        for (const object of objects) this.#schemas.set(object.name, querySchemaFor(object))
      }
      if (this.#state !== 'connected') return await apply()
      await this.#store.serialized(async () => {
        await apply()
        await this.#store.addSheets(objects)
      })
    } catch (error) {
      throw toObjectQLError(error, 'INTERNAL_ERROR')
    }
  }

  override async introspectSchema(): Promise<IntrospectedSchema> {
    return this.#guard(undefined, async () =>
      introspectWorkbook(this.objects, this.#store.undeclaredSheets(this.objects)),
    )
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

  /** Creates every record or none (DRV-BULK-001/002): one save. */
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

  async #open(): Promise<void> {
    await this.#store.open()
    this.#state = 'connected'
  }

  /** Runs an operation after the lifecycle checks; anything uncoded becomes an ObjectQLError. */
  async #guard<T>(options: DriverOptions | undefined, operation: () => Promise<T>): Promise<T> {
    try {
      if (this.#state !== 'connected') {
        throw new ObjectQLError(
          'DRIVER_NOT_CONNECTED',
          `excel driver (${this.file}) is ${this.#state === 'idle' ? 'not connected yet' : 'disconnected'}`,
        )
      }
      // Ignoring a handle would write outside the caller's transaction without telling them.
      if (options?.transaction !== undefined) throw this.notSupported('transactions')
      return await operation()
    } catch (error) {
      throw toObjectQLError(error, 'INTERNAL_ERROR')
    }
  }

  async #read<T>(
    object: string,
    options: DriverOptions | undefined,
    operation: (table: RecordTable, schema: QuerySchema | undefined) => T,
  ): Promise<T> {
    return this.#guard(options, async () =>
      operation(
        this.#store.table(object, this.objects.get(object)).records,
        this.#schemas.get(object),
      ),
    )
  }

  /** Runs a write through the store (staged, sheet rebuilt, saved, then applied) after the checks. */
  async #write<T>(
    object: string,
    options: DriverOptions | undefined,
    operation: (staging: TableStaging, context: WriteContext) => T,
  ): Promise<T> {
    return this.#guard(options, () =>
      this.#store.write(
        object,
        () => this.objects.get(object),
        (staging, config) =>
          operation(staging, {
            object,
            config,
            schema: this.#schemas.get(object),
            generateId: () => this.generateId(),
          }),
      ),
    )
  }
}

/** Excel sheet names are case-insensitive: `Task` and `task` would share one sheet. */
function assertNoCaseClash(names: readonly string[]): void {
  const seen = new Map<string, string>()
  for (const name of names) {
    const other = seen.get(name.toLowerCase())
    if (other !== undefined && other !== name) {
      throw new ObjectQLError(
        'METADATA_INVALID',
        `excel driver: objects '${other}' and '${name}' would share one sheet (Excel sheet names ignore case)`,
        { details: { objects: [other, name] } },
      )
    }
    seen.set(name.toLowerCase(), name)
  }
}
