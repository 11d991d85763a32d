import { formatProtocolFailure } from '../protocol/format-protocol-failure.js'
import { PROTOCOL_GROUP_TITLES } from '../protocol/protocol-groups.js'
import type { ProtocolConformanceResult } from '../protocol/protocol-result.js'
import { describeBackend } from './conformance-matrix.js'
import { failureDetailsHtml, gradeCellHtml, matrixCellHtml } from './html-parts.js'
import { buildProtocolMatrix } from './protocol-matrix.js'
import { escapeXml as h } from './xml-escape.js'

/**
 * The protocol part of the HTML matrix page: the server x protocol table (skip reasons and
 * failing audits as tooltips and notes) and each server's failures with their minimal cases.
 * Uses the page's styles; no scripts, no external assets.
 */
export function renderProtocolMatrixHtml(results: readonly ProtocolConformanceResult[]): string {
  const matrix = buildProtocolMatrix(results)
  const head = ['server', 'grade', 'target', ...matrix.groups.map((g) => PROTOCOL_GROUP_TITLES[g])]
  const rows = matrix.rows.map((row) => {
    const cells = matrix.groups.map((group) => matrixCellHtml(row.cells[group], ['pass', 'n/a']))
    const target = row.target === 'inject' ? describeBackend(row.backend) : row.target
    return `<tr><th>${h(row.server)}</th>${gradeCellHtml(row.grade)}<td>${h(target)}</td>${cells.join('')}</tr>`
  })
  const details = results.map((result) =>
    failureDetailsHtml(
      `${h(result.server)}: ${h(result.grade)}, ${h(result.protocols.join(', '))}, seed ${result.seed}, ${result.counts.passed}/${result.counts.total} passed`,
      result.audits,
      formatProtocolFailure,
    ),
  )
  return `<h1>ObjectQL protocol conformance</h1>
<p>Rows are audited servers, columns protocols (PRT-* rules of docs/SPEC.md, each citing its standard). n/a: the protocol was not audited in that run.</p>
<table><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
<h2>Protocol details</h2>
${details.join('\n')}
`
}
