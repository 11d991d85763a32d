import { createHash } from 'node:crypto'
import { ObjectQLError } from '../../kernel/errors.js'

/**
 * Cursors are opaque to clients but deliberately simple inside: base64url of
 * `{ v: 1, o: <offset of the next page>, q: <digest of object, filter, sort and fields> }`.
 * The kernel's order is total (it appends `id asc`), so consecutive offsets partition the result
 * exactly; the digest makes a cursor from another query an `INVALID_QUERY` instead of a wrong
 * page. This is offset pagination behind an opaque token (documented in the README), not
 * keyset pagination: a record inserted before the cursor's position shifts later pages by one.
 */
interface CursorBody {
  readonly v: 1
  readonly o: number
  readonly q: string
}

/** A short, stable digest of what a page depends on (everything but limit and offset). */
export function queryDigest(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16)
}

/** The cursor of the page starting at `offset` of the query with `digest`. */
export function encodeCursor(offset: number, digest: string): string {
  const body: CursorBody = { v: 1, o: offset, q: digest }
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url')
}

/** The offset a cursor points to; `INVALID_QUERY` when it is malformed or from another query. */
export function decodeCursor(cursor: string, digest: string): number {
  let body: unknown
  try {
    if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw new Error('not base64url')
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch (cause) {
    throw new ObjectQLError('INVALID_QUERY', 'cursor is malformed', {
      details: { param: 'cursor' },
      cause,
    })
  }
  const candidate = (typeof body === 'object' && body !== null ? body : {}) as Partial<CursorBody>
  if (candidate.v !== 1 || !Number.isSafeInteger(candidate.o) || (candidate.o ?? -1) < 0) {
    throw new ObjectQLError('INVALID_QUERY', 'cursor is malformed', {
      details: { param: 'cursor' },
    })
  }
  if (candidate.q !== digest) {
    throw new ObjectQLError(
      'INVALID_QUERY',
      'cursor belongs to a different query (filter, sort or fields changed)',
      { details: { param: 'cursor' } },
    )
  }
  return candidate.o ?? 0
}
