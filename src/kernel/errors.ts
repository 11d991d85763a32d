/**
 * The one error catalog of the toolkit. Every layer throws {@link ObjectQLError} with a code from
 * {@link ERROR_CATALOG}; drivers map native errors into it (keeping the original as `cause`) and
 * protocols map it out (HTTP status, GraphQL `extensions.code`, OData `error.code`, JSON-RPC
 * code). `errors.test.ts` keeps this catalog and the table in README.md in sync.
 */

/** One catalog entry: the HTTP status protocols use, whether a retry may succeed, and what it means. */
export interface ErrorCatalogEntry {
  readonly status: number
  readonly transient: boolean
  readonly description: string
}

/** Every error code the toolkit can raise. Adding a code means adding its README row too. */
export const ERROR_CATALOG = {
  INVALID_FILTER: {
    status: 400,
    transient: false,
    description: 'A filter is malformed or uses an unknown operator; nothing was run.',
  },
  INVALID_FIELD: {
    status: 400,
    transient: false,
    description: 'A query or write names a field the object does not declare.',
  },
  INVALID_QUERY: {
    status: 400,
    transient: false,
    description: 'A query is malformed outside its filter (sort, paging, projection, aggregation).',
  },
  INVALID_REQUEST: {
    status: 400,
    transient: false,
    description:
      'A protocol request is malformed (bad JSON, wrong envelope, bad parameters); protocols answer 405, 406 or 415 with it for a wrong method, media type or body type.',
  },
  VALIDATION_FAILED: {
    status: 400,
    transient: false,
    description:
      'A write breaks field rules (required, type, range, length, pattern, options, unique); `details` lists each field.',
  },
  METADATA_INVALID: {
    status: 400,
    transient: false,
    description:
      'An object definition or metadata file is invalid; the message names the file and path.',
  },
  LIMIT_EXCEEDED: {
    status: 400,
    transient: false,
    description:
      'A request passes a configured limit (page size, nesting depth, query complexity).',
  },
  NOT_FOUND: {
    status: 404,
    transient: false,
    description: 'The record does not exist.',
  },
  OBJECT_NOT_FOUND: {
    status: 404,
    transient: false,
    description: 'No object with that name is registered.',
  },
  ACTION_NOT_FOUND: {
    status: 404,
    transient: false,
    description: 'No action with that name is registered on the object.',
  },
  DUPLICATE_RECORD: {
    status: 409,
    transient: false,
    description: 'A record with that id (or unique value) already exists; nothing was written.',
  },
  PRECONDITION_FAILED: {
    status: 412,
    transient: false,
    description: 'A conditional request failed (for example an OData `If-Match` ETag mismatch).',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    transient: false,
    description: 'A request body is larger than the configured limit.',
  },
  NOT_SUPPORTED: {
    status: 501,
    transient: false,
    description: 'The driver or protocol does not support this operation (see its capabilities).',
  },
  DRIVER_UNAVAILABLE: {
    status: 503,
    transient: true,
    description: 'The backend cannot be reached or the connection was lost.',
  },
  DRIVER_NOT_CONNECTED: {
    status: 503,
    transient: false,
    description: 'A driver was used before `connect()` or after `disconnect()`.',
  },
  DRIVER_ERROR: {
    status: 500,
    transient: false,
    description:
      'The backend failed in a way no other code describes; the native error is the `cause`.',
  },
  TRANSACTION_FAILED: {
    status: 500,
    transient: false,
    description: 'A transaction could not begin, commit or roll back; nothing of it was kept.',
  },
  KERNEL_STATE: {
    status: 500,
    transient: false,
    description:
      'A kernel call does not fit its lifecycle state (for example a query before `start()`).',
  },
  PLUGIN_INVALID: {
    status: 500,
    transient: false,
    description: 'A plugin definition is malformed (missing name, bad version, duplicate name).',
  },
  PLUGIN_DEPENDENCY_MISSING: {
    status: 500,
    transient: false,
    description: 'A plugin depends on a plugin that is not loaded; the message names both.',
  },
  PLUGIN_VERSION_MISMATCH: {
    status: 500,
    transient: false,
    description:
      "A loaded plugin's version does not satisfy a dependent's range; the message names both.",
  },
  PLUGIN_DEPENDENCY_CYCLE: {
    status: 500,
    transient: false,
    description: 'Plugin dependencies form a cycle; the message lists it.',
  },
  PLUGIN_CONFLICT: {
    status: 500,
    transient: false,
    description: 'Two plugins declare a conflict with each other, or provide the same capability.',
  },
  PLUGIN_TIMEOUT: {
    status: 500,
    transient: false,
    description:
      'A plugin did not finish install/start/stop within its timeout; the message names it.',
  },
  HOOK_INVALID: {
    status: 500,
    transient: false,
    description: 'A hook registration names an unknown event or has no handler.',
  },
  CONFIG_INVALID: {
    status: 500,
    transient: false,
    description:
      'Toolkit configuration is invalid (CLI flags, seeds, report paths, audit ids, driver modules).',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    transient: true,
    description:
      'A required test service (PostgreSQL, MySQL, Redis, MongoDB) could not be provided.',
  },
  INTERNAL_ERROR: {
    status: 500,
    transient: false,
    description: 'An unexpected failure; the original error is the `cause`.',
  },
} as const satisfies Record<string, ErrorCatalogEntry>

