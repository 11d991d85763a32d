import type { ProtocolAudit } from '../protocol-audit.js'
import { REST_ERROR_AUDITS } from './rest-error-audits.js'
import { REST_HTTP_AUDITS } from './rest-http-audits.js'
import { REST_QUERY_AUDITS } from './rest-query-audits.js'
import { REST_WRITE_AUDITS } from './rest-write-audits.js'

/**
 * The REST protocol audits (`PRT-REST-*`): what the ObjectQL REST protocol is, judged by HTTP
 * semantics (RFC 9110), URIs (RFC 3986), PATCH (RFC 5789), JSON (RFC 8259), OpenAPI 3.1 and the
 * data rules of docs/SPEC.md. They reach the server only through the transport, so they judge
 * any ObjectQL-compatible server by URL as well as ours in process.
 */
export const REST_AUDITS: readonly ProtocolAudit[] = [
  ...REST_WRITE_AUDITS,
  ...REST_QUERY_AUDITS,
  ...REST_ERROR_AUDITS,
  ...REST_HTTP_AUDITS,
]
