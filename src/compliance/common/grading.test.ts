import { describe, expect, it } from 'vitest'
import type { AuditResult } from './audit-result.js'
import { countResults, gradeGroup, gradeResults } from './grading.js'

const base = { group: 'filters', title: 't', durationMs: 1 } as const
const passed = (id: string): AuditResult => ({ ...base, id, level: 'MUST', status: 'pass' })
const failed = (id: string, level: 'MUST' | 'SHOULD' = 'MUST'): AuditResult => ({
  ...base,
  id,
  level,
  status: 'fail',
  message: 'broken',
})
const skipped = (id: string, kind: 'user' | 'capability' | 'not-applicable'): AuditResult => ({
  ...base,
  id,
  level: 'MUST',
  status: 'skip',
  kind,
  reason: `reason of ${id}`,
})

describe('grading', () => {
  it('is conformant when every MUST ran and passed', () => {
    expect(gradeResults([passed('A'), passed('B')])).toBe('conformant')
  })

  it('never calls a driver with a skipped MUST conformant, whoever skipped it', () => {
    expect(gradeResults([passed('A'), skipped('B', 'user')])).toBe('partial')
    expect(gradeResults([passed('A'), skipped('B', 'capability')])).toBe('partial')
  })

  it('ignores rules that do not apply to the declared capabilities', () => {
    expect(gradeResults([passed('A'), skipped('B', 'not-applicable')])).toBe('conformant')
  })

  it('fails on a failed or errored MUST, even next to skips', () => {
    expect(gradeResults([failed('A'), skipped('B', 'user')])).toBe('failing')
    const errored: AuditResult = { ...base, id: 'C', level: 'MUST', status: 'error', message: 'x' }
    expect(gradeResults([passed('A'), errored])).toBe('failing')
  })

  it('counts a failed SHOULD as a warning, not a failure', () => {
    const results = [passed('A'), failed('B', 'SHOULD')]
    expect(gradeResults(results)).toBe('conformant')
    expect(countResults(results)).toMatchObject({ failed: 1, failedMust: 0, warnings: 1 })
  })

  it('summarizes a group into one matrix cell with its reasons', () => {
    expect(gradeGroup([passed('A'), passed('B')]).status).toBe('pass')
    const partial = gradeGroup([passed('A'), skipped('B', 'capability')])
    expect(partial).toMatchObject({ status: 'partial', passed: 1, total: 2 })
    expect(partial.notes).toEqual(['reason of B'])
    expect(gradeGroup([skipped('A', 'capability')]).status).toBe('skipped')
    expect(gradeGroup([skipped('A', 'not-applicable')]).status).toBe('n/a')
    expect(gradeGroup([passed('A'), failed('B')]).notes).toEqual(['B failed'])
    expect(gradeGroup([]).status).toBe('not-run')
  })
})
