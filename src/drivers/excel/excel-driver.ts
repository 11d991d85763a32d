import { dirname } from 'node:path'
import { ObjectQLError, toObjectQLError } from '../../kernel/errors.js'
import { RecordTableDriver } from '../common/record-table-driver.js'
import { EXCEL_CAPABILITIES } from './excel-driver-capabilities.js'
import { resolveExcelConfig } from './excel-driver-config.js'
import { introspectWorkbook } from './excel-introspector.js'
import { copyCellInput } from './excel-record-input.js'
import { assertSheetName } from './excel-sheet-codec.js'
import { SheetStore } from './excel-sheet-store.js'
import type { ExcelDriverConfig } from './excel-driver-config.js'
import type { RecordTable, TableStaging } from '../common/record-table.js'
import type { InputCopier } from '../common/record-table-writer.js'
import type { IntrospectedSchema } from '../../kernel/driver/driver.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'

/**
 * Records in one Excel workbook, one worksheet per object (header row of field names, one
 * record per row; cell types per field: excel-cell-codec.ts), with queries evaluated by the
 * kernel's in-process engine (the shared body: ../common/record-table-driver.ts).
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
export class ExcelDriver extends RecordTableDriver {
  readonly name = 'excel'
  readonly version = '1.0.0'
  readonly capabilities = EXCEL_CAPABILITIES
  /** The absolute path of the workbook. */
  readonly file: string

  readonly #store: SheetStore

  /** @throws ObjectQLError `CONFIG_INVALID` for a bad config. */
  constructor(config: ExcelDriverConfig) {
    super()
    this.file = resolveExcelConfig(config).file
    this.#store = new SheetStore(this.file)
  }

  /** Remembers the declarations and, when connected, adds a header-only sheet for new objects. */
  override async syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    try {
      for (const object of objects) assertSheetName(object.name)
      assertNoCaseClash([...this.objects.keys(), ...objects.map((object) => object.name)])
      if (!this.connected) return await this.declareObjects(objects)
      await this.#store.serialized(async () => {
        await this.declareObjects(objects)
        await this.#store.addSheets(objects)
      })
    } catch (error) {
      throw toObjectQLError(error, 'INTERNAL_ERROR')
    }
  }

  override async introspectSchema(): Promise<IntrospectedSchema> {
    return this.guard(undefined, async () =>
      introspectWorkbook(this.objects, this.#store.undeclaredSheets(this.objects)),
    )
  }

  protected describeDriver(): string {
    return `excel driver (${this.file})`
  }

  protected healthDirectory(): string {
    return dirname(this.file)
  }

  protected async open(): Promise<void> {
    await this.#store.open()
  }

  protected async close(): Promise<void> {
    await this.#store.close()
  }

  protected loadTable(object: string): RecordTable {
    return this.#store.table(object, this.objects.get(object)).records
  }

  /** Staged, the sheet rebuilt and the workbook saved, then applied (excel-sheet-store.ts). */
  protected stage<T>(
    object: string,
    operation: (staging: TableStaging, copyInput: InputCopier) => T,
  ): Promise<T> {
    return this.#store.write(
      object,
      () => this.objects.get(object),
      (staging, config) =>
        operation(staging, (input) => copyCellInput(input, this.schemaOf(object), config)),
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
