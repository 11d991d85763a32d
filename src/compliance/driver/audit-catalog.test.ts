import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { AUDIT_GROUPS } from '../common/audit-groups.js'
import { parseSpecRules } from '../common/spec-rules.js'
import { DRIVER_AUDITS, findDriverAudit } from './audit-catalog.js'

const SPEC = parseSpecRules(readFileSync(new URL('../../../docs/SPEC.md', import.meta.url), 'utf8'))
// Driver audits cover the driver rules; KRN-* rules are the kernel's and have their own tests.
const DRIVER_RULES = SPEC.filter((rule) => rule.id.startsWith('DRV-'))

describe('driver audit catalog and docs/SPEC.md stay in sync', () => {
  it('reads the rule tables of SPEC.md', () => {
    expect(DRIVER_RULES.length).toBeGreaterThan(40)
    expect(SPEC.find((rule) => rule.id === 'DRV-NULL-002')?.level).toBe('MUST')
  })

  it('every audit id is a SPEC.md rule, with the same level', () => {
    for (const audit of DRIVER_AUDITS) {
      const rule = SPEC.find((r) => r.id === audit.id)
      expect(rule, `${audit.id} is not in SPEC.md`).toBeDefined()
      expect(audit.level, audit.id).toBe(rule?.level)
    }
  })

  it('every DRV MUST rule of SPEC.md has at least one audit', () => {
    const missing = DRIVER_RULES.filter((rule) => rule.level === 'MUST')
      .map((rule) => rule.id)
      .filter((id) => findDriverAudit(id) === undefined)
    expect(missing).toEqual([])
  })

  it('audit ids are unique and every audit sits in a known group', () => {
    const ids = DRIVER_AUDITS.map((audit) => audit.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const audit of DRIVER_AUDITS) expect(AUDIT_GROUPS).toContain(audit.group)
    for (const group of AUDIT_GROUPS) {
      expect(
        DRIVER_AUDITS.some((audit) => audit.group === group),
        group,
      ).toBe(true)
    }
  })

  it('runs audits grouped in matrix order', () => {
    const order = DRIVER_AUDITS.map((audit) => AUDIT_GROUPS.indexOf(audit.group))
    expect(order).toEqual([...order].sort((a, b) => a - b))
  })

  it('freezes the audit id list (a changed id breaks every pinned skip list)', () => {
    expect(DRIVER_AUDITS.map((audit) => `${audit.group} ${audit.id} ${audit.level}`))
      .toMatchInlineSnapshot(`
        [
          "crud DRV-WRITE-001 MUST",
          "crud DRV-WRITE-004 MUST",
          "ids DRV-ID-001 MUST",
          "ids DRV-ID-002 MUST",
          "ids DRV-ID-003 MUST",
          "ids DRV-ID-004 MUST",
          "writes DRV-WRITE-002 MUST",
          "writes DRV-WRITE-003 MUST",
          "filters DRV-ARR-001 MUST",
          "filters DRV-FLT-001 MUST",
          "filters DRV-FLT-002 MUST",
          "filters DRV-FLT-003 MUST",
          "filters DRV-FLT-004 MUST",
          "filters DRV-FLT-005 MUST",
          "filters DRV-FLT-006 MUST",
          "filters DRV-FLT-007 MUST",
          "filters DRV-NULL-001 MUST",
          "filters DRV-NULL-002 MUST",
          "filters DRV-NULL-003 MUST",
          "filters DRV-NULL-004 MUST",
          "filters DRV-NULL-005 MUST",
          "filters DRV-NULL-006 MUST",
          "filters DRV-STR-001 MUST",
          "filters DRV-STR-002 MUST",
          "filters DRV-STR-003 MUST",
          "filters DRV-STR-004 MUST",
          "filters DRV-STR-005 MUST",
          "order DRV-ORD-001 MUST",
          "order DRV-ORD-002 MUST",
          "order DRV-ORD-003 MUST",
          "order DRV-ORD-004 MUST",
          "order DRV-ORD-005 MUST",
          "order DRV-ORD-006 MUST",
          "order DRV-PAGE-001 MUST",
          "order DRV-PAGE-002 MUST",
          "projection DRV-PROJ-001 MUST",
          "aggregation DRV-AGG-001 MUST",
          "aggregation DRV-AGG-002 MUST",
          "aggregation DRV-AGG-003 MUST",
          "aggregation DRV-AGG-004 MUST",
          "aggregation DRV-AGG-005 MUST",
          "aggregation DRV-AGG-006 MUST",
          "aggregation DRV-AGG-007 SHOULD",
          "types DRV-TYPE-001 MUST",
          "types DRV-TYPE-002 MUST",
          "types DRV-TYPE-003 MUST",
          "types DRV-TYPE-004 MUST",
          "types DRV-TYPE-005 MUST",
          "types DRV-TYPE-006 MUST",
          "bulk DRV-BULK-001 MUST",
          "bulk DRV-BULK-002 MUST",
          "bulk DRV-BULK-003 MUST",
          "bulk DRV-BULK-004 MUST",
          "copies DRV-WRITE-005 MUST",
          "errors DRV-ERR-001 MUST",
          "errors DRV-WRITE-006 MUST",
          "lifecycle DRV-LIFE-001 MUST",
          "lifecycle DRV-LIFE-002 MUST",
          "transactions DRV-TX-001 MUST",
          "transactions DRV-TX-002 MUST",
          "transactions DRV-TX-003 SHOULD",
          "transactions DRV-TX-004 MUST",
          "properties DRV-PROP-001 MUST",
          "properties DRV-PROP-002 MUST",
          "properties DRV-PROP-003 MUST",
          "properties DRV-PROP-004 MUST",
          "properties DRV-PROP-005 MUST",
          "properties DRV-PROP-006 MUST",
          "properties DRV-PROP-007 MUST",
          "model-runs DRV-PROP-008 MUST",
        ]
      `)
  })
})
