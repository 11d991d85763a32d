import { createHash } from 'node:crypto'
import { ObjectQLError } from '../../kernel/errors.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable)
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return Object.fromEntries(entries.map(([k, v]) => [k, stable(v)]))
  }
  return value
}

/**
 * The ETag of an entity: a weak validator over its full stored content (a hash of the record
 * with sorted keys). Unlike upstream's `updated_at` milliseconds, two updates within one
 * millisecond still change it, so a lost update is always detected. Weak because the JSON
 * representation varies with `$select` and the metadata level while the entity does not.
 */
export function entityETag(record: DataRecord): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(stable(record)))
    .digest('base64url')
  return `W/"${hash.slice(0, 27)}"`
}

function opaque(tag: string): string {
  return tag.trim().replace(/^W\//, '')
}

/** The entity tags of an `If-Match` / `If-None-Match` header; `'*'` for any. */
export function parseETagList(header: string): '*' | string[] {
  if (header.trim() === '*') return '*'
  const tags = header.match(/(?:W\/)?"[^"]*"/g)
  if (tags === null) {
    throw new ObjectQLError('INVALID_REQUEST', `malformed entity tag list '${header}'`, {
      details: { target: 'If-Match' },
    })
  }
  return tags.map(opaque)
}

/**
 * Whether a precondition header matches the current ETag (`undefined`: the entity does not
 * exist). `*` matches any existing entity. Tags compare by their opaque part, weakly: OData
 * clients send back the weak tags services hand out in `If-Match`.
 */
export function eTagMatches(header: string, current: string | undefined): boolean {
  const tags = parseETagList(header)
  if (current === undefined) return false
  return tags === '*' || tags.includes(opaque(current))
}

/** `PRECONDITION_FAILED` (412) for a failed `If-Match` / `If-None-Match`. */
export function preconditionFailed(header: string, message: string): ObjectQLError {
  return new ObjectQLError('PRECONDITION_FAILED', message, { details: { target: header } })
}
