import { formatProtocolFailure } from '../protocol/format-protocol-failure.js'
import { PROTOCOL_AUDIT_GROUPS } from '../protocol/protocol-groups.js'
import type { ProtocolConformanceResult } from '../protocol/protocol-result.js'
import { renderJUnitDocument } from './junit-document.js'

/**
 * JUnit XML of protocol runs: one `<testsuite>` per server and protocol, one `<testcase>` per
 * audit, with the same conventions as the driver report (MUST failures fail, skips carry their
 * reason, SHOULD/MAY failures are warnings).
 */
export function renderProtocolJUnit(results: readonly ProtocolConformanceResult[]): string {
  const suites = results.flatMap((result) =>
    PROTOCOL_AUDIT_GROUPS.map((group) => ({
      name: `${result.server} / ${group}`,
      classname: `objectql.protocol.${result.server}.${group}`,
      startedAt: result.startedAt,
      properties: [
        ['seed', result.seed],
        ['target', result.target],
        ['grade', result.grade],
      ] as const,
      audits: result.audits.filter((audit) => audit.group === group),
      describeFailure: formatProtocolFailure,
    })),
  )
  const time = results.reduce((sum, r) => sum + r.durationMs, 0)
  return renderJUnitDocument('objectql protocol conformance', suites, time)
}
