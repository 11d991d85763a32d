import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import {
  AuditFailure,
  check,
  describeResponse,
  expectStatus,
  jsonBody,
} from '../protocol-checks.js'
import { PRT_ITEMS, PRT_OWNERS } from '../protocol-fixture.js'
import type { ProtocolResponse } from '../protocol-transport.js'
import type { RecordRemover, RecordTracker } from './cross-protocol-cleanup.js'
import type { ItemSeed } from './cross-protocol-records.js'

/**
 * The GraphQL names of the fixture, as upstream ObjectQL derives them: camelCase root fields
 * (`prtItems`, `prtItemsList`, `prtItemsConnection`, `prtItemsCount`), PascalCase types and
 * mutations (`PrtItems`, `createPrtItems`, `PrtItemsInput`), and `<field>_ref` for a lookup.
 */
export const GQL_NAMES = Object.freeze({
  itemType: 'PrtItems',
  ownerType: 'PrtOwners',
  itemInput: 'PrtItemsInput',
  itemUpdateInput: 'PrtItemsUpdateInput',
  ownerInput: 'PrtOwnersInput',
  itemFilter: 'PrtItemsFilter',
  itemOrderBy: 'PrtItemsOrderBy',
  one: 'prtItems',
  list: 'prtItemsList',
  connection: 'prtItemsConnection',
  count: 'prtItemsCount',
  create: 'createPrtItems',
  update: 'updatePrtItems',
  delete: 'deletePrtItems',
  createOwner: 'createPrtOwners',
  deleteOwner: 'deletePrtOwners',
  ownerRef: 'owner_ref',
})

/** The response media types a client should accept (GraphQL over HTTP §4.2, recommended). */
export const GQL_ACCEPT = 'application/graphql-response+json, application/json;q=0.9'

/** The selection of every compared item field. */
export const ITEM_SELECTION = 'id name run qty price active status due notes owner'

/** A GraphQL response: the HTTP answer and its body read as JSON (`undefined` when not JSON). */
export interface GqlReply {
  readonly response: ProtocolResponse
  readonly body: { readonly data?: unknown; readonly errors?: unknown } | undefined
}

function parsed(response: ProtocolResponse): GqlReply {
  try {
    const body = JSON.parse(response.text) as unknown
    return {
      response,
      body: typeof body === 'object' && body !== null ? body : undefined,
    }
  } catch {
    return { response, body: undefined }
  }
}

/** POSTs a GraphQL request as `application/json` (GraphQL over HTTP §4.4). */
export async function gqlPost(
  ctx: ProtocolAuditContext,
  query: string,
  variables?: Readonly<Record<string, unknown>>,
  accept: string = GQL_ACCEPT,
): Promise<GqlReply> {
  const response = await ctx.transport.request({
    method: 'POST',
    path: ctx.paths.graphql,
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
  })
  return parsed(response)
}

/** Sends a GraphQL request with GET, parameters in the query string (GraphQL over HTTP §4.3). */
export async function gqlGet(
  ctx: ProtocolAuditContext,
  query: string,
  variables?: Readonly<Record<string, unknown>>,
  accept: string = GQL_ACCEPT,
): Promise<GqlReply> {
  const params = new URLSearchParams({ query })
  if (variables !== undefined) params.set('variables', JSON.stringify(variables))
  const response = await ctx.transport.request({
    method: 'GET',
    path: `${ctx.paths.graphql}?${params.toString()}`,
    headers: { accept },
  })
  return parsed(response)
}

/** The `errors` entry as a list, or undefined when absent. */
export function errorsOf(reply: GqlReply): readonly Record<string, unknown>[] | undefined {
  const errors = reply.body?.errors
  if (errors === undefined) return undefined
  return Array.isArray(errors) ? (errors as Record<string, unknown>[]) : []
}

function isLocation(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const { line, column } = value as { line?: unknown; column?: unknown }
  return (
    Number.isInteger(line) && Number.isInteger(column) && Number(line) >= 1 && Number(column) >= 1
  )
}

/**
 * Checks the `errors` entry (GraphQL §7.1.2): a non-empty list of maps, each with a string
 * `message`; `locations`, when present, a list of `{ line, column }` counted from 1; `path`,
 * when present, a list of field names and indexes. Returns the errors.
 */
export function checkErrors(reply: GqlReply, what: string): readonly Record<string, unknown>[] {
  const errors = errorsOf(reply)
  const shown = describeResponse(reply.response)
  check(
    errors !== undefined && errors.length > 0,
    `${what}: expected a non-empty 'errors' list`,
    shown,
  )
  for (const error of errors) {
    check(
      typeof error === 'object' && error !== null && typeof error['message'] === 'string',
      `${what}: every error needs a string 'message'`,
      shown,
    )
    const locations = error['locations']
    check(
      locations === undefined || (Array.isArray(locations) && locations.every(isLocation)),
      `${what}: 'locations' must be a list of { line, column } counted from 1`,
      shown,
    )
    const path = error['path']
    check(
      path === undefined ||
        (Array.isArray(path) &&
          path.every((step) => typeof step === 'string' || Number.isInteger(step))),
      `${what}: 'path' must list field names and list indexes`,
      shown,
    )
  }
  return errors
}