/** A code of the catalog. */
export type ErrorCode = keyof typeof ERROR_CATALOG

/** The list of codes, in catalog order. */
export const ERROR_CODES: readonly ErrorCode[] = Object.freeze(
  Object.keys(ERROR_CATALOG) as ErrorCode[],
)

/** Extra data that travels with an error (field problems, the plugins involved, ...). */
export type ErrorDetails = Readonly<Record<string, unknown>>

/** Options for {@link ObjectQLError}. */
export interface ObjectQLErrorOptions {
  /** Structured data for the caller; protocols pass it through to clients. */
  readonly details?: ErrorDetails
  /** The error this one was mapped from (a native driver error, a zod error, ...). */
  readonly cause?: unknown
}

// A registry-wide brand so two copies of the package (or a bundled copy) still recognise each
// other's errors, where `instanceof` would not.
const BRAND: unique symbol = Symbol.for('objectql-toolkit.error') as never

/**
 * The toolkit's only error class. `code` is the identity; `status` is derived from the catalog.
 *
 * @example
 * throw new ObjectQLError('NOT_FOUND', `tasks/${id} does not exist`)
 */
export class ObjectQLError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly transient: boolean
  readonly details: ErrorDetails | undefined
  readonly [BRAND] = true

  constructor(code: ErrorCode, message: string, options: ObjectQLErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ObjectQLError'
    this.code = code
    const entry: ErrorCatalogEntry = ERROR_CATALOG[code]
    this.status = entry.status
    this.transient = entry.transient
    this.details = options.details
  }

  /** A plain JSON form for logs and protocol envelopes (never includes the stack or cause). */
  toJSON(): { code: ErrorCode; message: string; status: number; details?: ErrorDetails } {
    return this.details === undefined
      ? { code: this.code, message: this.message, status: this.status }
      : { code: this.code, message: this.message, status: this.status, details: this.details }
  }
}

/** True for any {@link ObjectQLError}, including one from another copy of the package. */
export function isObjectQLError(value: unknown): value is ObjectQLError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true
  )
}

/** True when `value` is an {@link ObjectQLError} with the given code. */
export function hasErrorCode(value: unknown, code: ErrorCode): value is ObjectQLError {
  return isObjectQLError(value) && value.code === code
}

/**
 * Wraps anything thrown into an {@link ObjectQLError}: coded errors pass through unchanged,
 * anything else becomes `fallback` with the original kept as `cause`.
 */
export function toObjectQLError(
  error: unknown,
  fallback: ErrorCode = 'INTERNAL_ERROR',
): ObjectQLError {
  if (isObjectQLError(error)) return error
  const message = error instanceof Error ? error.message : String(error)
  return new ObjectQLError(fallback, message, { cause: error })
}
