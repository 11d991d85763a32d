import { AUDIT_GROUPS } from './audit-groups.js'
import type { AuditGroup } from './audit-groups.js'
import type { AuditResult } from './audit-result.js'

/**
 * The verdict on a driver. `conformant`: every MUST audit ran and passed. `partial`: no MUST
 * failed, but at least one MUST was skipped (by the caller or for a missing capability), so
 * conformance is unproven. `failing`: a MUST audit failed or errored.
 */
export type ConformanceGrade = 'conformant' | 'partial' | 'failing'

/** Counts of a result list. `skippedMust` excludes rules that are not applicable. */
export interface ResultCounts {
  readonly total: number
  readonly passed: number
  readonly failed: number
  readonly errored: number
  readonly skipped: number
  readonly notApplicable: number
  readonly skippedMust: number
  readonly failedMust: number
  /** SHOULD/MAY audits that failed: reported as warnings, never a failing grade. */
  readonly warnings: number
}

/** Counts the outcomes of `results`. */
export function countResults(results: readonly AuditResult<string>[]): ResultCounts {
  let passed = 0
  let failed = 0
  let errored = 0
  let skipped = 0
  let notApplicable = 0
  let skippedMust = 0
  let failedMust = 0
  let warnings = 0
  for (const result of results) {
    switch (result.status) {
      case 'pass':
        passed++
        break
      case 'fail':
      case 'error':
        if (result.status === 'fail') failed++
        else errored++
        if (result.level === 'MUST') failedMust++
        else warnings++
        break
      case 'skip':
        if (result.kind === 'not-applicable') notApplicable++
        else {
          skipped++
          if (result.level === 'MUST') skippedMust++
        }
        break
    }
  }
  return {
    total: results.length,
    passed,
    failed,
    errored,
    skipped,
    notApplicable,
    skippedMust,
    failedMust,
    warnings,
  }
}

/** Grades a result list (see {@link ConformanceGrade}). */
export function gradeResults(results: readonly AuditResult<string>[]): ConformanceGrade {
  const counts = countResults(results)
  if (counts.failedMust > 0) return 'failing'
  if (counts.skippedMust > 0) return 'partial'
  return 'conformant'
}

/** One matrix cell: how a group of audits went, with the reasons when it did not fully run. */
export interface GroupCell {
  readonly status: 'pass' | 'partial' | 'fail' | 'skipped' | 'n/a' | 'not-run'
  readonly passed: number
  readonly total: number
  /** Skip reasons (deduplicated) and failing audit ids, for the cell's tooltip or footnote. */
  readonly notes: readonly string[]
}

/** Summarizes the results of one group into a matrix cell. */
export function gradeGroup(results: readonly AuditResult<string>[]): GroupCell {
  const counts = countResults(results)
  const notes = new Set<string>()
  for (const result of results) {
    if (result.status === 'skip') notes.add(result.reason)
    else if (result.status === 'fail' || result.status === 'error') notes.add(`${result.id} failed`)
  }
  const base = { passed: counts.passed, total: counts.total, notes: [...notes] }
  if (results.length === 0) return { ...base, status: 'not-run' }
  if (counts.failedMust > 0) return { ...base, status: 'fail' }
  if (counts.notApplicable === counts.total) return { ...base, status: 'n/a' }
  if (counts.skipped + counts.notApplicable === counts.total) return { ...base, status: 'skipped' }
  if (counts.skipped > 0 || counts.warnings > 0) return { ...base, status: 'partial' }
  return { ...base, status: 'pass' }
}

/** Splits results by group, in {@link AUDIT_GROUPS} order. */
export function resultsByGroup(
  results: readonly AuditResult[],
): ReadonlyMap<AuditGroup, readonly AuditResult[]> {
  const map = new Map<AuditGroup, AuditResult[]>(AUDIT_GROUPS.map((group) => [group, []]))
  for (const result of results) map.get(result.group)?.push(result)
  return map
}
