import { ObjectQLError } from '../../kernel/errors.js'
import { invalidRequest } from './odata-error-map.js'
import { notImplemented } from './odata-literal-eval.js'
import { decodeComponent } from './odata-query-string.js'

/** What a resource path addresses. */
export type ODataResource =
  | { readonly kind: 'service' }
  | { readonly kind: 'metadata' }
  | { readonly kind: 'batch' }
  | { readonly kind: 'collection'; readonly set: string }
  | { readonly kind: 'count'; readonly set: string }
  | { readonly kind: 'entity'; readonly set: string; readonly key: string }
  | {
      readonly kind: 'member'
      readonly set: string
      readonly key: string
      /** A property or navigation property of the entity. */
      readonly member: string
      /** `$value`: the raw value of a property. */
      readonly raw: boolean
    }

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)(?:\((.*)\))?$/s

/**
 * The key of `Set(key)`: `'text'` (with `''` for a quote), `id='text'`, or a bare literal
 * (`42`, a GUID), which names the id as written. Ids are strings, so every form gives one.
 */
export function parseKey(text: string): string {
  let body = text.trim()
  const named = /^id\s*=\s*(.*)$/s.exec(body)
  if (named !== null) body = (named[1] ?? '').trim()
  if (body.startsWith("'")) {
    if (body.length < 2 || !body.endsWith("'")) throw invalidRequest(`malformed key ${text}`, 'key')
    const inner = body.slice(1, -1)
    if (inner.replace(/''/g, '').includes("'")) {
      throw invalidRequest(`malformed key ${text}: quotes inside a key are doubled ('')`, 'key')
    }
    return inner.replace(/''/g, "'")
  }
  if (body === '' || body.includes(',') || body.includes('=') || /[\s'()]/.test(body)) {
    throw invalidRequest(`malformed key (${text})`, 'key')
  }
  return body
}

/**
 * Parses the resource path below the service root (percent-encoded, no query string):
 * `''` (service document), `$metadata`, `$batch`, `Set`, `Set/$count`, `Set('key')`,
 * `Set('key')/Property`, `Set('key')/Property/$value`, `Set('key')/Navigation`. Paths OData
 * defines that this service does not serve (`$ref`, `$entity`, `$crossjoin`, `$all`, casts,
 * deeper navigation) are 501; malformed paths are 400.
 */
export function parseResourcePath(path: string): ODataResource {
  const raw = path.replace(/^\/+/, '').replace(/\/+$/, '')
  if (raw === '') return { kind: 'service' }
  const segments = raw.split('/').map((segment) => decodeComponent(segment, 'the resource path'))
  const [first = '', second, third, ...rest] = segments
  if (first === '$metadata' && segments.length === 1) return { kind: 'metadata' }
  if (first === '$batch' && segments.length === 1) return { kind: 'batch' }
  if (first.startsWith('$')) {
    if (
      ['$entity', '$all', '$crossjoin', '$metadata', '$batch'].some((name) =>
        first.startsWith(name),
      )
    ) {
      throw notImplemented(`the resource ${first}${segments.length > 1 ? '/...' : ''}`, 'path')
    }
    throw new ObjectQLError('NOT_FOUND', `no resource ${first}`, { details: { target: 'path' } })
  }
  const match = SEGMENT.exec(first)
  if (match === null) throw invalidRequest(`malformed resource path segment '${first}'`, 'path')
  const set = match[1] ?? ''
  const keyText = match[2]
  if (keyText === undefined) {
    if (second === undefined) return { kind: 'collection', set }
    if (second === '$count' && third === undefined) return { kind: 'count', set }
    throw notImplemented(`the path ${segments.join('/')}`, 'path')
  }
  const key = parseKey(keyText)
  if (second === undefined) return { kind: 'entity', set, key }
  if (second.startsWith('$') || second.includes('.')) {
    throw notImplemented(`the path segment ${second}`, 'path')
  }
  if (third === undefined) return { kind: 'member', set, key, member: second, raw: false }
  if (third === '$value' && rest.length === 0)
    return { kind: 'member', set, key, member: second, raw: true }
  throw notImplemented(`the path ${segments.join('/')}`, 'path')
}
