import { dateToIso, toCanonicalDate, toCanonicalDateTime } from '../../kernel/spec/iso-date.js'
import { toJsonValue } from './excel-json-value.js'
import type { FieldConfig, FieldType } from '../../kernel/spec/object-config.js'

/**
 * One value <-> one cell, by the field's kind. Decisions (see also excel-sheet-codec.ts):
 * - text, numbers and booleans are native cells (`t="s"`, numeric, `t="b"`);
 * - `datetime` values are real Excel date cells (format `yyyy-mm-ddThh:mm:ss.000Z`, UTC) when the
 *   value is the canonical `YYYY-MM-DDTHH:mm:ss.sssZ` and on or after 1900-03-01 (Excel cannot
 *   show earlier serials); the serial keeps milliseconds exactly (checked per value), and reading
 *   converts back with `toISOString()`. Any other valid ISO spelling, or an earlier instant, is
 *   stored as its exact text, so every value reads back as the string that was written;
 * - `date` values are date cells at UTC midnight (format `yyyy-mm-dd`), same fallback;
 * - json, object and multi-value fields are JSON text;
 * - text is escaped the way Excel does (`_xHHHH_` for characters XML cannot hold), so control
 *   characters, CR and lone surrogates round-trip instead of corrupting the workbook.
 * A value a cell cannot hold is refused at write time; a cell that cannot be read as its
 * field's kind fails with the cell's address (never a silent guess).
 */

/** How a field's values are stored in cells. `scalar`: string, number or boolean as given. */
export type CellKind =
  'text' | 'time' | 'number' | 'boolean' | 'datetime' | 'date' | 'json' | 'scalar'

/** What a cell holds once rich text, hyperlinks and formulas are reduced to their values. */
export type CellPrimitive = string | number | boolean | Date | null | { readonly error: string }

/** A value ready for exceljs, with the number format date cells need. */
export interface EncodedCell {
  readonly value: string | number | boolean | Date
  readonly numFmt?: string
}

/** Excel's limit on the characters of one cell. */
export const MAX_CELL_TEXT = 32_767

const DATETIME_FORMAT = 'yyyy-mm-dd"T"hh:mm:ss.000"Z"'
const DATE_FORMAT = 'yyyy-mm-dd'
/** The first day Excel's 1900 date system shows correctly (its serial 61). */
const FIRST_DATE_CELL = Date.UTC(1900, 2, 1)
const LAST_DATE_CELL = Date.UTC(9999, 11, 31, 23, 59, 59, 999)
const MS_PER_DAY = 86_400_000
const EXCEL_EPOCH_OFFSET = 25_569

const KINDS: Partial<Record<FieldType, CellKind>> = {
  number: 'number',
  currency: 'number',
  percent: 'number',
  rating: 'number',
  slider: 'number',
  progress: 'number',
  boolean: 'boolean',
  toggle: 'boolean',
  datetime: 'datetime',
  date: 'date',
  time: 'time',
  json: 'json',
  object: 'json',
  grid: 'json',
  location: 'json',
  address: 'json',
  vector: 'json',
  file: 'json',
  image: 'json',
  avatar: 'json',
  video: 'json',
  audio: 'json',
  signature: 'json',
  multiselect: 'json',
  checkboxes: 'json',
  tags: 'json',
  select: 'scalar',
  radio: 'scalar',
  lookup: 'scalar',
  master_detail: 'scalar',
  tree: 'scalar',
  formula: 'scalar',
  summary: 'scalar',
  autonumber: 'scalar',
}

/** The cell kind of a column: declared type, system field, or `scalar` when undeclared. */
export function cellKindOf(name: string, field: FieldConfig | undefined): CellKind {
  if (name === 'id') return 'text'
  if (field === undefined)
    return name === 'created_at' || name === 'updated_at' ? 'datetime' : 'scalar'
  if (field.multiple === true) return 'json'
  return KINDS[field.type] ?? 'text'
}

/**
 * The cell for a non-null value.
 *
 * @returns the cell, or a message saying why the value cannot be stored in this kind.
 */
export function encodeCell(kind: CellKind, value: unknown): EncodedCell | string {
  switch (kind) {
    case 'text':
    case 'time':
      return typeof value === 'string' ? text(value) : `expected a string, got ${describe(value)}`
    case 'number':
      return isFiniteNumber(value) ? { value } : `expected a finite number, got ${describe(value)}`
    case 'boolean':
      return typeof value === 'boolean' ? { value } : `expected a boolean, got ${describe(value)}`
    case 'datetime':
      if (typeof value !== 'string' || toCanonicalDateTime(value) === undefined) {
        return `expected an ISO-8601 datetime string, got ${describe(value)}`
      }
      return dateCell(value, DATETIME_FORMAT) ?? text(value)
    case 'date':
      if (typeof value !== 'string' || toCanonicalDate(value) === undefined) {
        return `expected a YYYY-MM-DD date string, got ${describe(value)}`
      }
      return dateCell(`${value}T00:00:00.000Z`, DATE_FORMAT) ?? text(value)
    case 'json': {
      const checked = toJsonValue(value)
      return checked.ok ? text(JSON.stringify(checked.value)) : checked.message
    }
    case 'scalar':
      if (typeof value === 'string') return text(value)
      if (isFiniteNumber(value) || typeof value === 'boolean') return { value }
      return `expected a string, finite number or boolean (declare the field as json for structured values), got ${describe(value)}`
  }
}

/**
 * The value a cell holds for a field of this kind.
 *
 * @returns `{ value }`, or a message saying why the cell does not fit the kind.
 */
