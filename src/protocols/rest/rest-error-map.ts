import type { ObjectQLError } from '../../kernel/errors.js'
import { httpErrorBody, toHttpError } from '../common/http-error.js'
import type { HttpErrorBody } from '../common/http-error.js'

/** A REST error response: the status and the `{ error: { code, message, details? } }` body. */
export interface RestErrorResponse {
  readonly status: number
  readonly body: HttpErrorBody
  /** The coded error behind the response (the original is its `cause`). */
  readonly error: ObjectQLError
}

/**
 * The REST protocol's one error map. Every kernel error keeps its catalog code and status
 * (`INVALID_FILTER` 400, `NOT_FOUND` 404, `DUPLICATE_RECORD` 409, `PAYLOAD_TOO_LARGE` 413, ...);
 * Fastify's request errors become client errors (415 for a body that is not JSON); anything
 * uncoded is `INTERNAL_ERROR` 500 without its message, which may hold internals.
 */
export function toRestError(thrown: unknown): RestErrorResponse {
  const { status, error } = toHttpError(thrown)
  return { status, body: httpErrorBody(error), error }
}
