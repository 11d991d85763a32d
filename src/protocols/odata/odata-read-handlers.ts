import { ObjectQLError } from '../../kernel/errors.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import { findById } from './odata-data-port.js'
import type { ODataEntityType } from './odata-edm.js'
import { invalidRequest } from './odata-error-map.js'
import { eTagMatches, entityETag } from './odata-etag.js'
import { annotate, contextUrl, keySegment, negotiate, preferences } from './odata-format.js'
import type { ODataResponse } from './odata-format.js'
import { buildMetadataDocument } from './odata-metadata-document.js'
import { readPlan, shapeRecord } from './odata-query-options.js'
import type { ODataReadPlan } from './odata-query-options.js'
import { baseHeaders, entitySet } from './odata-request.js'
import type { ODataContext, ODataRequest } from './odata-request.js'

function json(req: ODataRequest) {
  return negotiate(req.headers['accept'], req.query.system.get('format'), 'json')
}

function planFor(req: ODataRequest, ctx: ODataContext, type: ODataEntityType): ODataReadPlan {
  return readPlan(req.query, type, {
    model: ctx.model,
    aliases: req.query.aliases,
    now: ctx.now,
    maxExpandDepth: ctx.maxExpandDepth,
  })
}

/** `GET <root>/`: the service document, one entry per entity set. */
export function serviceDocument(req: ODataRequest, ctx: ODataContext): ODataResponse {
  const { contentType, metadata } = json(req)
  const value = [...ctx.model.types.keys()].map((name) => ({ name, kind: 'EntitySet', url: name }))
  const body =
    metadata === 'none' ? { value } : { '@odata.context': `${ctx.root}/$metadata`, value }
  return { status: 200, headers: baseHeaders(ctx, contentType), body }
}

/** `GET <root>/$metadata`: the CSDL XML document. */
export function metadataDocument(req: ODataRequest, ctx: ODataContext): ODataResponse {
  const { contentType } = negotiate(req.headers['accept'], req.query.system.get('format'), 'xml')
  return {
    status: 200,
    headers: baseHeaders(ctx, contentType),
    text: buildMetadataDocument(ctx.model),
  }
}

function nextLink(
  req: ODataRequest,
  ctx: ODataContext,
  set: string,
  skip: number,
  top: number | undefined,
): string {
  const kept = req.rawQuery
    .split('&')
    .filter((pair) => pair !== '' && !/^\$?(top|skip)=/i.test(pair))
  kept.push(`$skip=${skip}`)
  if (top !== undefined) kept.push(`$top=${top}`)
  return `${ctx.root}/${set}?${kept.join('&')}`
}

/**
 * `GET <root>/<set>`: a page of entities. Server-driven paging: at most `defaultPageSize`
 * entities (or `Prefer: odata.maxpagesize`, capped by `maxPageSize`) per response, with
 * `@odata.nextLink` when more match; `$top` beyond the page continues in the next link.
 */
export async function readCollection(
  req: ODataRequest,
  ctx: ODataContext,
  set: string,
): Promise<ODataResponse> {
  const { type } = entitySet(ctx, set)
  const { contentType, metadata } = json(req)
  const plan = planFor(req, ctx, type)
  const prefs = preferences(req.headers['prefer'])
  const preferred = Number(prefs.get('odata.maxpagesize'))
  const usePreferred = Number.isSafeInteger(preferred) && preferred > 0
  const pageLimit = Math.min(
    usePreferred ? preferred : ctx.limits.defaultPageSize,
    ctx.limits.maxPageSize,
  )
  const skip = plan.skip ?? 0
  const page = Math.min(plan.top ?? Number.POSITIVE_INFINITY, pageLimit)
  const rows =
    page === 0
      ? []
      : await ctx.port.find(set, {
          ...plan.query,
          limit: page + 1,
          ...(skip > 0 ? { offset: skip } : {}),
        })
  const more = rows.length > page
  const records = more ? rows.slice(0, page) : rows
  const total = plan.count ? await ctx.port.count(set, plan.countQuery) : undefined
  const remaining = plan.top === undefined ? undefined : plan.top - page
  const link =
    more && (remaining === undefined || remaining > 0)
      ? nextLink(req, ctx, set, skip + page, remaining)
      : undefined
  const value = records.map((record) => toEntity(record, plan, ctx, set, metadata))
  const body: Record<string, unknown> = {}
  if (metadata !== 'none')
    body['@odata.context'] = contextUrl(
      ctx.root,
      set,
      plan.select,
      plan.expand.map((p) => p.navigation.name),
    )
  if (total !== undefined) body['@odata.count'] = total
  body['value'] = value
  if (link !== undefined) body['@odata.nextLink'] = link
  const headers = baseHeaders(ctx, contentType)
  return {
    status: 200,
    headers: usePreferred
      ? { ...headers, 'preference-applied': `odata.maxpagesize=${pageLimit}` }
      : headers,
    body,
  }
}

function toEntity(
  record: DataRecord,
  plan: Pick<ODataReadPlan, 'select' | 'expand'>,
  ctx: ODataContext,
  set: string,
  metadata: ReturnType<typeof json>['metadata'],
): Record<string, unknown> {
  const shaped = shapeRecord(record, plan.select, plan.expand, ctx.model.types.get(set))
  // The ETag covers the whole entity; a projected record cannot produce it.
  const etag = plan.select === undefined ? entityETag(unexpanded(record, plan)) : undefined
  return annotate(shaped, { root: ctx.root, set, namespace: ctx.model.namespace }, metadata, etag)
}

