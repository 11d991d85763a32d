import { ObjectQLError, isObjectQLError } from '../../kernel/errors.js'
import type { ErrorCode } from '../../kernel/errors.js'

/**
 * Native Redis and ioredis errors -> the error catalog, keeping the native error as `cause`.
 * Coded errors pass through unchanged; anything unknown becomes `DRIVER_ERROR`.
 */

/** Socket-level failures: the server cannot be reached or the connection dropped. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
])

/**
 * Messages ioredis itself produces when it has no usable connection: the socket is closed, it
 * is reconnecting and the offline queue is off, a command waited longer than `commandTimeout`,
 * the connection dropped while the command was in flight (`MaxRetriesPerRequestError`), or the
 * server does not speak RESP.
 */
const CLIENT_MESSAGES: readonly RegExp[] = [
  /^Connection is closed/,
  /Stream isn't writeable/,
  /^Command timed out/,
  /^Reached the max retries per request limit/,
  /^connect ETIMEDOUT/,
  /^None of the sentinels are available/,
  // The other end is not a Redis server (a proxy or another service answering on the port).
  /^Unknown RESP type/,
  /^Protocol error/,
]

/**
 * Prefixes of Redis error replies. Most mean "the server cannot serve us now" (loading, busy
 * with a script, read-only replica, out of memory, authentication): `DRIVER_UNAVAILABLE`, which
 * is transient. `WRONGTYPE` means foreign data under our prefix.
 */
const REPLY_PREFIXES: Readonly<Record<string, ErrorCode>> = {
  LOADING: 'DRIVER_UNAVAILABLE',
  BUSY: 'DRIVER_UNAVAILABLE',
  MASTERDOWN: 'DRIVER_UNAVAILABLE',
  READONLY: 'DRIVER_UNAVAILABLE',
  CLUSTERDOWN: 'DRIVER_UNAVAILABLE',
  TRYAGAIN: 'DRIVER_UNAVAILABLE',
  OOM: 'DRIVER_UNAVAILABLE',
  NOAUTH: 'DRIVER_UNAVAILABLE',
  WRONGPASS: 'DRIVER_UNAVAILABLE',
  NOPERM: 'DRIVER_UNAVAILABLE',
  MISCONF: 'DRIVER_UNAVAILABLE',
  WRONGTYPE: 'DRIVER_ERROR',
}

/** The catalog code of a native error (see the module comment). */
export function redisErrorCode(error: unknown): ErrorCode {
  if (isObjectQLError(error)) return error.code
  if (!(error instanceof Error)) return 'DRIVER_ERROR'
  // JS runtime errors come from our own code, not from Redis: report them as such.
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) {
    return 'INTERNAL_ERROR'
  }
  const { code } = error as { code?: unknown }
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'DRIVER_UNAVAILABLE'
  if (error.name === 'MaxRetriesPerRequestError') return 'DRIVER_UNAVAILABLE'
  if (CLIENT_MESSAGES.some((pattern) => pattern.test(error.message))) return 'DRIVER_UNAVAILABLE'
  if (/^ERR max number of clients/.test(error.message)) return 'DRIVER_UNAVAILABLE'
  const prefix = /^([A-Z]+)\s/.exec(error.message)?.[1]
  if (prefix !== undefined) return REPLY_PREFIXES[prefix] ?? 'DRIVER_ERROR'
  return 'DRIVER_ERROR'
}

/**
 * Maps anything a Redis call threw to an `ObjectQLError`. The message says which operation
 * failed; for a connection lost mid-command it also says the command may have been applied.
 *
 * @param operation - the driver operation, e.g. `find task`.
 */
export function mapRedisError(error: unknown, operation: string): ObjectQLError {
  if (isObjectQLError(error)) return error
  const code = redisErrorCode(error)
  const native = error instanceof Error ? error.message : String(error)
  const inFlight =
    error instanceof Error &&
    (error.name === 'MaxRetriesPerRequestError' || /^Command timed out/.test(error.message))
  const hint = inFlight ? ' (the command may or may not have been applied)' : ''
  const reason =
    code === 'DRIVER_UNAVAILABLE'
      ? 'redis is unavailable'
      : code === 'INTERNAL_ERROR'
        ? 'internal error'
        : 'redis failed'
  return new ObjectQLError(code, `${operation}: ${reason}: ${native}${hint}`, {
    cause: error,
    details: { operation, native },
  })
}
