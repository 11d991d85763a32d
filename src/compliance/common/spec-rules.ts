import type { AuditLevel } from './audit.js'

/** One normative rule of docs/SPEC.md. */
export interface SpecRule {
  readonly id: string
  readonly level: AuditLevel
  readonly text: string
}

const ROW = /^\|\s*([A-Z]{3}-[A-Z]+-\d{3})\s*\|\s*(MUST|SHOULD|MAY)\s*\|\s*(.*?)\s*\|/

/**
 * Reads the rule tables of docs/SPEC.md (`| id | level | rule | reason |` rows). Used by the
 * tests that keep audits and the spec in sync, and by tools that list rules.
 */
export function parseSpecRules(markdown: string): SpecRule[] {
  const rules: SpecRule[] = []
  for (const line of markdown.split('\n')) {
    const match = ROW.exec(line)
    if (match === null) continue
    const [, id, level, text] = match
    if (id === undefined || level === undefined || text === undefined) continue
    rules.push({ id, level: level as AuditLevel, text })
  }
  return rules
}
