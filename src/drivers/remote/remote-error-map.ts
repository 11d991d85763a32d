import { ERROR_CATALOG, ObjectQLError } from '../../kernel/errors.js'
import type { ErrorCode, ErrorDetails } from '../../kernel/errors.js'

/**
 * HTTP exchanges -> the error catalog. A server speaking our REST protocol answers every error
 * as `{ error: { code, message, details? } }`; its code, message and details are kept as they
 * are, so `NOT_FOUND`, `DUPLICATE_RECORD`, `VALIDATION_FAILED` (with `details.errors`) reach the
 * caller exactly as the server raised them. Everything else is decided by the transport:
 * - no answer (connection refused or dropped, DNS, CORS) or no answer in time: `DRIVER_UNAVAILABLE`;
 * - an answer without the envelope: 408, 429, 502, 503, 504 (proxies and load balancers in
 *   trouble) and 401/403 (the backend refuses us) are `DRIVER_UNAVAILABLE`, anything else is
 *   `DRIVER_ERROR`;
 * - a success whose body is not the JSON the protocol promises: `DRIVER_ERROR`.
 * The original (the fetch error, or `{ status, body }` of the response) is kept as `cause`.
 */

/** Where an error happened, for messages and `details`. */
export interface RemoteCall {
  readonly method: string
  /** The path and query, without the base URL (which may hold credentials). */
  readonly path: string
}

/** The HTTP answer behind a mapped error, kept as its `cause`. */
export interface RemoteHttpFailure {
  readonly status: number
  readonly body: unknown
}

/** Statuses that mean "not now" rather than "not this request", when no envelope says more. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504])

const REFUSED_STATUSES: ReadonlySet<number> = new Set([401, 403])

/** The `{ error: { code, message, details? } }` of a body, or undefined when it is not one. */
export function readEnvelope(
  body: unknown,
): { code: string; message: string; details?: ErrorDetails } | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const error = (body as Record<string, unknown>)['error']
  if (typeof error !== 'object' || error === null) return undefined
  const { code, message, details } = error as Record<string, unknown>
  if (typeof code !== 'string' || typeof message !== 'string') return undefined
  const isRecord = typeof details === 'object' && details !== null && !Array.isArray(details)
  return isRecord ? { code, message, details: details as ErrorDetails } : { code, message }
}

function isCatalogCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOG, code)
}

/** The coded error for a non-2xx answer (`body` is the parsed JSON, or undefined). */
export function errorFromResponse(status: number, body: unknown, call: RemoteCall): ObjectQLError {
  const cause: RemoteHttpFailure = { status, body }
  const envelope = readEnvelope(body)
  if (envelope !== undefined && isCatalogCode(envelope.code)) {
    return new ObjectQLError(envelope.code, envelope.message, {
      cause,
      ...(envelope.details === undefined ? {} : { details: envelope.details }),
    })
  }
  const where = `${call.method} ${call.path}`
  if (envelope !== undefined) {
    return new ObjectQLError(
      'DRIVER_ERROR',
      `${where} failed with '${envelope.code}', which is not an ObjectQL error code: ${envelope.message}`,
      { cause, details: { status, serverCode: envelope.code, ...call } },
    )
  }
  const code: ErrorCode =
    TRANSIENT_STATUSES.has(status) || REFUSED_STATUSES.has(status)
      ? 'DRIVER_UNAVAILABLE'
      : 'DRIVER_ERROR'
  return new ObjectQLError(code, `${where} answered HTTP ${status} without an error envelope`, {
    cause,
    details: { status, ...call },
  })
}

/** True when `error` is the reason of an `AbortSignal.timeout` that fired. */
export function isTimeout(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'TimeoutError'
  )
}

/** The error for a request that got no (complete) answer: `DRIVER_UNAVAILABLE`. */
export function errorFromNetwork(
  error: unknown,
  call: RemoteCall,
  timeoutMs: number,
): ObjectQLError {
  const where = `${call.method} ${call.path}`
  if (isTimeout(error)) {
    return new ObjectQLError(
      'DRIVER_UNAVAILABLE',
      `${where} got no answer within ${timeoutMs} ms`,
      {
        cause: error,
        details: { reason: 'timeout', timeoutMs, ...call },
      },
    )
  }
  const message = error instanceof Error ? error.message : String(error)
  return new ObjectQLError('DRIVER_UNAVAILABLE', `${where} failed: ${message}`, {
    cause: error,
    details: { reason: 'network', ...call },
  })
}

/** The error for a success whose body the protocol does not allow (not JSON, wrong shape). */
export function malformedResponse(
  call: RemoteCall,
  problem: string,
  status: number,
  body: unknown,
  cause?: unknown,
): ObjectQLError {
  const original: RemoteHttpFailure = { status, body }
  return new ObjectQLError('DRIVER_ERROR', `${call.method} ${call.path}: ${problem}`, {
    cause: cause ?? original,
    details: { status, ...call },
  })
}

/**
 * True when the connection was refused, so the request certainly never reached the server
 * (Node's fetch reports `ECONNREFUSED` as the cause; browsers say nothing, so they never
 * claim this certainty).
 */
export function wasRefused(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined
  return (
    typeof cause === 'object' &&
    cause !== null &&
    (cause as { code?: unknown }).code === 'ECONNREFUSED'
  )
}

/**
 * The error of a request about one record. A `NOT_FOUND` that does not name the record is the
 * server saying it has no such route (a wrong `baseUrl`, an older server), never "no such
 * record": `DRIVER_ERROR`.
 */
export function recordError(error: ObjectQLError, id: string): ObjectQLError {
  if (error.code !== 'NOT_FOUND' || error.details?.['id'] === id) return error
  return new ObjectQLError('DRIVER_ERROR', `the server has no route for this: ${error.message}`, {
    cause: error,
    details: { id },
  })
}

/** `NOT_SUPPORTED` for a write of an id no URL can carry (one with a lone UTF-16 surrogate). */
export function unaddressable(object: string, id: string, operation: string): ObjectQLError {
  return new ObjectQLError(
    'NOT_SUPPORTED',
    `cannot ${operation} ${object}/${JSON.stringify(id)}: the id holds a lone UTF-16 surrogate, which no URL can carry`,
    { details: { object, id, operation } },
  )
}
