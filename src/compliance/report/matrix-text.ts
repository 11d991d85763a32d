import type { AuditGroup } from '../common/audit-groups.js'
import type { GroupCell } from '../common/grading.js'
import type { DriverConformanceResult } from '../driver/conformance-result.js'
import { buildMatrix, describeBackend } from './conformance-matrix.js'

/** Column headers short enough for an 80-column terminal. */
const SHORT: Readonly<Record<AuditGroup, string>> = {
  crud: 'crud',
  ids: 'ids',
  writes: 'wri',
  filters: 'flt',
  order: 'ord',
  projection: 'prj',
  aggregation: 'agg',
  types: 'typ',
  bulk: 'blk',
  copies: 'cpy',
  errors: 'err',
  lifecycle: 'lif',
  transactions: 'tx',
  properties: 'prp',
  'model-runs': 'mdl',
}

/** The terminal symbol of a matrix cell status. */
export const CELL_SYMBOL: Readonly<Record<GroupCell['status'], string>> = {
  pass: 'ok',
  partial: '~',
  fail: 'FAIL',
  skipped: 'skip',
  'n/a': 'n/a',
  'not-run': '.',
}

/**
 * The matrix as plain text for the terminal, followed by numbered notes (skip reasons and
 * failing audits) so nothing is hidden behind a symbol.
 */
export function renderMatrixText(results: readonly DriverConformanceResult[]): string {
  const matrix = buildMatrix(results)
  const header = ['driver', 'grade', ...matrix.groups.map((g) => SHORT[g]), 'backend']
  const notes: string[] = []
  const rows = matrix.rows.map((row) => [
    row.driver,
    row.grade,
    ...matrix.groups.map((group) => {
      const cell = row.cells[group]
      if (cell.status === 'pass' || cell.notes.length === 0) return CELL_SYMBOL[cell.status]
      notes.push(`${row.driver} ${SHORT[group]}: ${cell.notes.join('; ')}`)
      return `${CELL_SYMBOL[cell.status]}[${notes.length}]`
    }),
    describeBackend(row.backend),
  ])
  return renderTextTable(header, rows, notes)
}

/**
 * Lays out a terminal table: columns padded to their widest cell, a dashed rule under the
 * header, then numbered notes (skip reasons, failing audits) so nothing hides behind a symbol.
 */
export function renderTextTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  notes: readonly string[],
): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
  if (notes.length > 0) out.push('', ...notes.map((note, i) => `[${i + 1}] ${note}`))
  return `${out.join('\n')}\n`
}
