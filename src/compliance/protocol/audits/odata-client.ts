import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import {
  AuditFailure,
  check,
  describeResponse,
  expectStatus,
  jsonBody,
} from '../protocol-checks.js'
import { PRT_ITEMS } from '../protocol-fixture.js'
import type { HttpMethod, ProtocolResponse } from '../protocol-transport.js'
import { expectGone } from './cross-protocol-cleanup.js'
import type { RecordRemover, RecordTracker } from './cross-protocol-cleanup.js'
import type { ItemSeed } from './cross-protocol-records.js'
import { asRecord } from './sample-items.js'

/** A JSON object as OData sends it (entity, collection, error). */
export type ODataObject = Record<string, unknown>

/** An OData string literal: single quotes, a quote inside doubled (OData ABNF `SQUOTE-in-string`). */
export function stringLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}

/** The URL of an entity set or other resource below the service root. */
export function resourcePath(ctx: ProtocolAuditContext, resource: string): string {
  return `${ctx.paths.odata}/${resource}`
}

/** The canonical URL of an entity: `<root>/<set>('<key>')`, the key percent-encoded. */
export function entityPath(ctx: ProtocolAuditContext, set: string, id: string): string {
  return resourcePath(ctx, `${set}('${encodeURIComponent(id.replace(/'/g, "''"))}')`)
}

/** `path` with system query options, each value percent-encoded (`$` names kept literal). */
export function withOptions(path: string, options: Readonly<Record<string, string>>): string {
  const query = Object.entries(options)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&')
  return query === '' ? path : `${path}?${query}`
}

