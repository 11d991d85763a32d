import type { AuditResult } from '../common/audit-result.js'
import type { ConformanceGrade, GroupCell } from '../common/grading.js'
import { cellLabel } from './conformance-matrix.js'
import { escapeXml as h } from './xml-escape.js'

/**
 * A matrix `<td>`: the cell's label, its notes as a tooltip, and the notes again under the label
 * unless the status is one of `quiet` (a passing cell's notes are noise).
 */
export function matrixCellHtml(cell: GroupCell, quiet: readonly GroupCell['status'][]): string {
  const notes = cell.notes.join('; ')
  const note = notes === '' || quiet.includes(cell.status) ? '' : `<br><small>${h(notes)}</small>`
  return `<td class="${h(cell.status)}" title="${h(notes)}">${h(cellLabel(cell))}${note}</td>`
}

/** The grade `<td>`, coloured by the page's grade classes. */
export function gradeCellHtml(grade: ConformanceGrade): string {
  return `<td class="${grade === 'partial' ? 'partial-grade' : grade}">${h(grade)}</td>`
}

/**
 * One run's `<details>`: `summary` (HTML, already escaped) and each failed or errored audit in a
 * `<pre>`; open when something failed, else it says so.
 */
export function failureDetailsHtml<Result extends AuditResult<string>>(
  summary: string,
  audits: readonly Result[],
  describe: (result: Result) => string,
): string {
  const failures = audits.filter((a) => a.status === 'fail' || a.status === 'error')
  const body =
    failures.length === 0
      ? '<p>No failures.</p>'
      : failures.map((f) => `<pre>${h(describe(f))}</pre>`).join('\n')
  return `<details${failures.length > 0 ? ' open' : ''}><summary>${summary}</summary>\n${body}\n</details>`
}
