import type { AuditResult } from '../common/audit-result.js'
import type { BackendInfo } from '../common/backend-info.js'
import type { ConformanceGrade, GroupCell, ResultCounts } from '../common/grading.js'
import type { ProtocolAuditGroup } from './protocol-audit.js'
import type { ProtocolName, ProtocolPaths } from './protocol-audit-context.js'

/** One protocol audit's outcome as reports store it: the common result plus the standard cited. */
export type ProtocolAuditResult = AuditResult<ProtocolAuditGroup> & {
  /** The standard and section the rule comes from (`RFC 9110 §15.5.5`, `JSON-RPC 2.0 §5.1`). */
  readonly cites: string
}

/**
 * One server's protocol conformance run, as data. The JSON report is exactly this object, so its
 * shape is versioned by `schemaVersion`; `kind` tells it apart from a driver report.
 */
export interface ProtocolConformanceResult {
  readonly schemaVersion: 1
  readonly kind: 'protocol'
  /** Report name: the `name` option, else derived from the target. */
  readonly server: string
  /** What was audited: the base URL, or `inject` for an in-process run. */
  readonly target: string
  readonly backend: BackendInfo
  /** The protocols audited; audits needing any other protocol are reported as not applicable. */
  readonly protocols: readonly ProtocolName[]
  readonly paths: ProtocolPaths
  readonly grade: ConformanceGrade
  readonly counts: ResultCounts
  /** Seed of generated inputs; the same seed repeats the same requests. */
  readonly seed: number
  readonly numRuns: number
  /** Groups that had at least one audit in this run, in report order. */
  readonly groups: readonly ProtocolAuditGroup[]
  readonly audits: readonly ProtocolAuditResult[]
  readonly startedAt: string
  readonly durationMs: number
  readonly node: string
}

/** Progress of a protocol conformance run, for CLI lines and custom reporters. */
export type ProtocolProgressEvent =
  | {
      readonly kind: 'start'
      readonly server: string
      readonly target: string
      readonly protocols: readonly ProtocolName[]
      readonly total: number
      readonly seed: number
      readonly numRuns: number
    }
  | { readonly kind: 'audit'; readonly result: ProtocolAuditResult; readonly index: number }
  | {
      readonly kind: 'group'
      readonly group: ProtocolAuditGroup
      readonly cell: GroupCell
      readonly counts: ResultCounts
      readonly durationMs: number
    }
