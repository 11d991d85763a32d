import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { removeStaleSaves } from './excel-atomic-save.js'
import { mapExcelError } from './excel-error-map.js'
import { TableStaging } from '../common/record-table.js'
import { assertSheetName, decodeSheet, encodeSheet, sheetColumns } from './excel-sheet-codec.js'
import { WorkbookFile } from './excel-workbook.js'
import type { CellPrimitive } from './excel-cell-codec.js'
import type { UndeclaredSheet } from './excel-introspector.js'
import type { RecordTable } from '../common/record-table.js'
import type { ObjectQLError } from '../../kernel/errors.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'

/** One object's sheet, decoded: records by id, the header order, columns kept but not exposed. */
export interface SheetTable {
  readonly records: RecordTable
  columns: string[]
  readonly extras: Map<string, Readonly<Record<string, CellPrimitive>>>
}

/**
 * The excel driver's storage engine: the workbook image, each object's sheet decoded on first
 * use (and again when its declaration changes), and one write queue for the one file.
 *
 * A write stages its changes over the decoded records, rebuilds the object's sheet in the image
 * from the staged records, saves the workbook atomically, and only then applies the changes in
 * memory. A save that fails before the rename rebuilds the sheet from the committed records, so
 * the image, the file and memory all stay as they were (DRV-WRITE-006); bulk writes save once.
 */
export class SheetStore {
  readonly file: string
  readonly #workbook: WorkbookFile
  /** Decoded sheets, with the declaration they were decoded with. */
  readonly #tables = new Map<string, { table: SheetTable; config: ObjectConfig | undefined }>()
  /** Tail of the write queue (always settles, never rejects). */
  #queue: Promise<void> = Promise.resolve()

  constructor(file: string) {
    this.file = file
    this.#workbook = new WorkbookFile(file)
  }

  /** Creates the directory, removes temp files of crashed saves and reads the workbook. */
  async open(): Promise<void> {
    try {
      await mkdir(dirname(this.file), { recursive: true })
      await removeStaleSaves(this.file)
    } catch (error) {
      throw mapExcelError(error, 'open', this.file)
    }
    await this.#workbook.load()
    this.#tables.clear()
  }

  /** Waits for every queued write, then forgets the decoded sheets. */
  async close(): Promise<void> {
    await this.#queue
    this.#tables.clear()
  }

  /** The object's decoded sheet; decoded again when `config` is not the one used last time. */
  table(object: string, config: ObjectConfig | undefined): SheetTable {
    assertSheetName(object)
    const cached = this.#tables.get(object)
    if (cached !== undefined && cached.config === config) return cached.table
    const sheet = this.#workbook.sheet(object)
    const decoded =
      sheet === undefined
        ? { records: [], columns: [], extras: new Map<string, Record<string, CellPrimitive>>() }
        : decodeSheet(sheet, config, { file: this.file, sheet: sheet.name })
    const table: SheetTable = {
      records: new Map(decoded.records.map((record) => [record.id, record])),
      columns: decoded.columns,
      extras: decoded.extras,
    }
    this.#tables.set(object, { table, config })
    return table
  }

  /**
   * Runs `operation` in the queue against a staging of the object; saves when it changed
   * something. `declaration` is read when the write's turn comes, after earlier schema syncs.
   */
  write<T>(
    object: string,
    declaration: () => ObjectConfig | undefined,
    operation: (staging: TableStaging, config: ObjectConfig | undefined) => T,
  ): Promise<T> {
    return this.#enqueue(async () => {
      const config = declaration()
      const table = this.table(object, config)
      const staging = new TableStaging(table.records)
      const result = operation(staging, config)
      if (!staging.changed) return result
      const existed = this.#workbook.sheet(object) !== undefined
      const columns = sheetColumns(table.columns, config, staging.records())
      this.#workbook.replaceSheet(object, (sheet) =>
        encodeSheet(sheet, columns, staging.records(), config, table.extras),
      )
      try {
        await this.#workbook.save()
      } catch (error) {
        // After the rename the new workbook is on disk: keep it; the error says durability is
        // unknown. Before it, put the committed sheet back.
        if ((error as ObjectQLError).details?.['stage'] === 'sync-directory') {
          commit(table, staging, columns)
        } else if (!existed) {
          this.#workbook.removeSheet(object)
        } else {
          this.#workbook.replaceSheet(object, (sheet) =>
            encodeSheet(sheet, table.columns, table.records.values(), config, table.extras),
          )
        }
        throw error
      }
      commit(table, staging, columns)
      return result
    })
  }

  /**
   * Adds a header-only sheet for each object without one and saves once. Call it inside
   * {@link SheetStore.serialized}: it touches the image like a write does.
   */
  async addSheets(objects: readonly ObjectConfig[]): Promise<void> {
    const added = objects.filter((object) => this.#workbook.sheet(object.name) === undefined)
    if (added.length === 0) return
    for (const object of added) {
      const columns = sheetColumns([], object, [])
      this.#workbook.replaceSheet(object.name, (sheet) =>
        encodeSheet(sheet, columns, [], object, new Map()),
      )
      this.#tables.delete(object.name)
    }
    try {
      await this.#workbook.save()
    } catch (error) {
      for (const object of added) this.#workbook.removeSheet(object.name)
      throw error
    }
  }

  /**
   * Runs `task` in the write queue, so it never overlaps a write (a declaration change in the
   * middle of a write could make a read decode the write's uncommitted sheet).
   */
  serialized<T>(task: () => Promise<T>): Promise<T> {
    return this.#enqueue(task)
  }

  /**
   * Sheets no declared object owns that read as records (they have an `id` column); notes,
   * charts' data and the like are left out.
   */
  undeclaredSheets(declared: ReadonlyMap<string, ObjectConfig>): Map<string, UndeclaredSheet> {
    const found = new Map<string, UndeclaredSheet>()
    for (const name of this.#workbook.sheetNames()) {
      const sheet = this.#workbook.sheet(name)
      if (declared.has(name) || sheet === undefined) continue
      try {
        found.set(name, decodeSheet(sheet, undefined, { file: this.file, sheet: name }))
      } catch {
        // Not an object's sheet (no id column, or not records): introspection leaves it out.
      }
    }
    return found
  }

  /** Runs `task` after every earlier write has settled. */
  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task)
    this.#queue = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }
}

function commit(table: SheetTable, staging: TableStaging, columns: string[]): void {
  staging.applyTo(table.records)
  table.columns = columns
  for (const id of table.extras.keys()) if (!table.records.has(id)) table.extras.delete(id)
}
