import { countResults, gradeGroup } from '../common/grading.js'
import { buildProtocolResult } from './build-protocol-result.js'
import type { ProtocolAuditGroup } from './protocol-audit.js'
import { PROTOCOL_AUDITS } from './protocol-catalog.js'
import { inReportOrder } from './protocol-groups.js'
import { resolveProtocolOptions } from './protocol-options.js'
import type { ProtocolConformanceOptions } from './protocol-options.js'
import type { ProtocolAuditResult, ProtocolConformanceResult } from './protocol-result.js'
import { newRunTag, runProtocolAudit } from './run-protocol-audit.js'

/**
 * Runs the protocol conformance audits against one server and returns the results as data (for
 * the CLI, reports and custom runners). Audits run one after another, each on records of its
 * own run id, so a server holding other data in the fixture objects is still judged fairly.
 *
 * @throws ObjectQLError `CONFIG_INVALID` for bad options; audit failures never throw, they are in
 *   the result.
 * @example
 * const result = await runProtocolConformance({ url: 'http://127.0.0.1:3000', protocols: ['rest'] })
 * if (result.grade === 'failing') process.exitCode = 1
 */
export async function runProtocolConformance(
  options: ProtocolConformanceOptions,
): Promise<ProtocolConformanceResult> {
  const resolved = resolveProtocolOptions(options, options.audits ?? PROTOCOL_AUDITS)
  const startedAt = new Date()
  options.onProgress?.({
    kind: 'start',
    server: resolved.name,
    target: resolved.transport.target,
    protocols: resolved.protocols,
    total: resolved.audits.length,
    seed: resolved.seed,
    numRuns: resolved.numRuns,
  })
  const settings = { ...resolved, runTag: newRunTag() }
  const results: ProtocolAuditResult[] = []
  let group: ProtocolAuditGroup | undefined
  let groupStart = performance.now()
  const finishGroup = () => {
    if (group === undefined) return
    const current = results.filter((result) => result.group === group)
    options.onProgress?.({
      kind: 'group',
      group,
      cell: gradeGroup(current),
      counts: countResults(current),
      durationMs: Math.round(performance.now() - groupStart),
    })
  }
  // The catalog is id-sorted; runs go in report order (one progress line per group).
  for (const audit of inReportOrder(resolved.audits)) {
    if (audit.group !== group) {
      finishGroup()
      group = audit.group
      groupStart = performance.now()
    }
    const result = await runProtocolAudit(audit, settings)
    results.push(result)
    options.onProgress?.({ kind: 'audit', result, index: results.length - 1 })
  }
  finishGroup()
  return buildProtocolResult({ ...resolved, target: resolved.transport.target, results, startedAt })
}
