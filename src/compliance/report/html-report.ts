import { AUDIT_GROUP_TITLES } from '../common/audit-groups.js'
import type { DriverConformanceResult } from '../driver/conformance-result.js'
import { formatFailure } from '../driver/format-failure.js'
import { buildMatrix, describeBackend } from './conformance-matrix.js'
import { failureDetailsHtml, gradeCellHtml, matrixCellHtml } from './html-parts.js'
import { escapeXml as h } from './xml-escape.js'
import type { ProtocolConformanceResult } from '../protocol/protocol-result.js'
import { renderProtocolMatrixHtml } from './protocol-html-report.js'

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1b1f23}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.pass{background:#dafbe1}td.partial{background:#fff8c5}td.fail{background:#ffebe9;font-weight:600}
td.skipped,td.n\\/a,td.not-run{background:#f6f8fa;color:#57606a}.conformant{color:#1a7f37}.partial-grade{color:#9a6700}.failing{color:#cf222e}
pre{background:#f6f8fa;padding:.75rem;overflow:auto;white-space:pre-wrap}small{color:#57606a}`

/**
 * A self-contained HTML page (no scripts, no external assets) with the driver x group matrix,
 * skip reasons as cell tooltips and notes, and each driver's failures with their minimal cases;
 * then, when protocol results are given, the server x protocol matrix.
 */
export function renderMatrixHtml(
  results: readonly DriverConformanceResult[],
  protocolResults: readonly ProtocolConformanceResult[] = [],
): string {
  const matrix = buildMatrix(results)
  const head = ['driver', 'grade', 'backend', ...matrix.groups.map((g) => AUDIT_GROUP_TITLES[g])]
  const rows = matrix.rows.map((row) => {
    const cells = matrix.groups.map((group) => matrixCellHtml(row.cells[group], ['pass']))
    return `<tr><th>${h(row.driver)}</th>${gradeCellHtml(row.grade)}<td>${h(describeBackend(row.backend))}</td>${cells.join('')}</tr>`
  })
  const details = results.map((result) =>
    failureDetailsHtml(
      `${h(result.driver)}: ${h(result.grade)}, seed ${result.seed}, ${result.counts.passed}/${result.counts.total} passed`,
      result.audits,
      formatFailure,
    ),
  )
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ObjectQL driver conformance</title><style>${STYLE}</style></head>
<body><h1>ObjectQL driver conformance</h1>
<p>Rows are drivers, columns audit groups (rules of docs/SPEC.md). A skipped MUST makes a driver partial; a failed MUST makes it failing.</p>
<table><thead><tr>${head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
<h2>Details</h2>
${details.join('\n')}
${protocolResults.length === 0 ? '' : renderProtocolMatrixHtml(protocolResults)}</body></html>
`
}
