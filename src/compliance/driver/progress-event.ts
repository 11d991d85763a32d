import type { AuditGroup } from '../common/audit-groups.js'
import type { AuditResult } from '../common/audit-result.js'
import type { GroupCell, ResultCounts } from '../common/grading.js'

/** Progress of a conformance run, for CLI lines and custom reporters. */
export type ProgressEvent =
  | {
      readonly kind: 'start'
      readonly driver: string
      readonly total: number
      readonly seed: number
      readonly runs: number
    }
  | { readonly kind: 'audit'; readonly result: AuditResult; readonly index: number }
  | {
      readonly kind: 'group'
      readonly group: AuditGroup
      readonly cell: GroupCell
      readonly counts: ResultCounts
      readonly durationMs: number
    }
