import type { ProtocolAudit } from '../protocol-audit.js'
import { RPC_BATCH_AUDITS } from './rpc-batch-audits.js'
import { RPC_DATA_AUDITS } from './rpc-data-audits.js'
import { RPC_DISCOVERY_AUDITS } from './rpc-discovery-audits.js'
import { RPC_ENVELOPE_AUDITS } from './rpc-envelope-audits.js'
import { RPC_ERROR_AUDITS } from './rpc-error-audits.js'

/**
 * The JSON-RPC audits (`PRT-RPC-*`): the JSON-RPC 2.0 specification (request, notification,
 * response, error and batch objects, §4-§7) and ObjectQL's method set with upstream's names
 * (`object.*`, `metadata.*`, `system.listMethods`).
 */
export const JSON_RPC_AUDITS: readonly ProtocolAudit[] = [
  ...RPC_ENVELOPE_AUDITS,
  ...RPC_ERROR_AUDITS,
  ...RPC_BATCH_AUDITS,
  ...RPC_DATA_AUDITS,
  ...RPC_DISCOVERY_AUDITS,
]
