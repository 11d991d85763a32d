import type { AuditGroup } from '../common/audit-groups.js'
import type { AuditResult } from '../common/audit-result.js'
import { countResults, gradeGroup } from '../common/grading.js'
import { DRIVER_AUDITS } from './audit-catalog.js'
import { buildResult } from './build-result.js'
import { resolveOptions } from './conformance-options.js'
import type { DriverConformanceOptions } from './conformance-options.js'
import type { DriverConformanceResult } from './conformance-result.js'
import { createCheckedDriver } from './driver-factory.js'
import { runAudit } from './run-audit.js'

/**
 * Runs the driver conformance audits and returns the results as data (for the CLI, reports and
 * custom runners). Audits run one after another, each on a fresh driver from the factory.
 *
 * @throws ObjectQLError `CONFIG_INVALID` for bad options, a factory that throws, or a factory
 *   result that is not a driver; audit failures never throw, they are in the result.
 * @example
 * const result = await runDriverConformance({ factory: () => new MemoryDriver() })
 * if (result.grade !== 'conformant') process.exitCode = 1
 */
export async function runDriverConformance(
  options: DriverConformanceOptions,
): Promise<DriverConformanceResult> {
  const resolved = resolveOptions(options, options.audits ?? DRIVER_AUDITS)
  // One probe instance, never connected: its name and capability manifest gate the audits.
  const probe = await createCheckedDriver(options.factory)
  const name = options.name ?? probe.name
  const startedAt = new Date()
  const started = performance.now()
  options.onProgress?.({
    kind: 'start',
    driver: name,
    total: resolved.audits.length,
    seed: resolved.seed,
    runs: resolved.runs,
  })
  const results: AuditResult[] = []
  let group: AuditGroup | undefined
  let groupStart = started
  const finishGroup = () => {
    if (group === undefined) return
    const current = group
    options.onProgress?.({
      kind: 'group',
      group: current,
      cell: gradeGroup(results.filter((result) => result.group === current)),
      counts: countResults(results.filter((result) => result.group === current)),
      durationMs: Math.round(performance.now() - groupStart),
    })
  }
  for (const audit of resolved.audits) {
    if (audit.group !== group) {
      finishGroup()
      group = audit.group
      groupStart = performance.now()
    }
    const result = await runAudit(audit, {
      factory: options.factory,
      capabilities: probe.capabilities,
      seed: resolved.seed,
      runs: resolved.runs,
      replayPath: resolved.replayPath,
      skip: resolved.skip,
    })
    results.push(result)
    options.onProgress?.({ kind: 'audit', result, index: results.length - 1 })
  }
  finishGroup()
  return buildResult({
    name,
    driverVersion: probe.version,
    backend: options.backend,
    capabilities: probe.capabilities,
    seed: resolved.seed,
    runs: resolved.runs,
    results,
    startedAt,
  })
}