/**
 * Checks a GraphQL request error (one raised before execution): well-formed `errors`, no
 * `data` entry (GraphQL §7.1.1), and, as the response is `application/graphql-response+json`, a
 * 4xx or 5xx status (GraphQL over HTTP §5.4.2). Returns the errors.
 */
export function checkRequestError(
  reply: GqlReply,
  what: string,
): readonly Record<string, unknown>[] {
  const shown = describeResponse(reply.response)
  check(reply.body !== undefined, `${what}: the body must be a JSON object`, shown)
  const errors = checkErrors(reply, what)
  check(!('data' in (reply.body ?? {})), `${what}: a request error has no 'data' entry`, shown)
  check(
    reply.response.status >= 400 && reply.response.status < 600,
    `${what}: a response without 'data' must not be ${reply.response.status} under application/graphql-response+json`,
    shown,
  )
  return errors
}

/**
 * The `data` of a request that must succeed: status 200, a JSON object body, no `errors`, and
 * `data` an object. Anything else fails, naming `what`.
 */
export async function gqlData(
  ctx: ProtocolAuditContext,
  query: string,
  variables: Readonly<Record<string, unknown>> | undefined,
  what: string,
): Promise<Record<string, unknown>> {
  const reply = await gqlPost(ctx, query, variables)
  expectStatus(reply.response, 200, what)
  const body = reply.body ?? jsonBody(reply.response, what)
  const data = (body as { data?: unknown }).data
  check(
    errorsOf(reply) === undefined && typeof data === 'object' && data !== null,
    `${what}: expected data without errors`,
    { query, variables, response: describeResponse(reply.response) },
  )
  return data as Record<string, unknown>
}

function record(value: unknown, what: string, query: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuditFailure(`${what}: expected a record, got ${JSON.stringify(value)}`, { query })
  }
  return value as Record<string, unknown>
}

/** The records of `prtItemsList` whose `run` is this run's, plus `where` conditions. */
export async function gqlListItems(
  ctx: ProtocolAuditContext,
  where: Readonly<Record<string, unknown>> = {},
  selection: string = ITEM_SELECTION,
): Promise<Record<string, unknown>[]> {
  const query = `query ($where: ${GQL_NAMES.itemFilter}) { ${GQL_NAMES.list}(where: $where, limit: 100) { ${selection} } }`
  const data = await gqlData(ctx, query, { where: { ...where, run: { eq: ctx.runId } } }, 'list')
  const list = data[GQL_NAMES.list]
  check(Array.isArray(list), `${GQL_NAMES.list} must be a list`, { data })
  return (list as unknown[]).map((item) => record(item, GQL_NAMES.list, query))
}

/** Creates an item with `createPrtItems` (run stamped), tracks it, and returns what it answered. */
export async function gqlCreateItem(
  ctx: ProtocolAuditContext,
  tracker: RecordTracker,
  seed: ItemSeed,
  selection: string = ITEM_SELECTION,
): Promise<Record<string, unknown>> {
  const query = `mutation ($input: ${GQL_NAMES.itemInput}!) { ${GQL_NAMES.create}(input: $input) { ${selection} } }`
  const data = await gqlData(ctx, query, { input: { ...seed, run: ctx.runId } }, 'create item')
  const created = record(data[GQL_NAMES.create], GQL_NAMES.create, query)
  check(typeof created['id'] === 'string', `${GQL_NAMES.create} must return the new id`, created)
  tracker.add(PRT_ITEMS, created['id'])
  return created
}

/** Creates an owner with `createPrtOwners` (run stamped), tracks it, and returns its id. */
export async function gqlCreateOwner(
  ctx: ProtocolAuditContext,
  tracker: RecordTracker,
  name: string,
): Promise<string> {
  const query = `mutation ($input: ${GQL_NAMES.ownerInput}!) { ${GQL_NAMES.createOwner}(input: $input) { id } }`
  const data = await gqlData(ctx, query, { input: { name, run: ctx.runId } }, 'create owner')
  const id = record(data[GQL_NAMES.createOwner], GQL_NAMES.createOwner, query)['id']
  check(typeof id === 'string', `${GQL_NAMES.createOwner} must return the new id`, data)
  tracker.add(PRT_OWNERS, id)
  return id
}

/** Deletes through the `delete<Type>` mutations; `false` (already gone) counts as deleted. */
export function gqlRemover(ctx: ProtocolAuditContext): RecordRemover {
  return async ({ object, id }) => {
    const field = object === PRT_OWNERS ? GQL_NAMES.deleteOwner : GQL_NAMES.delete
    const data = await gqlData(
      ctx,
      `mutation ($id: ID!) { ${field}(id: $id) }`,
      { id },
      `cleanup ${field}`,
    )
    if (typeof data[field] !== 'boolean')
      throw new Error(`${field} answered ${String(data[field])}`)
  }
}
