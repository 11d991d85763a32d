import type { AuditResult } from '../common/audit-result.js'
import type { ConformanceGrade, ResultCounts } from '../common/grading.js'

/** Escapes text for a Markdown table cell. */
export function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

/** The header row and the rule under it of a Markdown table. */
export function markdownTableHead(header: readonly string[]): [string, string] {
  return [`| ${header.map(markdownCell).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`]
}

/** The status column of an audit row: `n/a` for a rule that does not apply, else the status. */
export function auditStatus(result: AuditResult<string>): string {
  return result.status === 'skip' && result.kind === 'not-applicable' ? 'n/a' : result.status
}

/** The detail column of an audit row: the pass note, the skip reason or the failure message. */
export function auditDetail(result: AuditResult<string>): string {
  switch (result.status) {
    case 'pass':
      return result.note ?? ''
    case 'skip':
      return `${result.kind === 'not-applicable' ? '' : 'skipped: '}${result.reason}`
    case 'fail':
    case 'error':
      return result.message
  }
}

/** The verdict line of a per-run report: `**Grade: conformant** (40 passed, ...)`. */
export function gradeLine(grade: ConformanceGrade, c: ResultCounts): string {
  return `**Grade: ${grade}** (${c.passed} passed, ${c.failed + c.errored} failed, ${c.skipped} skipped, ${c.notApplicable} not applicable, ${c.warnings} warnings)`
}

/** A `## Failures` section with each failed or errored audit in a code block; none when clean. */
export function failureSection<Result extends AuditResult<string>>(
  audits: readonly Result[],
  describe: (result: Result) => string,
): string[] {
  const failures = audits.filter((a) => a.status === 'fail' || a.status === 'error')
  if (failures.length === 0) return []
  return ['', '## Failures', '', ...failures.flatMap((f) => ['```', describe(f), '```', ''])]
}
