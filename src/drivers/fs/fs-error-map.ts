import { ObjectQLError, isObjectQLError } from '../../kernel/errors.js'
import type { ErrorCode } from '../../kernel/errors.js'

/**
 * Node file-system errors (errno codes) -> the error catalog, keeping the native error as
 * `cause`. Coded errors pass through unchanged.
 */

/**
 * The storage cannot be reached right now: the directory is gone or not a directory, access is
 * denied, the file system is read-only or stale, or the process ran out of file handles.
 * `DRIVER_UNAVAILABLE` is transient: a retry after the operator fixes it may succeed.
 */
const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  'ENOENT',
  'ENOTDIR',
  'EACCES',
  'EPERM',
  'EROFS',
  'EMFILE',
  'ENFILE',
  'EBUSY',
  'EAGAIN',
  'ENODEV',
  'ENXIO',
  'ESTALE',
  'ETIMEDOUT',
])

/** What each failure means to an operator, for the message. */
const EXPLANATIONS: Readonly<Record<string, string>> = {
  ENOENT: 'the path does not exist',
  ENOTDIR: 'a path component is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files in the system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EISDIR: 'a directory is in the way',
  ENAMETOOLONG: 'the file name is too long',
}

/** The errno code of a Node system error, if it has one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** The catalog code of a native error (see the module comment). */
export function fsErrorCode(error: unknown): ErrorCode {
  if (isObjectQLError(error)) return error.code
  // JS runtime errors come from our own code, not from the file system.
  if (error instanceof TypeError || error instanceof RangeError) return 'INTERNAL_ERROR'
  const code = errnoCode(error)
  return code !== undefined && UNAVAILABLE_CODES.has(code) ? 'DRIVER_UNAVAILABLE' : 'DRIVER_ERROR'
}

/**
 * Maps anything a file-system call threw to an `ObjectQLError` whose message names the
 * operation, the path and the errno code.
 *
 * @param operation - what the driver was doing, e.g. `write task`.
 * @param path - the file or directory involved.
 */
export function mapFsError(error: unknown, operation: string, path: string): ObjectQLError {
  if (isObjectQLError(error)) return error
  const code = errnoCode(error)
  const reason = error instanceof Error ? error.message : String(error)
  const explanation = code === undefined ? reason : (EXPLANATIONS[code] ?? reason)
  return new ObjectQLError(
    fsErrorCode(error),
    `fs driver: ${operation} failed on ${path}: ${explanation}${code === undefined ? '' : ` (${code})`}`,
    { cause: error, details: { operation, path, ...(code === undefined ? {} : { errno: code }) } },
  )
}
