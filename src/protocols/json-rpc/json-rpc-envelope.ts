/**
 * JSON-RPC 2.0 envelopes (https://www.jsonrpc.org/specification): the shapes, the reserved
 * error codes, and the classification of one incoming element into a call, a notification or an
 * invalid request.
 */

/** A request id: a string, a number, or null (which is still a request, not a notification). */
export type JsonRpcId = string | number | null

/** The error member of a response. */
export interface JsonRpcErrorObject {
  readonly code: number
  readonly message: string
  readonly data?: unknown
}

/** A success response. */
export interface JsonRpcSuccess {
  readonly jsonrpc: '2.0'
  readonly result: unknown
  readonly id: JsonRpcId
}

/** An error response. */
export interface JsonRpcFailure {
  readonly jsonrpc: '2.0'
  readonly error: JsonRpcErrorObject
  readonly id: JsonRpcId
}

/** A response object. */
export type JsonRpcResponse = JsonRpcSuccess | JsonRpcFailure

/** The codes the specification reserves. */
export const JSON_RPC_CODES = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
} as const

/** A well-formed request or notification. */
export interface JsonRpcCall {
  readonly kind: 'call'
  readonly method: string
  readonly params: readonly unknown[] | Readonly<Record<string, unknown>> | undefined
  readonly id: JsonRpcId
  /** True when the request has no `id` member: it gets no response, not even an error. */
  readonly notification: boolean
}

/** An element that is not a valid Request object. It always gets an error response. */
export interface JsonRpcInvalid {
  readonly kind: 'invalid'
  /** The request's id when it could be read, else null (as the specification requires). */
  readonly id: JsonRpcId
  readonly problems: readonly { readonly path: string; readonly message: string }[]
}

const MEMBERS = new Set(['jsonrpc', 'method', 'params', 'id'])

function isId(value: unknown): value is JsonRpcId {
  return (
    value === null ||
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value))
  )
}

/**
 * Classifies one element of a request (or of a batch). Strict: `jsonrpc` must be exactly
 * `"2.0"`, `method` a string, `params` (when present) an array or object, `id` (when present)
 * a string, number or null, and no other members may appear.
 */
export function classifyRequest(value: unknown): JsonRpcCall | JsonRpcInvalid {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', id: null, problems: [{ path: '', message: 'must be an object' }] }
  }
  const request = value as Record<string, unknown>
  const problems: { path: string; message: string }[] = []
  if (request['jsonrpc'] !== '2.0') problems.push({ path: 'jsonrpc', message: 'must be "2.0"' })
  if (typeof request['method'] !== 'string') {
    problems.push({ path: 'method', message: 'must be a string' })
  }
  const params = request['params']
  if (params !== undefined && (typeof params !== 'object' || params === null)) {
    problems.push({ path: 'params', message: 'must be an array or an object' })
  }
  const hasId = Object.hasOwn(request, 'id')
  if (hasId && !isId(request['id'])) {
    problems.push({ path: 'id', message: 'must be a string, a number or null' })
  }
  for (const key of Object.keys(request)) {
    if (!MEMBERS.has(key)) problems.push({ path: key, message: 'is not a member of a Request' })
  }
  const id = hasId && isId(request['id']) ? request['id'] : null
  if (problems.length > 0) return { kind: 'invalid', id, problems }
  return {
    kind: 'call',
    method: request['method'] as string,
    params: params as JsonRpcCall['params'],
    id,
    notification: !hasId,
  }
}

/** A success response. */
export function success(id: JsonRpcId, result: unknown): JsonRpcSuccess {
  return { jsonrpc: '2.0', result: result === undefined ? null : result, id }
}

/** An error response. */
export function failure(id: JsonRpcId, error: JsonRpcErrorObject): JsonRpcFailure {
  return { jsonrpc: '2.0', error, id }
}