/** Sends one OData request asking for JSON (an object `body` is sent as JSON). */
export async function odataRequest(
  ctx: ProtocolAuditContext,
  method: HttpMethod,
  path: string,
  body?: unknown,
  headers: Readonly<Record<string, string>> = {},
): Promise<ProtocolResponse> {
  return ctx.transport.request({
    method,
    path,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

/** The body as a JSON object; fails (naming `what`) when it is not one. */
export function jsonObject(response: ProtocolResponse, what: string): ODataObject {
  const body = asRecord(jsonBody(response, what))
  check(body !== undefined, `${what}: the body must be a JSON object`, describeResponse(response))
  return body
}

/** True when `body` is OData's error body: `{ error: { code: string, message: string } }`. */
export function isErrorBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false
  const error = (body as { error?: unknown }).error
  if (typeof error !== 'object' || error === null) return false
  const { code, message } = error as { code?: unknown; message?: unknown }
  return typeof code === 'string' && typeof message === 'string'
}

/** Fails unless the response is a 4xx/5xx with OData's JSON error body (JSON Format §21.1). */
export function checkErrorResponse(response: ProtocolResponse, what: string): void {
  check(response.status >= 400, `${what}: expected an error status, got ${response.status}`, {
    response: describeResponse(response),
  })
  let body: unknown
  try {
    body = JSON.parse(response.text)
  } catch {
    body = undefined
  }
  check(isErrorBody(body), `${what}: an error must be { error: { code, message } }`, {
    response: describeResponse(response),
  })
}

/** A link from a payload (absolute, or relative to the service root) as a request path. */
export function linkPath(ctx: ProtocolAuditContext, link: string): string {
  const root = ctx.paths.odata
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(link)
  if (!absolute) return link.startsWith('/') ? link : `${root}/${link}`
  const at = link.indexOf(`${root}/`)
  if (at >= 0) return link.slice(at)
  const url = new URL(link)
  return `${url.pathname}${url.search}`
}

/** The rows of a collection response: the `value` array of entity objects. */
export function rowsOf(body: ODataObject, what: string): ODataObject[] {
  const value = body['value']
  check(Array.isArray(value), `${what}: a collection has a 'value' array`, { body })
  return value as ODataObject[]
}

/** How a query answered: its rows (every page), or the error response that refused it. */
export type QueryOutcome =
  | { readonly ok: true; readonly rows: ODataObject[] }
  | { readonly ok: false; readonly response: ProtocolResponse }

/**
 * GETs the collection at `path` and every `@odata.nextLink` after it (at most 100 pages). A
 * 4xx/5xx answer is returned as `{ ok: false }` for the caller to judge; any other non-200 fails.
 */
export async function readPages(ctx: ProtocolAuditContext, first: string): Promise<QueryOutcome> {
  let path = first
  const rows: ODataObject[] = []
  for (let page = 0; page < 100; page++) {
    const response = await odataRequest(ctx, 'GET', path)
    if (response.status >= 400) return { ok: false, response }
    expectStatus(response, 200, `GET ${path}`)
    const body = jsonObject(response, `GET ${path}`)
    rows.push(...rowsOf(body, `GET ${path}`))
    const next = body['@odata.nextLink']
    if (typeof next !== 'string') return { ok: true, rows }
    path = linkPath(ctx, next)
  }
  throw new AuditFailure('more than 100 pages of next links', { path })
}

/**
 * Reads `prt_items` of this run, narrowed by `filter` (wrapped in parentheses after
 * `run eq '<run id>' and`), every page ({@link readPages}).
 */
export function queryItems(
  ctx: ProtocolAuditContext,
  filter: string | undefined,
  options: Readonly<Record<string, string>> = {},
): Promise<QueryOutcome> {
  const run = `run eq ${stringLiteral(ctx.runId)}`
  const $filter = filter === undefined ? run : `${run} and (${filter})`
  return readPages(ctx, withOptions(resourcePath(ctx, PRT_ITEMS), { $filter, ...options }))
}

/** {@link queryItems} that must succeed: fails on an error answer. */
export async function itemRows(
  ctx: ProtocolAuditContext,
  filter: string | undefined,
  options: Readonly<Record<string, string>> = {},
): Promise<ODataObject[]> {
  const outcome = await queryItems(ctx, filter, options)
  if (!outcome.ok) {
    throw new AuditFailure(`$filter=${filter ?? ''} was refused (${outcome.response.status})`, {
      filter,
      options,
      response: describeResponse(outcome.response),
    })
  }
  return outcome.rows
}

/**
 * Creates an entity with POST (asking for the representation back), tracks it, and returns the
 * created entity. A 204 answer is followed by a GET of its `Location`.
 */
export async function createEntity(
  ctx: ProtocolAuditContext,
  tracker: RecordTracker,
  set: string,
  data: Readonly<Record<string, unknown>>,
): Promise<ODataObject> {
  const path = resourcePath(ctx, set)
  const response = await odataRequest(ctx, 'POST', path, data, {
    prefer: 'return=representation',
  })
  expectStatus(response, [201, 204], `POST ${path}`)
  let entity: ODataObject
  if (response.status === 201) {
    entity = jsonObject(response, `POST ${path}`)
  } else {
    const location = response.headers['location']
    check(location !== undefined, `POST ${path}: 204 without Location`, describeResponse(response))
    const read = await odataRequest(ctx, 'GET', linkPath(ctx, location))
    expectStatus(read, 200, `GET ${location}`)
    entity = jsonObject(read, `GET ${location}`)
  }
  const id = entity['id']
  check(typeof id === 'string', `POST ${path}: the entity has no string key 'id'`, entity)
  tracker.add(set, id)
  return entity
}

/** Creates one `prt_items` entity per seed (run stamped) and returns their ids, in order. */
export async function seedItems(
  ctx: ProtocolAuditContext,
  tracker: RecordTracker,
  seeds: readonly ItemSeed[],
): Promise<string[]> {
  const ids: string[] = []
  for (const seed of seeds) {
    const entity = await createEntity(ctx, tracker, PRT_ITEMS, { ...seed, run: ctx.runId })
    ids.push(entity['id'] as string)
  }
  return ids
}

/** Deletes entities with DELETE on their canonical URL; 404 (already gone) counts as deleted. */
export function odataRemover(ctx: ProtocolAuditContext): RecordRemover {
  return async ({ object, id }) => {
    expectGone(await odataRequest(ctx, 'DELETE', entityPath(ctx, object, id)))
  }
}
