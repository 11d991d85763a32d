import { CROSS_PROTOCOL_AUDITS } from './audits/cross-protocol-audits.js'
import { GRAPHQL_AUDITS } from './audits/graphql-audits.js'
import { JSON_RPC_AUDITS } from './audits/json-rpc-audits.js'
import { ODATA_AUDITS } from './audits/odata-audits.js'
import { REST_AUDITS } from './audits/rest-audits.js'
import type { ProtocolAudit } from './protocol-audit.js'

/**
 * Every protocol audit, sorted by id. The id list is frozen by a snapshot test; adding an audit
 * means adding its rule to docs/SPEC.md first. Runners go through it in report order (REST,
 * JSON-RPC, GraphQL, OData, cross-protocol).
 */
export const PROTOCOL_AUDITS: readonly ProtocolAudit[] = Object.freeze(
  [
    ...REST_AUDITS,
    ...JSON_RPC_AUDITS,
    ...GRAPHQL_AUDITS,
    ...ODATA_AUDITS,
    ...CROSS_PROTOCOL_AUDITS,
  ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
)

/** The protocol audit with this id, or undefined. */
export function findProtocolAudit(id: string): ProtocolAudit | undefined {
  return PROTOCOL_AUDITS.find((audit) => audit.id === id)
}
