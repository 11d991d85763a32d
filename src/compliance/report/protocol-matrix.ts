import type { BackendInfo } from '../common/backend-info.js'
import { gradeGroup } from '../common/grading.js'
import type { ConformanceGrade, GroupCell } from '../common/grading.js'
import type { ProtocolAuditGroup } from '../protocol/protocol-audit.js'
import type { ProtocolName } from '../protocol/protocol-audit-context.js'
import { PROTOCOL_AUDIT_GROUPS } from '../protocol/protocol-groups.js'
import type { ProtocolConformanceResult } from '../protocol/protocol-result.js'

/** One row of the protocol matrix: an audited server and one cell per protocol. */
export interface ProtocolMatrixRow {
  readonly server: string
  readonly target: string
  readonly backend: BackendInfo
  readonly grade: ConformanceGrade
  readonly protocols: readonly ProtocolName[]
  readonly seed: number
  readonly startedAt: string
  readonly durationMs: number
  readonly cells: Readonly<Record<ProtocolAuditGroup, GroupCell>>
}

/** The server x protocol matrix of one or more protocol conformance runs. */
export interface ProtocolMatrix {
  readonly groups: readonly ProtocolAuditGroup[]
  readonly rows: readonly ProtocolMatrixRow[]
}

/** Builds the protocol matrix; rows sorted by server name, every protocol group a column. */
export function buildProtocolMatrix(results: readonly ProtocolConformanceResult[]): ProtocolMatrix {
  const rows = [...results]
    .sort((a, b) => (a.server < b.server ? -1 : a.server > b.server ? 1 : 0))
    .map((result): ProtocolMatrixRow => {
      const cells = Object.fromEntries(
        PROTOCOL_AUDIT_GROUPS.map((group) => [
          group,
          gradeGroup(result.audits.filter((audit) => audit.group === group)),
        ]),
      ) as Record<ProtocolAuditGroup, GroupCell>
      return {
        server: result.server,
        target: result.target,
        backend: result.backend,
        grade: result.grade,
        protocols: result.protocols,
        seed: result.seed,
        startedAt: result.startedAt,
        durationMs: result.durationMs,
        cells,
      }
    })
  return { groups: PROTOCOL_AUDIT_GROUPS, rows }
}
