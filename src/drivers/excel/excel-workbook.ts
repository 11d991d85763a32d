import { readFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import { ObjectQLError } from '../../kernel/errors.js'
import { AtomicSaveError, saveFileAtomic } from './excel-atomic-save.js'
import { escapeCellText } from './excel-cell-codec.js'
import { errnoCode, mapExcelError } from './excel-error-map.js'
import type { Worksheet } from 'exceljs'

/**
 * The workbook file and its in-memory image. Text in the image is kept in its stored (escaped,
 * `_xHHHH_`) form, the form exceljs writes verbatim: cells the driver writes are escaped by the
 * cell codec, cells loaded from the file are re-escaped here (exceljs decodes them on load), and
 * the sheet codec unescapes on read. So text in sheets the driver never rewrites survives a save
 * unchanged, and a sheet can be decoded again from the image at any time.
 *
 * The image The image is loaded once and rewritten whole on
 * every save (an .xlsx is one zip); sheets that are not objects' sheets (notes, charts'
 * data, pivots' sources) are carried along untouched as far as exceljs can carry them.
 */
export class WorkbookFile {
  readonly file: string
  #workbook: ExcelJS.Workbook = new ExcelJS.Workbook()

  constructor(file: string) {
    this.file = file
  }

  /**
   * Reads the workbook; a missing file is an empty workbook (created on the first save).
   *
   * @throws ObjectQLError `DRIVER_ERROR` naming the file when it is not a readable .xlsx;
   *   mapped errno codes when it cannot be read.
   */
  async load(): Promise<void> {
    let content: Buffer
    try {
      content = await readFile(this.file)
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw mapExcelError(error, 'read', this.file)
      this.#workbook = new ExcelJS.Workbook()
      return
    }
    const workbook = new ExcelJS.Workbook()
    try {
      // exceljs declares its own global `Buffer` (an ArrayBuffer) that @types/node's generic
      // Buffer does not match; at run time exceljs accepts a Node Buffer.
      await workbook.xlsx.load(content as unknown as Parameters<typeof workbook.xlsx.load>[0])
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new ObjectQLError(
        'DRIVER_ERROR',
        `excel driver: ${this.file} is not a readable .xlsx workbook (${reason})`,
        { cause: error, details: { file: this.file } },
      )
    }
    escapeLoadedText(workbook)
    this.#workbook = workbook
  }

  /** The sheet of `name`: exact match first, then case-insensitive (as Excel names sheets). */
  sheet(name: string): Worksheet | undefined {
    const exact = this.#workbook.worksheets.find((sheet) => sheet.name === name)
    if (exact !== undefined) return exact
    const lower = name.toLowerCase()
    return this.#workbook.worksheets.find((sheet) => sheet.name.toLowerCase() === lower)
  }

  /** Removes the sheet of `name`, if there is one. */
  removeSheet(name: string): void {
    const sheet = this.sheet(name)
    if (sheet !== undefined) this.#workbook.removeWorksheet(sheet.id)
  }

  /** Names of every sheet, in tab order. */
  sheetNames(): string[] {
    return this.#workbook.worksheets.map((sheet) => sheet.name)
  }

  /**
   * Replaces (or adds) the sheet of `name` with an empty one filled by `fill`, at the same tab
   * position and keeping its column widths and views (frozen header, zoom).
   */
  replaceSheet(name: string, fill: (sheet: Worksheet) => void): void {
    const old = this.sheet(name)
    const widths = new Map<number, number>()
    if (old !== undefined) {
      for (let col = 1; col <= old.columnCount; col++) {
        const width = old.getColumn(col).width
        if (width !== undefined) widths.set(col, width)
      }
      this.#workbook.removeWorksheet(old.id)
    }
    const sheet = this.#workbook.addWorksheet(old?.name ?? name)
    if (old !== undefined) {
      // exceljs orders tabs by this undeclared property; without it the sheet moves to the end.
      ;(sheet as unknown as { orderNo: number }).orderNo = (
        old as unknown as { orderNo: number }
      ).orderNo
      sheet.views = old.views
      for (const [col, width] of widths) sheet.getColumn(col).width = width
    }
    fill(sheet)
  }

  /**
   * Writes the image to the file atomically (excel-atomic-save.ts).
   *
   * @throws ObjectQLError mapped from the native error; `details.stage` says how far it got
   *   (`sync-directory`: the new workbook is in place but may not survive a power cut).
   */
  async save(): Promise<void> {
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await this.#workbook.xlsx.writeBuffer())
    } catch (error) {
      throw mapExcelError(error, 'serialize', this.file)
    }
    try {
      await saveFileAtomic(this.file, bytes)
    } catch (error) {
      if (!(error instanceof AtomicSaveError)) throw mapExcelError(error, 'save', this.file)
      const mapped = mapExcelError(error.cause, `save (${error.stage})`, this.file)
      throw new ObjectQLError(mapped.code, mapped.message, {
        cause: error.cause,
        details: { ...mapped.details, stage: error.stage },
      })
    }
  }
}

/** Puts loaded text back into its stored form (see the class comment). */
function escapeLoadedText(workbook: ExcelJS.Workbook): void {
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        // A merged cell reads and writes its master's value: escape the master only, once.
        if (cell.type === ExcelJS.ValueType.Merge) return
        const value: unknown = cell.value
        if (typeof value === 'string') {
          cell.value = escapeCellText(value)
        } else if (typeof value === 'object' && value !== null) {
          const rich = (value as { richText?: unknown }).richText
          const link = value as { text?: unknown; hyperlink?: unknown }
          if (Array.isArray(rich)) {
            cell.value = {
              richText: (rich as ExcelJS.RichText[]).map((run) => ({
                ...run,
                text: escapeCellText(run.text),
              })),
            }
          } else if (typeof link.hyperlink === 'string' && typeof link.text === 'string') {
            cell.value = {
              ...(value as ExcelJS.CellHyperlinkValue),
              text: escapeCellText(link.text),
            }
          }
        }
      })
    })
  }
}
