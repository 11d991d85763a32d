import type { BackendInfo } from '../common/backend-info.js'
import { countResults, gradeResults } from '../common/grading.js'
import type { ProtocolName, ProtocolPaths } from './protocol-audit-context.js'
import { PROTOCOL_AUDIT_GROUPS } from './protocol-groups.js'
import type { ProtocolAuditResult, ProtocolConformanceResult } from './protocol-result.js'

/** What {@link buildProtocolResult} needs. */
export interface ProtocolResultInput {
  readonly name: string
  /** The transport's target: `inject`, or a base URL without its password. */
  readonly target: string
  readonly backend: BackendInfo
  readonly protocols: readonly ProtocolName[]
  readonly paths: ProtocolPaths
  readonly seed: number
  readonly numRuns: number
  readonly results: readonly ProtocolAuditResult[]
  readonly startedAt: Date
}

/** Grades audit results into a {@link ProtocolConformanceResult} (both front doors use it). */
export function buildProtocolResult(input: ProtocolResultInput): ProtocolConformanceResult {
  const audits = [...input.results]
  return {
    schemaVersion: 1,
    kind: 'protocol',
    server: input.name,
    target: input.target,
    backend: input.backend,
    protocols: [...input.protocols],
    paths: input.paths,
    grade: gradeResults(audits),
    counts: countResults(audits),
    seed: input.seed,
    numRuns: input.numRuns,
    groups: PROTOCOL_AUDIT_GROUPS.filter((group) => audits.some((a) => a.group === group)),
    audits,
    startedAt: input.startedAt.toISOString(),
    durationMs: Date.now() - input.startedAt.getTime(),
    node: process.version,
  }
}
