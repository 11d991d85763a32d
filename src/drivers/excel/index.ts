/**
 * `objectql-toolkit/drivers/excel`: records in one .xlsx workbook (exceljs), one worksheet per
 * object with a header row of field names, saved atomically on every write.
 */
export { ExcelDriver } from './excel-driver.js'
export { EXCEL_CAPABILITIES } from './excel-driver-capabilities.js'
export { resolveExcelConfig } from './excel-driver-config.js'
export type { ExcelDriverConfig, ResolvedExcelDriverConfig } from './excel-driver-config.js'
export { excelErrorCode, mapExcelError } from './excel-error-map.js'
export {
  cellKindOf,
  decodeCell,
  encodeCell,
  escapeCellText,
  unescapeCellText,
} from './excel-cell-codec.js'
export type { CellKind, CellPrimitive, EncodedCell } from './excel-cell-codec.js'