/** The stored form of a record the kernel expanded: lookups hold ids again. */
function unexpanded(record: DataRecord, plan: Pick<ODataReadPlan, 'expand'>): DataRecord {
  if (plan.expand.length === 0) return record
  const out = shapeRecord(record, undefined, plan.expand)
  for (const expansion of plan.expand) delete out[expansion.navigation.name]
  return out as DataRecord
}

/** `GET <root>/<set>/$count`: how many entities match `$filter` / `$search`, as text. */
export async function readCount(
  req: ODataRequest,
  ctx: ODataContext,
  set: string,
): Promise<ODataResponse> {
  const { type } = entitySet(ctx, set)
  const { contentType } = negotiate(req.headers['accept'], req.query.system.get('format'), 'text')
  const plan = planFor(req, ctx, type)
  const total = await ctx.port.count(set, plan.countQuery)
  return { status: 200, headers: baseHeaders(ctx, contentType), text: String(total) }
}

function assertEntityOptions(req: ODataRequest): void {
  for (const option of ['filter', 'orderby', 'top', 'skip', 'count', 'search'] as const) {
    if (req.query.system.has(option)) {
      throw invalidRequest(`$${option} does not apply to a single entity`, `$${option}`)
    }
  }
}

/**
 * `GET <root>/<set>('<key>')`: one entity with `$select` / `$expand`, its `ETag`, and 304 when
 * `If-None-Match` matches.
 */
export async function readEntity(
  req: ODataRequest,
  ctx: ODataContext,
  set: string,
  key: string,
): Promise<ODataResponse> {
  const { type } = entitySet(ctx, set)
  assertEntityOptions(req)
  const { contentType, metadata } = json(req)
  const plan = planFor(req, ctx, type)
  const { fields: _fields, ...query } = plan.query
  const record = await findById(ctx.port, set, key, query)
  if (record === null)
    throw new ObjectQLError('NOT_FOUND', `${set}('${key}') does not exist`, {
      details: { object: set, id: key },
    })
  const full = unexpanded(record, plan)
  const etag = entityETag(full)
  const headers = { ...baseHeaders(ctx, contentType), etag }
  const ifNoneMatch = req.headers['if-none-match']
  if (ifNoneMatch !== undefined && eTagMatches(ifNoneMatch, etag)) {
    return { status: 304, headers: { ...baseHeaders(ctx), etag } }
  }
  const shaped = shapeRecord(record, plan.select, plan.expand, type)
  const context = contextUrl(
    ctx.root,
    set,
    plan.select,
    plan.expand.map((p) => p.navigation.name),
    '/$entity',
  )
  const body = annotate(
    shaped,
    { root: ctx.root, set, namespace: ctx.model.namespace },
    metadata,
    etag,
    context,
  )
  return { status: 200, headers, body }
}

/**
 * `GET <root>/<set>('<key>')/<member>[/$value]`: a property value (204 when null; raw text with
 * `$value`) or the entity/entities a navigation property points to.
 */
export async function readMember(
  req: ODataRequest,
  ctx: ODataContext,
  set: string,
  key: string,
  member: string,
  raw: boolean,
): Promise<ODataResponse> {
  const { type } = entitySet(ctx, set)
  const record = await findById(ctx.port, set, key)
  if (record === null)
    throw new ObjectQLError('NOT_FOUND', `${set}('${key}') does not exist`, {
      details: { object: set, id: key },
    })
  const nav = type.navigations.get(member)
  if (nav !== undefined) {
    if (raw) throw invalidRequest('$value applies to properties, not navigation properties', 'path')
    const value = record[nav.field]
    if (!nav.collection) {
      if (typeof value !== 'string' || value === '')
        return { status: 204, headers: baseHeaders(ctx) }
      return readEntity(req, ctx, nav.target, value)
    }
    const ids = Array.isArray(value)
      ? value.filter((id): id is string => typeof id === 'string')
      : []
    const { type: targetType } = entitySet(ctx, nav.target)
    const { contentType, metadata } = json(req)
    const plan = planFor(req, ctx, targetType)
    const where = plan.query['where']
    const byIds = { id: { $in: ids } }
    const rows =
      ids.length === 0
        ? []
        : await ctx.port.find(nav.target, {
            ...plan.query,
            where: where === undefined ? byIds : { $and: [byIds, where] },
          })
    const entities = rows.map((row) => toEntity(row, plan, ctx, nav.target, metadata))
    const names = plan.expand.map((p) => p.navigation.name)
    const body =
      metadata === 'none'
        ? { value: entities }
        : {
            '@odata.context': contextUrl(ctx.root, nav.target, plan.select, names),
            value: entities,
          }
    return { status: 200, headers: baseHeaders(ctx, contentType), body }
  }
  const property = type.properties.get(member)
  if (property === undefined) {
    throw new ObjectQLError('INVALID_FIELD', `'${set}' has no property '${member}'`, {
      details: { object: set, fields: [member], target: 'path' },
    })
  }
  const value = record[member] ?? null
  if (value === null) return { status: 204, headers: baseHeaders(ctx) }
  if (raw) {
    if (property.collection || property.kind === 'untyped')
      throw invalidRequest(`$value needs a primitive property; '${member}' is not`, 'path')
    const { contentType } = negotiate(req.headers['accept'], req.query.system.get('format'), 'text')
    const text = typeof value === 'string' ? value : JSON.stringify(value)
    return { status: 200, headers: baseHeaders(ctx, contentType), text }
  }
  const { contentType, metadata } = json(req)
  const context = `${ctx.root}/$metadata#${set}(${keySegment(key)})/${member}`
  const body = metadata === 'none' ? { value } : { '@odata.context': context, value }
  return { status: 200, headers: baseHeaders(ctx, contentType), body }
}
