import { ObjectQLError, isObjectQLError } from '../../kernel/errors.js'
import type { ErrorCode } from '../../kernel/errors.js'

/**
 * Native MongoDB driver errors -> the error catalog, keeping the native error as `cause`.
 * Coded errors pass through unchanged; anything unknown becomes `DRIVER_ERROR`.
 */

/** Server error codes (MongoDB's `error_codes.yml`) with a catalog meaning. */
const SERVER_CODES: Readonly<Record<number, ErrorCode>> = {
  11000: 'DUPLICATE_RECORD', // DuplicateKey
  11001: 'DUPLICATE_RECORD', // DuplicateKey (legacy update path)
  20: 'NOT_SUPPORTED', // IllegalOperation: transactions on a standalone server
  112: 'TRANSACTION_FAILED', // WriteConflict
  244: 'TRANSACTION_FAILED', // TransactionTooOld
  251: 'TRANSACTION_FAILED', // NoSuchTransaction
  256: 'TRANSACTION_FAILED', // TransactionCommitted
  263: 'TRANSACTION_FAILED', // OperationNotSupportedInTransaction
  13: 'DRIVER_UNAVAILABLE', // Unauthorized
  18: 'DRIVER_UNAVAILABLE', // AuthenticationFailed
  91: 'DRIVER_UNAVAILABLE', // ShutdownInProgress
  189: 'DRIVER_UNAVAILABLE', // PrimarySteppedDown
  10107: 'DRIVER_UNAVAILABLE', // NotWritablePrimary
  11600: 'DRIVER_UNAVAILABLE', // InterruptedAtShutdown
  11602: 'DRIVER_UNAVAILABLE', // InterruptedDueToReplStateChange
  13435: 'DRIVER_UNAVAILABLE', // NotPrimaryNoSecondaryOk
  13436: 'DRIVER_UNAVAILABLE', // NotPrimaryOrSecondary
}

/**
 * Client-side error classes of the `mongodb` package that mean "no usable server": selection
 * timed out, the socket failed, the client was closed or never connected.
 */
const UNAVAILABLE_NAMES: ReadonlySet<string> = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
])

/** Client-side misuse of a session (used after it ended, transaction state machine). */
const TRANSACTION_NAMES: ReadonlySet<string> = new Set([
  'MongoExpiredSessionError',
  'MongoTransactionError',
])

/** The catalog code of a native error (see the module comment). */
export function mongoErrorCode(error: unknown): ErrorCode {
  if (isObjectQLError(error)) return error.code
  if (!(error instanceof Error)) return 'DRIVER_ERROR'
  // JS runtime errors come from our own code, not from MongoDB: report them as such.
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) {
    return 'INTERNAL_ERROR'
  }
  const code = serverCode(error)
  if (code !== undefined && SERVER_CODES[code] !== undefined) return SERVER_CODES[code]
  if (UNAVAILABLE_NAMES.has(error.name)) return 'DRIVER_UNAVAILABLE'
  if (TRANSACTION_NAMES.has(error.name)) return 'TRANSACTION_FAILED'
  if (hasLabel(error, 'TransientTransactionError')) return 'TRANSACTION_FAILED'
  return 'DRIVER_ERROR'
}

/**
 * Maps anything a MongoDB call threw to an `ObjectQLError` whose message says which operation
 * failed; for a duplicate key it names the object and id when given.
 *
 * @param operation - the driver operation, e.g. `create task`.
 */
export function mapMongoError(
  error: unknown,
  operation: string,
  details: Readonly<Record<string, unknown>> = {},
): ObjectQLError {
  if (isObjectQLError(error)) return error
  const code = mongoErrorCode(error)
  const native = error instanceof Error ? error.message : String(error)
  const reason =
    code === 'DUPLICATE_RECORD'
      ? 'a record with that id already exists'
      : code === 'DRIVER_UNAVAILABLE'
        ? 'mongodb is unavailable'
        : code === 'INTERNAL_ERROR'
          ? 'internal error'
          : 'mongodb failed'
  return new ObjectQLError(code, `${operation}: ${reason}: ${native}`, {
    cause: error,
    details: { operation, native, ...details },
  })
}

/**
 * The server code of an error, looking into a bulk write's first write error too
 * (`insertMany` reports a duplicate key there, not on the error itself).
 */
function serverCode(error: Error): number | undefined {
  const own = (error as { code?: unknown }).code
  if (typeof own === 'number') return own
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors
  const first: unknown = Array.isArray(writeErrors) ? writeErrors[0] : writeErrors
  const nested = (first as { code?: unknown } | undefined)?.code
  return typeof nested === 'number' ? nested : undefined
}

function hasLabel(error: Error, label: string): boolean {
  const check = (error as { hasErrorLabel?: unknown }).hasErrorLabel
  return typeof check === 'function' && (check as (l: string) => boolean).call(error, label)
}