export function decodeCell(kind: CellKind, cell: CellPrimitive): { value: unknown } | string {
  if (cell === null) return { value: null }
  if (typeof cell === 'object' && !(cell instanceof Date))
    return `the cell holds the error ${cell.error}`
  switch (kind) {
    case 'text':
      if (cell instanceof Date) return { value: isoOf(cell) }
      // Excel turns a typed TRUE into a boolean cell; in a text column it meant the word.
      if (typeof cell === 'boolean') return { value: cell ? 'TRUE' : 'FALSE' }
      return { value: String(cell) }
    case 'time':
      if (cell instanceof Date)
        return {
          value: isoOf(cell)
            .slice(11, 23)
            .replace(/\.000$/, ''),
        }
      return { value: String(cell) }
    case 'number':
      if (typeof cell === 'number') return { value: cell }
      if (typeof cell === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(cell)) {
        return { value: Number(cell) }
      }
      return `expected a number, found ${describe(cell)}`
    case 'boolean':
      if (typeof cell === 'boolean') return { value: cell }
      // LibreOffice and CSV imports write booleans as 1/0 or as text.
      if (cell === 1 || cell === 0) return { value: cell === 1 }
      if (typeof cell === 'string' && /^(true|false)$/i.test(cell.trim())) {
        return { value: cell.trim().toLowerCase() === 'true' }
      }
      return `expected a boolean, found ${describe(cell)}`
    case 'datetime':
      if (cell instanceof Date) return dateValue(cell, (iso) => iso)
      if (typeof cell === 'string' && toCanonicalDateTime(cell) !== undefined)
        return { value: cell }
      return `expected a date cell or an ISO-8601 datetime, found ${describe(cell)}`
    case 'date':
      if (cell instanceof Date) return dateValue(cell, (iso) => iso.slice(0, 10))
      if (typeof cell === 'string' && toCanonicalDate(cell) !== undefined) return { value: cell }
      return `expected a date cell or a YYYY-MM-DD date, found ${describe(cell)}`
    case 'json':
      if (typeof cell !== 'string') return { value: cell instanceof Date ? isoOf(cell) : cell }
      try {
        return { value: JSON.parse(cell) as unknown }
      } catch (error) {
        return `expected JSON text (${error instanceof Error ? error.message : String(error)})`
      }
    case 'scalar':
      return { value: cell instanceof Date ? isoOf(cell) : cell }
  }
}

/**
 * Reduces an exceljs cell value to what it holds: rich text and hyperlinks to their text,
 * formulas to their cached result, empty to null.
 */
export function cellPrimitive(value: unknown): CellPrimitive {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return unescapeCellText(value)
  if (typeof value === 'number' || typeof value === 'boolean') return value
  if (value instanceof Date) return value
  // Anything else exceljs returns is an object (bigint and symbol never come out of a sheet).
  if (typeof value !== 'object') return null
  const cell = value as Record<string, unknown>
  if (Array.isArray(cell['richText'])) {
    const runs = cell['richText'] as { text?: unknown }[]
    return unescapeCellText(
      runs.map((run) => (typeof run.text === 'string' ? run.text : '')).join(''),
    )
  }
  if ('hyperlink' in cell) return cellPrimitive(cell['text'])
  if ('formula' in cell || 'sharedFormula' in cell) return cellPrimitive(cell['result'])
  if (typeof cell['error'] === 'string') return { error: cell['error'] }
  return JSON.stringify(value)
}

/**
 * Text as Excel stores it: characters XML 1.0 cannot hold (controls, CR, U+FFFE/FFFF, lone
 * surrogates) become `_xHHHH_`, and a literal `_xHHHH_` gets its underscore escaped
 * (`_x005F_`), the OOXML ST_Xstring convention exceljs and Excel decode on read.
 */
export function escapeCellText(value: string): string {
  return value.replace(
    // eslint-disable-next-line no-control-regex
    /_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0B-\x1F\x7F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (match) =>
      match.length > 1
        ? `_x005F_${match.slice(1)}`
        : `_x${match.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
  )
}

/**
 * The inverse of {@link escapeCellText}, exactly as exceljs decodes shared strings on load
 * (upper-case hex only), so text kept escaped in the workbook image reads back unchanged.
 */
export function unescapeCellText(value: string): string {
  return value.includes('_x')
    ? value.replace(/_x([0-9A-F]{4})_/g, (_match, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      )
    : value
}

function text(value: string): EncodedCell | string {
  if (value.length > MAX_CELL_TEXT) {
    return `the text is ${value.length} characters long; an Excel cell holds at most ${MAX_CELL_TEXT}`
  }
  return { value: escapeCellText(value) }
}

/** A date cell for `iso` when it is canonical and in Excel's range and its serial round-trips. */
function dateCell(iso: string, numFmt: string): EncodedCell | undefined {
  const canonical = toCanonicalDateTime(iso)
  if (canonical !== iso) return undefined
  const time = Date.parse(iso)
  if (time < FIRST_DATE_CELL || time > LAST_DATE_CELL) return undefined
  // exceljs stores (ms / day + 25569) as a double; keep the value only if it reads back exactly.
  const serial = time / MS_PER_DAY + EXCEL_EPOCH_OFFSET
  if (Math.round((serial - EXCEL_EPOCH_OFFSET) * MS_PER_DAY) !== time) return undefined
  return { value: new Date(time), numFmt }
}

function dateValue(cell: Date, format: (iso: string) => string): { value: unknown } | string {
  const iso = dateToIso(cell)
  return iso === undefined ? 'the date cell is outside years 0000-9999' : { value: format(iso) }
}

function isoOf(date: Date): string {
  return dateToIso(date) ?? String(date.getTime())
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function describe(value: unknown): string {
  if (value instanceof Date) return 'a date cell'
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value)
  return `${typeof value} ${shown}`
}
