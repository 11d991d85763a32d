import { formatProtocolFailure } from '../protocol/format-protocol-failure.js'
import { PROTOCOL_AUDIT_GROUPS } from '../protocol/protocol-groups.js'
import type { ProtocolAuditResult, ProtocolConformanceResult } from '../protocol/protocol-result.js'
import { escapeXml } from './xml-escape.js'

const seconds = (ms: number) => (ms / 1000).toFixed(3)

function testcase(server: string, result: ProtocolAuditResult): string {
  const open = `    <testcase classname="objectql.protocol.${escapeXml(server)}.${result.group}" name="${escapeXml(`${result.id} ${result.title}`)}" time="${seconds(result.durationMs)}"`
  switch (result.status) {
    case 'pass':
      return `${open}/>`
    case 'skip':
      return `${open}>\n      <skipped message="${escapeXml(result.reason)}"/>\n    </testcase>`
    case 'fail':
    case 'error': {
      const text = escapeXml(formatProtocolFailure(result))
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
 * JUnit XML of protocol runs: one `<testsuite>` per server and protocol, one `<testcase>` per
 * audit, with the same conventions as the driver report (MUST failures fail, skips carry their
 * reason, SHOULD/MAY failures are warnings).
 */
export function renderProtocolJUnit(results: readonly ProtocolConformanceResult[]): string {
  const suites: string[] = []
  let tests = 0
  let failures = 0
  let errors = 0
  let skipped = 0
  for (const result of results) {
    for (const group of PROTOCOL_AUDIT_GROUPS) {
      const audits = result.audits.filter((audit) => audit.group === group)
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
        `  <testsuite name="${escapeXml(`${result.server} / ${group}`)}" tests="${audits.length}" failures="${f}" errors="${e}" skipped="${s}" time="${seconds(time)}" timestamp="${result.startedAt.slice(0, 19)}">\n` +
          `    <properties>\n      <property name="seed" value="${result.seed}"/>\n      <property name="target" value="${escapeXml(result.target)}"/>\n      <property name="grade" value="${result.grade}"/>\n    </properties>\n` +
          audits.map((audit) => testcase(result.server, audit)).join('\n') +
          '\n  </testsuite>',
      )
    }
  }
  const time = results.reduce((sum, r) => sum + r.durationMs, 0)
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="objectql protocol conformance" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(time)}">\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  )
}
