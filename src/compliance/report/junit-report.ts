import type { AuditResult } from '../common/audit-result.js'
import { resultsByGroup } from '../common/grading.js'
import type { DriverConformanceResult } from '../driver/conformance-result.js'
import { formatFailure } from '../driver/format-failure.js'
import { escapeXml } from './xml-escape.js'

const seconds = (ms: number) => (ms / 1000).toFixed(3)

function testcase(driver: string, result: AuditResult): string {
  const open = `    <testcase classname="objectql.conformance.${escapeXml(driver)}.${result.group}" name="${escapeXml(`${result.id} ${result.title}`)}" time="${seconds(result.durationMs)}"`
  switch (result.status) {
    case 'pass':
      return `${open}/>`
    case 'skip':
      return `${open}>\n      <skipped message="${escapeXml(result.reason)}"/>\n    </testcase>`
    case 'fail':
    case 'error': {
      const text = escapeXml(formatFailure(result))
      // SHOULD and MAY rules are warnings: reported, but never a red CI build.
      if (result.level !== 'MUST') {
        return `${open}>\n      <system-out>warning (${result.level}): ${text}</system-out>\n    </testcase>`
      }
      const tag = result.status === 'fail' ? 'failure' : 'error'
      return `${open}>\n      <${tag} message="${escapeXml(result.message)}" type="${result.level}">${text}</${tag}>\n    </testcase>`
    }
  }
}

/**
 * JUnit XML for CI test tabs: one `<testsuite>` per driver and audit group, one `<testcase>` per
 * audit; MUST failures are `<failure>`, skips carry their reason, SHOULD/MAY failures are
 * warnings in `<system-out>`.
 */
export function renderJUnit(results: readonly DriverConformanceResult[]): string {
  const suites: string[] = []
  let tests = 0
  let failures = 0
  let errors = 0
  let skipped = 0
  for (const result of results) {
    for (const [group, audits] of resultsByGroup(result.audits)) {
      if (audits.length === 0) continue
      const f = audits.filter((a) => a.status === 'fail' && a.level === 'MUST').length
      const e = audits.filter((a) => a.status === 'error' && a.level === 'MUST').length
      const s = audits.filter((a) => a.status === 'skip').length
      const time = audits.reduce((sum, a) => sum + a.durationMs, 0)
      tests += audits.length
      failures += f
      errors += e
      skipped += s
      suites.push(
        `  <testsuite name="${escapeXml(`${result.driver} / ${group}`)}" tests="${audits.length}" failures="${f}" errors="${e}" skipped="${s}" time="${seconds(time)}" timestamp="${result.startedAt.slice(0, 19)}">\n` +
          `    <properties>\n      <property name="seed" value="${result.seed}"/>\n      <property name="backend" value="${escapeXml(result.backend.kind)}"/>\n      <property name="grade" value="${result.grade}"/>\n    </properties>\n` +
          audits.map((audit) => testcase(result.driver, audit)).join('\n') +
          '\n  </testsuite>',
      )
    }
  }
  const time = results.reduce((sum, r) => sum + r.durationMs, 0)
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="objectql driver conformance" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(time)}">\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  )
}
