import { ObjectQLError } from '../../kernel/errors.js'
import {
  cellKindOf,
  cellPrimitive,
  decodeCell,
  encodeCell,
  escapeCellText,
} from './excel-cell-codec.js'
import type { CellKind, CellPrimitive } from './excel-cell-codec.js'
import type { DataRecord, ObjectConfig } from '../../kernel/spec/object-config.js'
import type { Worksheet } from 'exceljs'

/**
 * A worksheet <-> an object's records. Layout: a header row of field names, one record per row.
 *
 * Reading is tolerant of what people do to workbooks in Excel or LibreOffice: the header is the
 * first non-empty row; columns are found by header name in any order; blank rows are skipped;
 * a header-only or empty sheet has no records. Columns the object does not declare are not
 * part of the records (a synced object's records hold only declared fields) but are kept, with
 * their values, and written back, so a note column someone added survives the driver's writes.
 * Reading is strict where guessing would corrupt data: a row with values but no id, a repeated
 * id or header, or a cell that does not fit its field's type fails with `DRIVER_ERROR` naming
 * the file, sheet and cell.
 *
 * Writing rewrites the whole sheet: the existing column order first (so reordered and extra
 * columns stay where they were), then declared fields not yet present, then any other keys.
 */

/** Where a sheet lives, for error messages. */
export interface SheetLocation {
  readonly file: string
  readonly sheet: string
}

/** A decoded sheet: its records plus what the driver keeps but does not expose. */
export interface DecodedSheet {
  readonly records: DataRecord[]
  /** Header names in sheet order (known and extra columns). */
  readonly columns: string[]
  /** Values of columns outside the object's fields, per record id. */
  readonly extras: Map<string, Readonly<Record<string, CellPrimitive>>>
}

/** The cell kind of every column of `object` (undefined object: schemaless). */
export function columnKinds(object: ObjectConfig | undefined): (column: string) => CellKind {
  return (column) => cellKindOf(column, object?.fields[column])
}

/** Reads a sheet (see the module comment). @throws ObjectQLError `DRIVER_ERROR`. */
export function decodeSheet(
  sheet: Worksheet,
  object: ObjectConfig | undefined,
  location: SheetLocation,
): DecodedSheet {
  const kindOf = columnKinds(object)
  const known = (column: string) =>
    object === undefined ||
    column === 'id' ||
    column === 'created_at' ||
    column === 'updated_at' ||
    Object.hasOwn(object.fields, column)
  const records: DataRecord[] = []
  const extras = new Map<string, Record<string, CellPrimitive>>()
  const rowOfId = new Map<string, number>()
  let header: Map<number, string> | undefined
  let columns: string[] = []
  sheet.eachRow((row, rowNumber) => {
    if (header === undefined) {
      header = readHeader(row.values, rowNumber, location)
      columns = [...header.values()]
      if (!columns.includes('id'))
        fail(location, rowNumber, undefined, "the header row has no 'id' column")
      return
    }
    const cells = new Map<string, CellPrimitive>()
    for (const [col, name] of header) cells.set(name, cellPrimitive(row.getCell(col).value))
    const id = cells.get('id') ?? null
    if (id === null || id === '') {
      const hasValues = [...cells].some(
        ([name, value]) => known(name) && value !== null && value !== '',
      )
      if (hasValues) fail(location, rowNumber, undefined, 'the row has values but no id')
      return
    }
    if (typeof id === 'object')
      fail(location, rowNumber, columnOf(header, 'id'), 'the id cell is not text or a number')
    const recordId = String(id)
    const first = rowOfId.get(recordId)
    if (first !== undefined)
      fail(
        location,
        rowNumber,
        columnOf(header, 'id'),
        `duplicate id '${recordId}' (first in row ${first})`,
      )
    rowOfId.set(recordId, rowNumber)
    const record: Record<string, unknown> = { id: recordId }
    const extra: Record<string, CellPrimitive> = {}
    for (const [col, name] of header) {
      if (name === 'id') continue
      const cell = cells.get(name) ?? null
      if (!known(name)) {
        if (cell !== null) extra[name] = cell
        continue
      }
      const decoded = decodeCell(kindOf(name), cell)
      if (typeof decoded === 'string') fail(location, rowNumber, col, `field '${name}': ${decoded}`)
      if (decoded.value !== null) define(record, name, decoded.value)
    }
    records.push(record as DataRecord)
    if (Object.keys(extra).length > 0) extras.set(recordId, extra)
  })
  return { records, columns, extras }
}

/** The columns to write: existing order, then declared fields, then other record keys. */
export function sheetColumns(
  existing: readonly string[],
  object: ObjectConfig | undefined,
  records: Iterable<DataRecord>,
): string[] {
  // 'id' stays where the sheet has it, or goes first.
  const columns = new Set<string>(existing.includes('id') ? existing : ['id', ...existing])
  for (const name of Object.keys(object?.fields ?? {})) columns.add(name)
  for (const record of records) for (const key of Object.keys(record)) columns.add(key)
  return [...columns]
}

