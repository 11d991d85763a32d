import { AUDIT_GROUPS } from '../common/audit-groups.js'
import type { AuditGroup } from '../common/audit-groups.js'
import type { BackendInfo } from '../common/backend-info.js'
import { gradeGroup, resultsByGroup } from '../common/grading.js'
import type { ConformanceGrade, GroupCell } from '../common/grading.js'
import type { DriverConformanceResult } from '../driver/conformance-result.js'

/** One matrix row: a driver, the backend that ran it and one cell per audit group. */
export interface MatrixRow {
  readonly driver: string
  readonly backend: BackendInfo
  readonly grade: ConformanceGrade
  readonly seed: number
  readonly startedAt: string
  readonly durationMs: number
  readonly cells: Readonly<Record<AuditGroup, GroupCell>>
}

/** The driver x audit-group matrix of one or more conformance runs. */
export interface ConformanceMatrix {
  readonly groups: readonly AuditGroup[]
  readonly rows: readonly MatrixRow[]
}

/** Builds the matrix; rows sorted by driver name, every group a column. */
export function buildMatrix(results: readonly DriverConformanceResult[]): ConformanceMatrix {
  const rows = [...results]
    .sort((a, b) => (a.driver < b.driver ? -1 : a.driver > b.driver ? 1 : 0))
    .map((result): MatrixRow => {
      const byGroup = resultsByGroup(result.audits)
      const cells = Object.fromEntries(
        AUDIT_GROUPS.map((group) => [group, gradeGroup(byGroup.get(group) ?? [])]),
      ) as Record<AuditGroup, GroupCell>
      return {
        driver: result.driver,
        backend: result.backend,
        grade: result.grade,
        seed: result.seed,
        startedAt: result.startedAt,
        durationMs: result.durationMs,
        cells,
      }
    })
  return { groups: AUDIT_GROUPS, rows }
}

/** `embedded`, `url (postgres://...)`: how a report names the backend. */
export function describeBackend(backend: BackendInfo): string {
  return backend.detail === undefined ? backend.kind : `${backend.kind} (${backend.detail})`
}

/** Short cell text: `pass 7/7`, `FAIL 5/7`, `skipped`, `n/a`. */
export function cellLabel(cell: GroupCell): string {
  switch (cell.status) {
    case 'pass':
      return `pass ${cell.passed}/${cell.total}`
    case 'partial':
      return `partial ${cell.passed}/${cell.total}`
    case 'fail':
      return `FAIL ${cell.passed}/${cell.total}`
    case 'skipped':
      return 'skipped'
    case 'n/a':
      return 'n/a'
    case 'not-run':
      return 'not run'
  }
}
