import { isObjectQLError } from '../../kernel/errors.js'
import type { ErrorCode } from '../../kernel/errors.js'
import { JSON_RPC_CODES } from './json-rpc-envelope.js'
import type { JsonRpcErrorObject } from './json-rpc-envelope.js'

/**
 * Application errors use the specification's server-error range (-32000 to -32099), one code
 * per kind of failure a client may want to branch on. Input problems (bad params, an unknown
 * field or operator, failed validation, a limit) are the specification's own -32602.
 */
export const JSON_RPC_APPLICATION_CODES: Readonly<Partial<Record<ErrorCode, number>>> = {
  INVALID_REQUEST: JSON_RPC_CODES.INVALID_PARAMS,
  INVALID_FILTER: JSON_RPC_CODES.INVALID_PARAMS,
  INVALID_FIELD: JSON_RPC_CODES.INVALID_PARAMS,
  INVALID_QUERY: JSON_RPC_CODES.INVALID_PARAMS,
  VALIDATION_FAILED: JSON_RPC_CODES.INVALID_PARAMS,
  LIMIT_EXCEEDED: JSON_RPC_CODES.INVALID_PARAMS,
  METADATA_INVALID: JSON_RPC_CODES.INVALID_PARAMS,
  PAYLOAD_TOO_LARGE: JSON_RPC_CODES.INVALID_REQUEST,
  NOT_FOUND: -32001,
  OBJECT_NOT_FOUND: -32002,
  ACTION_NOT_FOUND: -32003,
  DUPLICATE_RECORD: -32004,
  PRECONDITION_FAILED: -32005,
  NOT_SUPPORTED: -32006,
  DRIVER_UNAVAILABLE: -32007,
  DRIVER_NOT_CONNECTED: -32007,
  SERVICE_UNAVAILABLE: -32007,
}

/**
 * The JSON-RPC protocol's one error map: a thrown value into the `error` member of a response.
 * Coded errors keep their message and carry `data: { code, details? }` (the catalog code, so a
 * client never has to parse messages); codes without a dedicated number, and anything
 * uncoded, are -32603 Internal error, whose message never leaks an uncoded error's text.
 */
export function toJsonRpcError(thrown: unknown): JsonRpcErrorObject {
  if (!isObjectQLError(thrown)) {
    return {
      code: JSON_RPC_CODES.INTERNAL_ERROR,
      message: 'Internal error',
      data: { code: 'INTERNAL_ERROR' },
    }
  }
  const code = JSON_RPC_APPLICATION_CODES[thrown.code] ?? JSON_RPC_CODES.INTERNAL_ERROR
  const data =
    thrown.details === undefined
      ? { code: thrown.code }
      : { code: thrown.code, details: thrown.details }
  return { code, message: thrown.message, data }
}