/**
 * Fills an empty sheet: the header row, then one row per record (extras restored by id).
 *
 * @throws ObjectQLError `VALIDATION_FAILED` when a value cannot be stored in its cell (writers
 *   check records before staging them, so this only guards against a bug).
 */
export function encodeSheet(
  sheet: Worksheet,
  columns: readonly string[],
  records: Iterable<DataRecord>,
  object: ObjectConfig | undefined,
  extras: ReadonlyMap<string, Readonly<Record<string, CellPrimitive>>>,
): void {
  const kindOf = columnKinds(object)
  sheet.addRow(columns.map((name) => escapeCellText(name)))
  const kinds = columns.map((name) => kindOf(name))
  for (const record of records) {
    const extra = extras.get(record.id)
    const row = sheet.addRow([])
    columns.forEach((name, i) => {
      const value = Object.hasOwn(record, name) ? record[name] : extra?.[name]
      if (value === null || value === undefined) return
      const cell = row.getCell(i + 1)
      if (extra !== undefined && Object.hasOwn(extra, name)) {
        // Kept as read (unescaped): store it back in the escaped form of the image.
        cell.value = (typeof value === 'string' ? escapeCellText(value) : value) as never
        return
      }
      const encoded = encodeCell(kinds[i] ?? 'scalar', value)
      if (typeof encoded === 'string') {
        throw new ObjectQLError(
          'VALIDATION_FAILED',
          `field '${name}' of ${record.id}: ${encoded}`,
          {
            details: { errors: [{ field: name, message: encoded }] },
          },
        )
      }
      cell.value = encoded.value
      if (encoded.numFmt !== undefined) cell.numFmt = encoded.numFmt
    })
  }
}

/** The A1-style address of a cell. */
export function cellAddress(row: number, column: number): string {
  let letters = ''
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  }
  return `${letters}${row}`
}

function readHeader(
  values: unknown,
  rowNumber: number,
  location: SheetLocation,
): Map<number, string> {
  const header = new Map<number, string>()
  const seen = new Map<string, number>()
  const cells = Array.isArray(values) ? (values as unknown[]) : []
  cells.forEach((value, col) => {
    const primitive = cellPrimitive(value)
    if (primitive === null) return
    if (typeof primitive === 'object' && !(primitive instanceof Date)) return
    const name = (primitive instanceof Date ? primitive.toISOString() : String(primitive)).trim()
    if (name === '') return
    const first = seen.get(name)
    if (first !== undefined) {
      fail(
        location,
        rowNumber,
        col,
        `header '${name}' appears twice (first in ${cellAddress(rowNumber, first)})`,
      )
    }
    seen.set(name, col)
    header.set(col, name)
  })
  return header
}

function columnOf(header: ReadonlyMap<number, string>, name: string): number | undefined {
  for (const [col, value] of header) if (value === name) return col
  return undefined
}

function fail(
  location: SheetLocation,
  row: number,
  column: number | undefined,
  reason: string,
): never {
  const cell = column === undefined ? `row ${row}` : `cell ${cellAddress(row, column)}`
  throw new ObjectQLError(
    'DRIVER_ERROR',
    `excel driver: ${location.file}, sheet '${location.sheet}', ${cell}: ${reason}`,
    {
      details: {
        file: location.file,
        sheet: location.sheet,
        row,
        ...(column === undefined ? {} : { column, cell: cellAddress(row, column) }),
      },
    },
  )
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

/** Characters Excel forbids in sheet names. */
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/

/**
 * Checks that an object name can be a sheet name (Excel: 1-31 characters, none of `[ ] : * ?
 * / \`, no leading or trailing apostrophe, not the reserved `History`).
 *
 * @throws ObjectQLError `METADATA_INVALID` saying which rule the name breaks.
 */
export function assertSheetName(object: string): void {
  const problem =
    typeof object !== 'string' || object === ''
      ? 'it is empty'
      : object.length > 31
        ? 'Excel sheet names have at most 31 characters'
        : SHEET_NAME_FORBIDDEN.test(object)
          ? 'Excel sheet names cannot contain [ ] : * ? / \\'
          : object.startsWith("'") || object.endsWith("'")
            ? 'Excel sheet names cannot start or end with an apostrophe'
            : object.toLowerCase() === 'history'
              ? "'History' is reserved by Excel"
              : undefined
  if (problem !== undefined) {
    throw new ObjectQLError(
      'METADATA_INVALID',
      `excel driver: object name '${String(object)}' cannot be a sheet name: ${problem}`,
      { details: { object } },
    )
  }
}
