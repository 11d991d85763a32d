import { ObjectQLError } from '../../kernel/errors.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import { findById } from './odata-data-port.js'
import { eTagMatches, entityETag, preconditionFailed } from './odata-etag.js'
import { annotate, contextUrl, entityUrl, negotiate, preferences } from './odata-format.js'
import type { ODataResponse } from './odata-format.js'
import { payloadToData, replacementData } from './odata-payload.js'
import { shapeRecord } from './odata-query-options.js'
import { baseHeaders, entitySet } from './odata-request.js'
import type { ODataContext, ODataRequest } from './odata-request.js'

/**
 * The answer to a successful write: the entity (201 for a create, else 200) or, with
 * `Prefer: return=minimal` (and by default for updates), 204 without a body. Always the
 * entity's `ETag`; creates also `Location` and `OData-EntityId`.
 */
function written(
  req: ODataRequest,
  ctx: ODataContext,
  set: string,
  record: DataRecord,
  created: boolean,
): ODataResponse {
  const prefer = preferences(req.headers['prefer']).get('return')
  const minimal = prefer === 'minimal' || (prefer === undefined && !created)
  const url = entityUrl(ctx.root, set, record.id)
  const etag = entityETag(record)
  const headers: Record<string, string> = { ...baseHeaders(ctx), etag }
  if (created) {
    headers['location'] = url
    headers['odata-entityid'] = url
  }
  if (prefer === 'minimal' || prefer === 'representation') {
    headers['preference-applied'] = `return=${prefer}`
  }
  if (minimal) return { status: 204, headers }
  const { contentType, metadata } = negotiate(
    req.headers['accept'],
    req.query.system.get('format'),
    'json',
  )
  headers['content-type'] = contentType
  const body = annotate(
    shapeRecord(record, undefined, [], ctx.model.types.get(set)),
    { root: ctx.root, set, namespace: ctx.model.namespace },
    metadata,
    etag,
    contextUrl(ctx.root, set, undefined, [], '/$entity'),
  )
  return { status: created ? 201 : 200, headers, body }
}

/** `POST <root>/<set>`: creates an entity (201 with it, or 204 with `return=minimal`). */
export async function createEntity(
  req: ODataRequest,
  ctx: ODataContext,
  set: string,
): Promise<ODataResponse> {
  const { type } = entitySet(ctx, set)
  const data = payloadToData(req.body, type)
  const record = await ctx.port.create(set, data)
  return written(req, ctx, set, record, true)
}

/**
 * Checks `If-Match` and `If-None-Match` against the entity's current state (`null`: it does not
 * exist). `If-Match` must match an existing entity (`*` any); `If-None-Match: *` allows only an
 * insert, a tag list only entities with other tags.
 */
function checkPreconditions(req: ODataRequest, current: DataRecord | null): void {
  const etag = current === null ? undefined : entityETag(current)
  const ifMatch = req.headers['if-match']
  if (ifMatch !== undefined && !eTagMatches(ifMatch, etag)) {
    throw preconditionFailed(
      'If-Match',
      current === null ? 'the entity does not exist' : 'the entity has changed (ETag mismatch)',
    )
  }
  const ifNoneMatch = req.headers['if-none-match']
  if (ifNoneMatch !== undefined && eTagMatches(ifNoneMatch, etag)) {
    throw preconditionFailed('If-None-Match', 'the entity exists and matches If-None-Match')
  }
}

/**
 * `PATCH` (merge) and `PUT` (replace) `<root>/<set>('<key>')`. A key that does not exist is
 * created (an upsert, 201) unless `If-Match` says the client expected an existing entity.
 * Success is 204 with the new `ETag`, or 200 with the entity under `Prefer:
 * return=representation`.
 */
export async function updateEntity(
  req: ODataRequest,
  ctx: ODataContext,
  set: string,
  key: string,
  replace: boolean,
): Promise<ODataResponse> {
  const { type, object } = entitySet(ctx, set)
  const data = payloadToData(req.body, type, key)
  const current = await findById(ctx.port, set, key)
  checkPreconditions(req, current)
  if (current === null) {
    const fields = replace ? replacementData(object, data) : data
    const record = await ctx.port.create(set, { ...fields, id: key })
    return written(req, ctx, set, record, true)
  }
  const { id: _id, ...changes } = replace ? replacementData(object, data) : data
  const record = await ctx.port.update(set, key, changes)
  return written(req, ctx, set, record, false)
}

/** `DELETE <root>/<set>('<key>')`: 204, or 404 when it does not exist; honours `If-Match`. */
export async function deleteEntity(
  req: ODataRequest,
  ctx: ODataContext,
  set: string,
  key: string,
): Promise<ODataResponse> {
  entitySet(ctx, set)
  const current = await findById(ctx.port, set, key)
  if (current === null) {
    throw new ObjectQLError('NOT_FOUND', `${set}('${key}') does not exist`, {
      details: { object: set, id: key },
    })
  }
  checkPreconditions(req, current)
  if (!(await ctx.port.delete(set, key))) {
    throw new ObjectQLError('NOT_FOUND', `${set}('${key}') does not exist`, {
      details: { object: set, id: key },
    })
  }
  return { status: 204, headers: baseHeaders(ctx) }
}
