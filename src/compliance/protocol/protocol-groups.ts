import type { ProtocolAudit, ProtocolAuditGroup } from './protocol-audit.js'

/** Protocol audit groups in report order: one column per protocol, then the equivalence audits. */
export const PROTOCOL_AUDIT_GROUPS: readonly ProtocolAuditGroup[] = Object.freeze([
  'rest',
  'json-rpc',
  'graphql',
  'odata',
  'cross',
])

/** Human titles of the groups for reports and progress lines. */
export const PROTOCOL_GROUP_TITLES: Readonly<Record<ProtocolAuditGroup, string>> = Object.freeze({
  rest: 'REST + OpenAPI',
  'json-rpc': 'JSON-RPC 2.0',
  graphql: 'GraphQL over HTTP',
  odata: 'OData v4.01',
  cross: 'Cross-protocol',
})

/** `audits` in run and report order: by group (REST first), stable within a group. */
export function inReportOrder(audits: readonly ProtocolAudit[]): ProtocolAudit[] {
  const order = (audit: ProtocolAudit) => PROTOCOL_AUDIT_GROUPS.indexOf(audit.group)
  return [...audits].sort((a, b) => order(a) - order(b))
}
