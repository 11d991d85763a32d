import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { AuditGroup } from '../common/audit-groups.js'
import type { AuditResult } from '../common/audit-result.js'
import type { BackendInfo } from '../common/backend-info.js'
import type { ConformanceGrade, ResultCounts } from '../common/grading.js'

/**
 * One driver's conformance run, as data. The JSON report is exactly this object, so its shape
 * is versioned by `schemaVersion`.
 */
export interface DriverConformanceResult {
  readonly schemaVersion: 1
  /** Report name (the `name` option or the driver's own). */
  readonly driver: string
  readonly driverVersion?: string
  readonly backend: BackendInfo
  readonly grade: ConformanceGrade
  readonly counts: ResultCounts
  /** Replays the run's generated cases: `objectql conform --replay <seed>`. */
  readonly seed: number
  readonly runs: number
  readonly capabilities: DriverCapabilities
  /** Groups that had at least one audit in this run, in report order. */
  readonly groups: readonly AuditGroup[]
  readonly audits: readonly AuditResult[]
  readonly startedAt: string
  readonly durationMs: number
  readonly node: string
}
