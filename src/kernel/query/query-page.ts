import { ObjectQLError } from '../errors.js'

/**
 * Applies `offset` then `limit` to ordered rows (DRV-PAGE-001/002): `limit: 0` gives nothing, an
 * offset past the end gives nothing, absent values mean "from the start" and "all".
 *
 * @throws ObjectQLError `INVALID_QUERY` when either is not a non-negative integer.
 */
export function pageRows<T>(rows: readonly T[], offset?: number, limit?: number): T[] {
  const start = checkCount(offset, 'offset') ?? 0
  const size = checkCount(limit, 'limit')
  return rows.slice(start, size === undefined ? undefined : start + size)
}

/** Validates an `offset` or `limit`; `undefined` stays `undefined`. */
export function checkCount(value: unknown, name: 'offset' | 'limit'): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ObjectQLError('INVALID_QUERY', `${name} must be a non-negative integer`, {
      details: { [name]: JSON.stringify(value) ?? 'undefined' },
    })
  }
  return value
}
