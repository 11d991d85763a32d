import type { GroupCell } from '../common/grading.js'
import type { ProtocolAuditGroup } from '../protocol/protocol-audit.js'
import type { ProtocolConformanceResult } from '../protocol/protocol-result.js'
import { CELL_SYMBOL, renderTextTable } from './matrix-text.js'
import { buildProtocolMatrix } from './protocol-matrix.js'

const SHORT: Readonly<Record<ProtocolAuditGroup, string>> = {
  rest: 'rest',
  'json-rpc': 'json-rpc',
  graphql: 'graphql',
  odata: 'odata',
  cross: 'cross',
}

// Unlike the driver matrix, cells that ran show their counts: a protocol has few groups.
function label(cell: GroupCell): string {
  const symbol = CELL_SYMBOL[cell.status]
  const ran = cell.status === 'pass' || cell.status === 'partial' || cell.status === 'fail'
  return ran ? `${symbol} ${cell.passed}/${cell.total}` : symbol
}

/**
 * The protocol matrix as plain text for the terminal, followed by numbered notes (skip reasons
 * and failing audits) so nothing is hidden behind a symbol.
 */
export function renderProtocolMatrixText(results: readonly ProtocolConformanceResult[]): string {
  const matrix = buildProtocolMatrix(results)
  const header = ['server', 'grade', ...matrix.groups.map((g) => SHORT[g])]
  const notes: string[] = []
  const rows = matrix.rows.map((row) => [
    row.server,
    row.grade,
    ...matrix.groups.map((group) => {
      const cell = row.cells[group]
      if (cell.status === 'pass' || cell.status === 'n/a' || cell.notes.length === 0) {
        return label(cell)
      }
      notes.push(`${row.server} ${SHORT[group]}: ${cell.notes.join('; ')}`)
      return `${label(cell)}[${notes.length}]`
    }),
  ])
  return renderTextTable(header, rows, notes)
}
