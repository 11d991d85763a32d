import * as crypto from 'node:crypto'
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

// The last key order seen and its sorted form: the records of one object come back from a
// driver with the same keys in the same order, so sorting them again is work already done.
let lastKeys: readonly string[] = []
let lastSorted: readonly string[] = []

function sortedKeysOf(record: DataRecord): readonly string[] {
  const keys = Object.keys(record)
  if (keys.length === lastKeys.length && keys.every((key, i) => key === lastKeys[i])) {
    return lastSorted
  }
  lastKeys = keys
  lastSorted = [...keys].sort()
  return lastSorted
}

/**
 * The record as JSON with its keys sorted, exactly `JSON.stringify(stable(record))`. A flat
 * record (the usual case: every value a primitive) is copied into a plain object in sorted key
 * order and stringified as is, which V8 does far faster than `stable`'s entries, sort and
 * `fromEntries`. Nested values, functions (a `toJSON` would change the text) and a `__proto__`
 * key (an assignment would set the prototype, not a property) take `stable`.
 */
function sortedJson(record: DataRecord): string {
  const keys = sortedKeysOf(record)
  const sorted: Record<string, unknown> = {}
  for (const key of keys) {
    const value = record[key]
    const nested = (typeof value === 'object' && value !== null) || typeof value === 'function'
    if (nested || key === '__proto__') return JSON.stringify(stable(record))
    sorted[key] = value
  }
  return JSON.stringify(sorted)
}

// `crypto.hash` (Node 20.12+) digests a string in one call, without the Hash object that
// `createHash` allocates; earlier Node 20 releases do not export it and take `createHash`.
const oneShotHash = (
  crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }
).hash

function sha256(text: string): string {
  return oneShotHash === undefined
    ? crypto.createHash('sha256').update(text).digest('base64url')
    : oneShotHash('sha256', text, 'base64url')
}

/**
 * The ETag of an entity: a weak validator over its full stored content (a hash of the record
 * with sorted keys). Unlike upstream's `updated_at` milliseconds, two updates within one
 * millisecond still change it, so a lost update is always detected. Weak because the JSON
 * representation varies with `$select` and the metadata level while the entity does not.
 * Compute it once per response and pass it on (see `annotate`): it hashes the whole record.
 */
export function entityETag(record: DataRecord): string {
  return `W/"${sha256(sortedJson(record)).slice(0, 27)}"`
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
