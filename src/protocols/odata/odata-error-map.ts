import { ObjectQLError } from '../../kernel/errors.js'
import { toHttpError } from '../common/http-error.js'

/** One entry of an OData error's `details`. */
export interface ODataErrorDetail {
  readonly code: string
  readonly message: string
  readonly target?: string
}

/** OData's JSON error body (Part 1 and JSON format, "Error Response"). */
export interface ODataErrorBody {
  readonly error: {
    readonly code: string
    readonly message: string
    readonly target?: string
    readonly details?: readonly ODataErrorDetail[]
  }
}

/** An error ready to send. */
export interface ODataErrorResponse {
  readonly status: number
  readonly body: ODataErrorBody
  /** The coded error behind the response (the original is its `cause`). */
  readonly error: ObjectQLError
}

function targetOf(error: ObjectQLError): string | undefined {
  const details = error.details ?? {}
  for (const key of ['option', 'target', 'field', 'param', 'path']) {
    const value = details[key]
    if (typeof value === 'string' && value !== '') return value
  }
  const fields = details['fields']
  if (Array.isArray(fields) && typeof fields[0] === 'string') return fields[0]
  return undefined
}

function detailsOf(error: ObjectQLError): ODataErrorDetail[] | undefined {
  const raw = error.details?.['errors']
  if (Array.isArray(raw)) {
    const details = raw.flatMap((item: unknown): ODataErrorDetail[] => {
      if (typeof item !== 'object' || item === null) return []
      const entry = item as Record<string, unknown>
      const rule = typeof entry['rule'] === 'string' ? entry['rule'] : 'invalid'
      const message = typeof entry['message'] === 'string' ? entry['message'] : rule
      const target = typeof entry['field'] === 'string' ? entry['field'] : undefined
      return [{ code: error.code, message, ...(target === undefined ? {} : { target }) }]
    })
    return details.length > 0 ? details : undefined
  }
  const fields = error.details?.['fields']
  if (Array.isArray(fields) && fields.length > 1) {
    return fields.map((field) => ({
      code: error.code,
      message: `unknown field '${String(field)}'`,
      target: String(field),
    }))
  }
  return undefined
}

/**
 * The OData protocol's one error map: `{ error: { code, message, target?, details? } }` with
 * the catalog code as `code` (not upstream's HTTP status string) and the catalog's status:
 * `INVALID_FILTER` 400, `NOT_FOUND` 404, `PRECONDITION_FAILED` 412, `NOT_SUPPORTED` 501
 * (OData's "Not Implemented" for unsupported query constructs), ... `target` names the query
 * option or field at fault; `details` lists every field of a `VALIDATION_FAILED`. Uncoded
 * failures are `INTERNAL_ERROR` without their message.
 */
export function toODataError(thrown: unknown): ODataErrorResponse {
  const http = toHttpError(thrown)
  const error = http.error
  // 405, 406 and 415 have no catalog code of their own; they travel as INVALID_REQUEST.
  const override = error.details?.['httpStatus']
  const status =
    typeof override === 'number' && override >= 400 && override < 500 ? override : http.status
  const target = targetOf(error)
  const details = detailsOf(error)
  return {
    status,
    error,
    body: {
      error: {
        code: error.code,
        message: error.message,
        ...(target === undefined ? {} : { target }),
        ...(details === undefined ? {} : { details }),
      },
    },
  }
}

/** A 400 `INVALID_REQUEST` naming the part of the request at fault. */
export function invalidRequest(message: string, target?: string): ObjectQLError {
  return new ObjectQLError(
    'INVALID_REQUEST',
    message,
    target === undefined ? {} : { details: { target } },
  )
}
