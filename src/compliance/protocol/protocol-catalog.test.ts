import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseSpecRules } from '../common/spec-rules.js'
import { PROTOCOL_AUDITS, findProtocolAudit } from './protocol-catalog.js'
import { PROTOCOL_NAMES } from './protocol-audit-context.js'
import { PROTOCOL_AUDIT_GROUPS } from './protocol-groups.js'

const ALL_SORTED = [...PROTOCOL_NAMES].sort()

const SPEC = parseSpecRules(readFileSync(new URL('../../../docs/SPEC.md', import.meta.url), 'utf8'))

/** The group each id prefix belongs to. */
const PREFIX_GROUP: Readonly<Record<string, string>> = {
  'PRT-REST': 'rest',
  'PRT-RPC': 'json-rpc',
  'PRT-GQL': 'graphql',
  'PRT-ODATA': 'odata',
  'PRT-X': 'cross',
}

describe('protocol audit catalog and docs/SPEC.md stay in sync', () => {
  it('every audit id is a SPEC.md rule, with the same level', () => {
    for (const audit of PROTOCOL_AUDITS) {
      const rule = SPEC.find((r) => r.id === audit.id)
      expect(rule, `${audit.id} is not in SPEC.md`).toBeDefined()
      expect(audit.level, audit.id).toBe(rule?.level)
    }
  })

  it('every PRT-REST and PRT-RPC rule of SPEC.md has its audit', () => {
    const missing = SPEC.filter((rule) => /^PRT-(REST|RPC)-/.test(rule.id))
      .map((rule) => rule.id)
      .filter((id) => findProtocolAudit(id) === undefined)
    expect(missing).toEqual([])
  })

  it('ids are unique and sorted; each audit sits in the group of its prefix and cites a standard', () => {
    const list = PROTOCOL_AUDITS.map((audit) => audit.id)
    expect(new Set(list).size).toBe(list.length)
    expect(list).toEqual([...list].sort())
    for (const audit of PROTOCOL_AUDITS) {
      const prefix = audit.id.replace(/-\d{3}$/, '')
      expect(PREFIX_GROUP[prefix], audit.id).toBe(audit.group)
      expect(PROTOCOL_AUDIT_GROUPS).toContain(audit.group)
      expect(audit.cites.trim(), audit.id).not.toBe('')
      expect(audit.needs.length, audit.id).toBeGreaterThan(0)
      for (const name of audit.needs) expect(PROTOCOL_NAMES).toContain(name)
      // A cross-protocol audit compares all four protocols; any other audits its own.
      if (audit.group === 'cross') expect([...audit.needs].sort(), audit.id).toEqual(ALL_SORTED)
      else expect(audit.needs, audit.id).toEqual([audit.group])
    }
  })

  it('freezes the whole id list, in run order (a changed id breaks every pinned skip list)', () => {
    const order = (group: string) => PROTOCOL_AUDIT_GROUPS.indexOf(group as never)
    const listed = [...PROTOCOL_AUDITS]
      .sort((a, b) => order(a.group) - order(b.group))
      .map((audit) => `${audit.group} ${audit.id} ${audit.level}`)
    expect(listed).toMatchInlineSnapshot(`
      [
        "rest PRT-REST-001 MUST",
        "rest PRT-REST-002 MUST",
        "rest PRT-REST-003 MUST",
        "rest PRT-REST-004 MUST",
        "rest PRT-REST-005 MUST",
        "rest PRT-REST-006 MUST",
        "rest PRT-REST-007 MUST",
        "rest PRT-REST-008 MUST",
        "rest PRT-REST-009 MUST",
        "rest PRT-REST-010 MUST",
        "rest PRT-REST-011 MUST",
        "rest PRT-REST-012 MUST",
        "rest PRT-REST-013 MUST",
        "rest PRT-REST-014 MUST",
        "rest PRT-REST-015 MUST",
        "rest PRT-REST-016 MUST",
        "rest PRT-REST-017 MUST",
        "rest PRT-REST-018 MUST",
        "rest PRT-REST-019 MUST",
        "rest PRT-REST-020 MUST",
        "rest PRT-REST-021 SHOULD",
        "rest PRT-REST-022 MUST",
        "rest PRT-REST-023 MUST",
        "rest PRT-REST-024 MUST",
        "rest PRT-REST-025 MUST",
        "rest PRT-REST-026 MUST",
        "rest PRT-REST-027 MUST",
        "rest PRT-REST-028 SHOULD",
        "rest PRT-REST-029 MUST",
        "json-rpc PRT-RPC-001 MUST",
        "json-rpc PRT-RPC-002 MUST",
        "json-rpc PRT-RPC-003 MUST",
        "json-rpc PRT-RPC-004 MUST",
        "json-rpc PRT-RPC-005 MUST",
        "json-rpc PRT-RPC-006 MUST",
        "json-rpc PRT-RPC-007 MUST",
        "json-rpc PRT-RPC-008 MUST",
        "json-rpc PRT-RPC-009 MUST",
        "json-rpc PRT-RPC-010 MUST",
        "json-rpc PRT-RPC-011 MUST",
        "json-rpc PRT-RPC-012 MUST",
        "json-rpc PRT-RPC-013 MUST",
        "json-rpc PRT-RPC-014 MUST",
        "json-rpc PRT-RPC-015 MUST",
        "json-rpc PRT-RPC-016 MUST",
        "json-rpc PRT-RPC-017 MUST",
        "json-rpc PRT-RPC-018 MUST",
        "json-rpc PRT-RPC-019 MUST",
        "json-rpc PRT-RPC-020 MUST",
        "json-rpc PRT-RPC-021 MUST",
        "json-rpc PRT-RPC-022 MUST",
        "json-rpc PRT-RPC-023 MUST",
        "json-rpc PRT-RPC-024 SHOULD",
        "graphql PRT-GQL-001 MUST",
        "graphql PRT-GQL-002 MUST",
        "graphql PRT-GQL-003 MAY",
        "graphql PRT-GQL-004 MUST",
        "graphql PRT-GQL-005 SHOULD",
        "graphql PRT-GQL-006 MUST",
        "graphql PRT-GQL-007 MUST",
        "graphql PRT-GQL-008 SHOULD",
        "graphql PRT-GQL-009 SHOULD",
        "graphql PRT-GQL-010 MUST",
        "graphql PRT-GQL-011 MUST",
        "graphql PRT-GQL-012 MUST",
        "graphql PRT-GQL-013 MUST",
        "graphql PRT-GQL-014 MUST",
        "graphql PRT-GQL-015 MUST",
        "graphql PRT-GQL-016 MUST",
        "graphql PRT-GQL-017 MUST",
        "graphql PRT-GQL-018 MUST",
        "graphql PRT-GQL-019 MUST",
        "graphql PRT-GQL-020 MUST",
        "graphql PRT-GQL-021 SHOULD",
        "odata PRT-ODATA-001 MUST",
        "odata PRT-ODATA-002 SHOULD",
        "odata PRT-ODATA-003 MUST",
        "odata PRT-ODATA-004 MUST",
        "odata PRT-ODATA-005 MUST",
        "odata PRT-ODATA-006 MUST",
        "odata PRT-ODATA-007 MUST",
        "odata PRT-ODATA-008 MUST",
        "odata PRT-ODATA-009 MUST",
        "odata PRT-ODATA-010 MUST",
        "odata PRT-ODATA-011 SHOULD",
        "odata PRT-ODATA-012 SHOULD",
        "odata PRT-ODATA-013 MUST",
        "odata PRT-ODATA-014 SHOULD",
        "odata PRT-ODATA-015 SHOULD",
        "odata PRT-ODATA-016 SHOULD",
        "odata PRT-ODATA-017 MUST",
        "odata PRT-ODATA-018 MUST",
        "odata PRT-ODATA-019 MUST",
        "odata PRT-ODATA-020 SHOULD",
        "odata PRT-ODATA-021 MUST",
        "odata PRT-ODATA-022 SHOULD",
        "odata PRT-ODATA-023 SHOULD",
        "odata PRT-ODATA-024 SHOULD",
        "odata PRT-ODATA-025 SHOULD",
        "odata PRT-ODATA-026 MUST",
        "odata PRT-ODATA-027 MUST",
        "odata PRT-ODATA-028 MUST",
        "odata PRT-ODATA-029 MUST",
        "odata PRT-ODATA-030 MUST",
        "odata PRT-ODATA-031 MUST",
        "odata PRT-ODATA-032 MUST",
        "odata PRT-ODATA-033 MUST",
        "odata PRT-ODATA-034 SHOULD",
        "odata PRT-ODATA-035 MUST",
        "odata PRT-ODATA-036 MUST",
        "cross PRT-X-001 MUST",
        "cross PRT-X-002 MUST",
        "cross PRT-X-003 MUST",
        "cross PRT-X-004 MUST",
        "cross PRT-X-005 MUST",
        "cross PRT-X-006 MUST",
      ]
    `)
  })
})
