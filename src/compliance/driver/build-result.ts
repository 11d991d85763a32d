import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import { AUDIT_GROUPS } from '../common/audit-groups.js'
import type { AuditResult } from '../common/audit-result.js'
import { EMBEDDED_BACKEND } from '../common/backend-info.js'
import type { BackendInfo } from '../common/backend-info.js'
import { countResults, gradeResults } from '../common/grading.js'
import type { DriverConformanceResult } from './conformance-result.js'

/** What {@link buildResult} needs. */
export interface ResultInput {
  readonly name: string
  readonly driverVersion?: string | undefined
  readonly backend?: BackendInfo | undefined
  readonly capabilities: DriverCapabilities
  readonly seed: number
  readonly runs: number
  readonly results: readonly AuditResult[]
  readonly startedAt: Date
}

/** Grades audit results into a {@link DriverConformanceResult} (both front doors use it). */
export function buildResult(input: ResultInput): DriverConformanceResult {
  const audits = [...input.results]
  return {
    schemaVersion: 1,
    driver: input.name,
    ...(input.driverVersion === undefined ? {} : { driverVersion: input.driverVersion }),
    backend: input.backend ?? EMBEDDED_BACKEND,
    grade: gradeResults(audits),
    counts: countResults(audits),
    seed: input.seed,
    runs: input.runs,
    capabilities: input.capabilities,
    groups: AUDIT_GROUPS.filter((group) => audits.some((result) => result.group === group)),
    audits,
    startedAt: input.startedAt.toISOString(),
    durationMs: Date.now() - input.startedAt.getTime(),
    node: process.version,
  }
}
