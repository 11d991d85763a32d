import type { ProtocolAudit } from '../protocol-audit.js'
import { GRAPHQL_CRUD_AUDITS } from './graphql-crud-audits.js'
import { GRAPHQL_HTTP_AUDITS } from './graphql-http-audits.js'
import { GRAPHQL_QUERY_AUDITS } from './graphql-query-audits.js'

/**
 * The GraphQL audits (`PRT-GQL-…`, docs/SPEC.md): GraphQL over HTTP (methods, media types,
 * status codes), the GraphQL response format, and the schema upstream ObjectQL generates for the
 * fixture (introspection, CRUD, counts, Relay paging, lookups, errors). Every audit needs only
 * the GraphQL endpoint; data audits create their records with their run id and delete them.
 */
export const GRAPHQL_AUDITS: readonly ProtocolAudit[] = Object.freeze([
  ...GRAPHQL_HTTP_AUDITS,
  ...GRAPHQL_CRUD_AUDITS,
  ...GRAPHQL_QUERY_AUDITS,
])
