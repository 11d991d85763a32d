import { ObjectQLError, isObjectQLError } from '../../kernel/errors.js'
import type { ErrorCode, ErrorDetails } from '../../kernel/errors.js'

/** The JSON error envelope the HTTP protocols (REST, the shared host) answer with. */
export interface HttpErrorBody {
  readonly error: {
    readonly code: ErrorCode
    readonly message: string
    readonly details?: ErrorDetails
  }
}

/** An error ready to send: the HTTP status and the coded error. */
export interface HttpErrorResult {
  readonly status: number
  readonly error: ObjectQLError
}

interface FastifyLikeError {
  readonly code?: unknown
  readonly statusCode?: unknown
  readonly message?: unknown
}

// Fastify raises these before a handler runs; they are the client's fault, never a 5xx.
const FASTIFY_CODES: Readonly<Record<string, { code: ErrorCode; status: number }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', status: 413 },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'INVALID_REQUEST', status: 400 },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'INVALID_REQUEST', status: 415 },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_REQUEST', status: 400 },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_REQUEST', status: 400 },
  FST_ERR_CTP_EMPTY_TYPE: { code: 'INVALID_REQUEST', status: 415 },
  FST_ERR_CTP_INVALID_TYPE: { code: 'INVALID_REQUEST', status: 415 },
  FST_ERR_BAD_URL: { code: 'INVALID_REQUEST', status: 400 },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'LIMIT_EXCEEDED', status: 414 },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'INVALID_REQUEST', status: 400 },
}

/**
 * Turns anything a request handler or Fastify threw into a coded error and the status to send.
 * Coded errors keep their catalog status; Fastify's own request errors (body too large, bad
 * media type, bad URL) become client errors; anything else is `INTERNAL_ERROR` with the
 * original kept as `cause`.
 */
export function toHttpError(thrown: unknown): HttpErrorResult {
  if (isObjectQLError(thrown)) return { status: thrown.status, error: thrown }
  const candidate = (
    typeof thrown === 'object' && thrown !== null ? thrown : {}
  ) as FastifyLikeError
  const fastifyCode = typeof candidate.code === 'string' ? candidate.code : undefined
  const known = fastifyCode === undefined ? undefined : FASTIFY_CODES[fastifyCode]
  const message = typeof candidate.message === 'string' ? candidate.message : String(thrown)
  if (known !== undefined) {
    return {
      status: known.status,
      error: new ObjectQLError(known.code, message, { cause: thrown, details: { fastifyCode } }),
    }
  }
  const status = typeof candidate.statusCode === 'number' ? candidate.statusCode : 500
  if (status >= 400 && status < 500) {
    return {
      status,
      error: new ObjectQLError('INVALID_REQUEST', message, { cause: thrown }),
    }
  }
  return {
    status: 500,
    error: new ObjectQLError('INTERNAL_ERROR', 'internal error', { cause: thrown }),
  }
}

/** The `{ error: { code, message, details? } }` body for a coded error. */
export function httpErrorBody(error: ObjectQLError): HttpErrorBody {
  return error.details === undefined
    ? { error: { code: error.code, message: error.message } }
    : { error: { code: error.code, message: error.message, details: error.details } }
}
