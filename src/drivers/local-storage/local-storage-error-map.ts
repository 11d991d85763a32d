import { ObjectQLError, isObjectQLError } from '../../kernel/errors.js'

/**
 * Web Storage failures -> the error catalog, keeping the native error as `cause`:
 * - a full quota (`QuotaExceededError`; Firefox's legacy `NS_ERROR_DOM_QUOTA_REACHED`; the
 *   legacy DOMException codes 22 and 1014) becomes `DRIVER_ERROR` with
 *   `details.reason: 'quota'`, so callers can tell it from other failures without parsing
 *   messages;
 * - storage that is disabled or forbidden (`SecurityError`, e.g. a sandboxed frame or blocked
 *   site data) becomes `DRIVER_UNAVAILABLE`;
 * - coded errors pass through; anything else becomes `DRIVER_ERROR`.
 */

const QUOTA_NAMES: ReadonlySet<string> = new Set([
  'QuotaExceededError',
  'NS_ERROR_DOM_QUOTA_REACHED',
])
const QUOTA_CODES: ReadonlySet<number> = new Set([22, 1014])

/** True for the error `setItem` throws when the storage quota is full. */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { name, code } = error as { name?: unknown; code?: unknown }
  return (
    (typeof name === 'string' && QUOTA_NAMES.has(name)) ||
    (typeof code === 'number' && QUOTA_CODES.has(code))
  )
}

/**
 * Maps anything a storage call threw to an `ObjectQLError`.
 *
 * @param operation - what was being done, e.g. `create task`.
 * @param details - extra context (the object, the key).
 */
export function mapStorageError(
  error: unknown,
  operation: string,
  details: Readonly<Record<string, unknown>> = {},
): ObjectQLError {
  if (isObjectQLError(error)) return error
  const native = error instanceof Error ? error.message : String(error)
  if (isQuotaError(error)) {
    return new ObjectQLError(
      'DRIVER_ERROR',
      `${operation}: the storage quota is exhausted; nothing was written`,
      { cause: error, details: { ...details, operation, reason: 'quota', native } },
    )
  }
  const name = (error as { name?: unknown } | null)?.name
  if (name === 'SecurityError') {
    return new ObjectQLError(
      'DRIVER_UNAVAILABLE',
      `${operation}: storage is not accessible: ${native}`,
      {
        cause: error,
        details: { ...details, operation, native },
      },
    )
  }
  return new ObjectQLError('DRIVER_ERROR', `${operation}: storage failed: ${native}`, {
    cause: error,
    details: { ...details, operation, native },
  })
}
