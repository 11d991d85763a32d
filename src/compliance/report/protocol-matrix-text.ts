import type { GroupCell } from '../common/grading.js'
import type { ProtocolAuditGroup } from '../protocol/protocol-audit.js'
import type { ProtocolConformanceResult } from '../protocol/protocol-result.js'
import { buildProtocolMatrix } from './protocol-matrix.js'

const SHORT: Readonly<Record<ProtocolAuditGroup, string>> = {
  rest: 'rest',
  'json-rpc': 'json-rpc',
  graphql: 'graphql',
  odata: 'odata',
  cross: 'cross',
}

function label(cell: GroupCell): string {
  switch (cell.status) {
    case 'pass':
      return `ok ${cell.passed}/${cell.total}`
    case 'partial':
      return `~ ${cell.passed}/${cell.total}`
    case 'fail':
      return `FAIL ${cell.passed}/${cell.total}`
    case 'skipped':
      return 'skip'
    case 'n/a':
      return 'n/a'
    case 'not-run':
      return '.'
  }
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
