import { ObjectQLError, isObjectQLError } from '../../kernel/errors.js'
import type { ErrorCode } from '../../kernel/errors.js'

/**
 * File-system errors (errno) and exceljs/zip parse errors -> the error catalog, keeping the
 * native error as `cause`. Coded errors pass through unchanged.
 */

/** The workbook cannot be reached right now (transient: an operator can fix it and retry). */
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
  'ESTALE',
  'ETIMEDOUT',
])

/** What exceljs and its zip reader say about a file that is not a readable workbook. */
const NOT_A_WORKBOOK: readonly RegExp[] = [
  /central directory/i,
  /zip file/i,
  /invalid signature/i,
  /end of data/i,
  /corrupted/i,
  /disallowed character/i,
  /unexpected close tag/i,
  /unclosed root tag/i,
  /non-whitespace before first tag/i,
]

/** The errno code of a Node system error, if it has one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** The catalog code of a native error (see the module comment). */
export function excelErrorCode(error: unknown): ErrorCode {
  if (isObjectQLError(error)) return error.code
  const code = errnoCode(error)
  if (code !== undefined) return UNAVAILABLE_CODES.has(code) ? 'DRIVER_UNAVAILABLE' : 'DRIVER_ERROR'
  if (isNotAWorkbook(error)) return 'DRIVER_ERROR'
  // JS runtime errors without an errno come from our own code.
  if (error instanceof TypeError || error instanceof RangeError) return 'INTERNAL_ERROR'
  return 'DRIVER_ERROR'
}

/**
 * Maps anything a workbook operation threw to an `ObjectQLError` naming the operation and the
 * file (and the errno code, when there is one).
 *
 * @param operation - what the driver was doing, e.g. `save task`.
 */
export function mapExcelError(error: unknown, operation: string, file: string): ObjectQLError {
  if (isObjectQLError(error)) return error
  const code = errnoCode(error)
  const reason = error instanceof Error ? error.message : String(error)
  const what = isNotAWorkbook(error) ? `not a readable .xlsx workbook (${reason})` : reason
  return new ObjectQLError(
    excelErrorCode(error),
    `excel driver: ${operation} failed on ${file}: ${what}`,
    {
      cause: error,
      details: { operation, file, ...(code === undefined ? {} : { errno: code }) },
    },
  )
}

function isNotAWorkbook(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error)
  return errnoCode(error) === undefined && NOT_A_WORKBOOK.some((pattern) => pattern.test(message))
}
