import { formatProtocolFailure } from '../protocol/format-protocol-failure.js'
import { PROTOCOL_GROUP_TITLES } from '../protocol/protocol-groups.js'
import type { ProtocolConformanceResult } from '../protocol/protocol-result.js'
import { cellLabel, describeBackend } from './conformance-matrix.js'
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
    const cells = matrix.groups.map((group) => {
      const value = row.cells[group]
      const notes = value.notes.join('; ')
      const quiet = notes === '' || value.status === 'pass' || value.status === 'n/a'
      const note = quiet ? '' : `<br><small>${h(notes)}</small>`
      return `<td class="${h(value.status)}" title="${h(notes)}">${h(cellLabel(value))}${note}</td>`
    })
    const gradeClass = row.grade === 'partial' ? 'partial-grade' : row.grade
    const target = row.target === 'inject' ? describeBackend(row.backend) : row.target
    return `<tr><th>${h(row.server)}</th><td class="${gradeClass}">${h(row.grade)}</td><td>${h(target)}</td>${cells.join('')}</tr>`
  })
  const details = results.map((result) => {
    const failures = result.audits.filter((a) => a.status === 'fail' || a.status === 'error')
    const body =
      failures.length === 0
        ? '<p>No failures.</p>'
        : failures.map((f) => `<pre>${h(formatProtocolFailure(f))}</pre>`).join('\n')
    return `<details${failures.length > 0 ? ' open' : ''}><summary>${h(result.server)}: ${h(result.grade)}, ${h(result.protocols.join(', '))}, seed ${result.seed}, ${result.counts.passed}/${result.counts.total} passed</summary>\n${body}\n</details>`
  })
  return `<h1>ObjectQL protocol conformance</h1>
<p>Rows are audited servers, columns protocols (PRT-* rules of docs/SPEC.md, each citing its standard). n/a: the protocol was not audited in that run.</p>
<table><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
<h2>Protocol details</h2>
${details.join('\n')}
`
}
