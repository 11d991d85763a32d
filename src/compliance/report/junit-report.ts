import { resultsByGroup } from '../common/grading.js'
import type { DriverConformanceResult } from '../driver/conformance-result.js'
import { formatFailure } from '../driver/format-failure.js'
import { renderJUnitDocument } from './junit-document.js'

/**
 * JUnit XML for CI test tabs: one `<testsuite>` per driver and audit group, one `<testcase>` per
 * audit; MUST failures are `<failure>`, skips carry their reason, SHOULD/MAY failures are
 * warnings in `<system-out>`.
 */
export function renderJUnit(results: readonly DriverConformanceResult[]): string {
  const suites = results.flatMap((result) =>
    [...resultsByGroup(result.audits)].map(([group, audits]) => ({
      name: `${result.driver} / ${group}`,
      classname: `objectql.conformance.${result.driver}.${group}`,
      startedAt: result.startedAt,
      properties: [
        ['seed', result.seed],
        ['backend', result.backend.kind],
        ['grade', result.grade],
      ] as const,
      audits,
      describeFailure: formatFailure,
    })),
  )
  const time = results.reduce((sum, r) => sum + r.durationMs, 0)
  return renderJUnitDocument('objectql driver conformance', suites, time)
}
