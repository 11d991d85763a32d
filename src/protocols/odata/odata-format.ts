import { ObjectQLError } from '../../kernel/errors.js'

/** How much control information JSON responses carry (`odata.metadata=`). */
export type MetadataLevel = 'minimal' | 'full' | 'none'

/** A response of the OData handler, before it goes on the wire. */
export interface ODataResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  /** A JSON body, or text (`$metadata`, `$count`, `$value`), or none. */
  readonly body?: unknown
  readonly text?: string
}

/** What a response may be sent as. */
export type ResponseKind = 'json' | 'xml' | 'text'

/** An error with an HTTP status outside the catalog's (405, 406, 415). */
export function statusError(
  status: 405 | 406 | 415,
  message: string,
  target: string,
): ObjectQLError {
  return new ObjectQLError('INVALID_REQUEST', message, { details: { target, httpStatus: status } })
}

interface MediaRange {
  readonly type: string
  readonly params: ReadonlyMap<string, string>
  readonly q: number
}

function mediaRanges(header: string): MediaRange[] {
  return header.split(',').map((range) => {
    const [type = '', ...rest] = range.split(';')
    const params = new Map<string, string>()
    for (const param of rest) {
      const eq = param.indexOf('=')
      if (eq > 0)
        params.set(
          param.slice(0, eq).trim().toLowerCase(),
          param
            .slice(eq + 1)
            .trim()
            .toLowerCase(),
        )
    }
    const q = Number(params.get('q') ?? '1')
    return { type: type.trim().toLowerCase(), params, q: Number.isFinite(q) ? q : 0 }
  })
}

const MATCHES: Readonly<Record<ResponseKind, readonly string[]>> = {
  json: ['application/json', 'application/*', '*/*'],
  xml: ['application/xml', 'application/*', '*/*'],
  text: ['text/plain', 'text/*', '*/*'],
}

function levelOf(range: MediaRange | undefined): MetadataLevel | undefined {
  const level = range?.params.get('odata.metadata') ?? range?.params.get('odata') ?? 'minimal'
  return level === 'minimal' || level === 'full' || level === 'none' ? level : undefined
}

/**
 * Content negotiation (Part 1, "Accept" and "$format"): `$format` wins over `Accept`; JSON
 * answers honour `odata.metadata=minimal|full|none`. Nothing acceptable is 406.
 */
export function negotiate(
  accept: string | undefined,
  format: string | undefined,
  kind: ResponseKind,
): { contentType: string; metadata: MetadataLevel } {
  let header = accept === undefined || accept.trim() === '' ? '*/*' : accept
  if (format !== undefined) {
    const lower = format.trim().toLowerCase()
    header = lower === 'json' ? 'application/json' : lower === 'xml' ? 'application/xml' : lower
  }
  const ranges = mediaRanges(header)
    .filter((range) => range.q > 0 && MATCHES[kind].includes(range.type))
    .sort((a, b) => b.q - a.q)
  const chosen = ranges.find((range) => kind !== 'json' || levelOf(range) !== undefined)
  if (chosen === undefined) {
    throw statusError(
      406,
      `cannot answer in a format the request accepts (${header})`,
      format === undefined ? 'Accept' : '$format',
    )
  }
  const metadata = levelOf(chosen) ?? 'minimal'
  const contentType =
    kind === 'json'
      ? `application/json;odata.metadata=${metadata};charset=utf-8`
      : kind === 'xml'
        ? 'application/xml;charset=utf-8'
        : 'text/plain;charset=utf-8'
  return { contentType, metadata }
}

/** A key as it appears in a URL: `'text'` with `''` for quotes, percent-encoded. */
export function keySegment(id: string): string {
  return `'${encodeURIComponent(id.replace(/'/g, "''"))}'`
}

/** The canonical URL of an entity: `<root>/<set>('<id>')`. */
export function entityUrl(root: string, set: string, id: string): string {
  return `${root}/${set}(${keySegment(id)})`
}

/**
 * Control information of one entity for the requested metadata level, in front of its
 * properties. `etag` is the entity's ETag (`entityETag` of the full record), or undefined when
 * the response cannot carry one (a projection); `context` is the `@odata.context` to put first
 * (a single entity's response), so the body is built in one copy instead of two.
 */
export function annotate(
  entity: Record<string, unknown>,
  ctx: { readonly root: string; readonly set: string; readonly namespace: string },
  metadata: MetadataLevel,
  etag: string | undefined,
  context?: string,
): Record<string, unknown> {
  if (metadata === 'none') return entity
  const id = typeof entity['id'] === 'string' ? entity['id'] : undefined
  const out: Record<string, unknown> = {}
  if (context !== undefined) out['@odata.context'] = context
  if (metadata === 'full') {
    out['@odata.type'] = `#${ctx.namespace}.${ctx.set}`
    if (id !== undefined) {
      out['@odata.id'] = entityUrl(ctx.root, ctx.set, id)
      out['@odata.editLink'] = `${ctx.set}(${keySegment(id)})`
    }
  }
  if (etag !== undefined) out['@odata.etag'] = etag
  // Copied key by key rather than `{ ...annotations, ...entity }`: V8 runs a spread after a
  // spread through a slow generic path (about 5 µs per entity, measured), this loop does not.
  for (const key of Object.keys(entity)) {
    const value = entity[key]
    // Assigning `__proto__` would set the prototype; a spread would have made it a property.
    if (key === '__proto__') {
      Object.defineProperty(out, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    } else out[key] = value
  }
  return out
}

/** `<root>/$metadata#<set>(<select>)`: the context URL of a collection or entity. */
export function contextUrl(
  root: string,
  set: string,
  select: readonly string[] | undefined,
  expanded: readonly string[],
  suffix = '',
): string {
  const items = [
    ...(select ?? []),
    ...expanded.filter((nav) => !(select ?? []).includes(nav)).map((nav) => `${nav}()`),
  ]
  const projection =
    select === undefined && expanded.length === 0
      ? ''
      : `(${items.length === 0 ? '*' : items.join(',')})`
  return `${root}/$metadata#${set}${projection}${suffix}`
}

/** Parses `Prefer` into preference names and values (`return=minimal` -> return: minimal). */
export function preferences(header: string | undefined): ReadonlyMap<string, string> {
  const prefs = new Map<string, string>()
  for (const part of (header ?? '').split(',')) {
    const [name = '', value = ''] = part.split(';')[0]?.split('=') ?? []
    const key = name.trim().toLowerCase()
    if (key !== '') prefs.set(key, value.trim().replace(/^"|"$/g, '').toLowerCase())
  }
  return prefs
}
