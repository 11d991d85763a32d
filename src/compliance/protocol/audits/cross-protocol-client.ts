import type { ProtocolAuditContext, ProtocolName } from '../protocol-audit-context.js'
import {
  AuditFailure,
  check,
  describeResponse,
  expectStatus,
  jsonBody,
} from '../protocol-checks.js'
import { PRT_ITEMS } from '../protocol-fixture.js'
import { expectGone } from './cross-protocol-cleanup.js'
import type { RecordRemover, RecordTracker } from './cross-protocol-cleanup.js'
import type { ItemField } from './cross-protocol-records.js'
import { GQL_NAMES, ITEM_SELECTION, gqlData } from './graphql-client.js'
import {
  entityPath,
  jsonObject,
  odataRequest,
  readPages,
  resourcePath,
  stringLiteral,
  withOptions,
} from './odata-client.js'
import { RestSession } from './rest-session.js'
import { RpcSession } from './rpc-session.js'

/** One condition of a cross-protocol query; every protocol spells it its own way. */
export interface CrossCondition {
  readonly field: ItemField
  readonly op: 'eq' | 'ne' | 'gt'
  readonly value: string | number | boolean | null
}

/** A query every protocol can express: conditions (ANDed), ascending sort keys, a page. */
export interface CrossQuery {
  readonly where: readonly CrossCondition[]
  readonly orderBy: readonly ItemField[]
  readonly limit?: number
  readonly offset?: number
}

/** How the cross-protocol audits read `prt_items` through one protocol. */
export interface ProtocolReader {
  readonly protocol: ProtocolName
  list(ctx: ProtocolAuditContext, query: CrossQuery): Promise<Record<string, unknown>[]>
  count(ctx: ProtocolAuditContext, where: readonly CrossCondition[]): Promise<number>
  /** The record, or null when the protocol says it does not exist. */
  get(ctx: ProtocolAuditContext, id: string): Promise<Record<string, unknown> | null>
}

/** The canonical FilterCondition of REST and JSON-RPC: `{ $and: [{ field: { $op: v } }] }`. */
function canonicalWhere(where: readonly CrossCondition[]): Record<string, unknown> {
  return {
    $and: where.map(({ field, op, value }) =>
      value === null ? { [field]: { $null: op === 'eq' } } : { [field]: { [`$${op}`]: value } },
    ),
  }
}

function asRecords(value: unknown, what: string): Record<string, unknown>[] {
  check(Array.isArray(value), `${what}: expected a list of records`, { value })
  return value as Record<string, unknown>[]
}

const REST: ProtocolReader = {
  protocol: 'rest',
  async list(ctx, query) {
    const params = new URLSearchParams({
      filter: JSON.stringify(canonicalWhere(query.where)),
      sort: query.orderBy.join(','),
      limit: String(query.limit ?? 100),
      offset: String(query.offset ?? 0),
    })
    const response = await ctx.transport.request({
      method: 'GET',
      path: `${ctx.paths.rest}/${PRT_ITEMS}?${params.toString()}`,
    })
    expectStatus(response, 200, 'REST list')
    return asRecords((jsonBody(response, 'REST list') as { items?: unknown }).items, 'REST list')
  },
  async count(ctx, where) {
    const params = new URLSearchParams({
      filter: JSON.stringify(canonicalWhere(where)),
      count: 'true',
      limit: '1',
    })
    const response = await ctx.transport.request({
      method: 'GET',
      path: `${ctx.paths.rest}/${PRT_ITEMS}?${params.toString()}`,
    })
    expectStatus(response, 200, 'REST count')
    const total = (jsonBody(response, 'REST count') as { meta?: { total?: unknown } }).meta?.total
    check(typeof total === 'number', 'REST: count=true must give meta.total', { total })
    return total
  },
  async get(ctx, id) {
    const response = await ctx.transport.request({
      method: 'GET',
      path: new RestSession(ctx).record(id),
    })
    if (response.status === 404) return null
    expectStatus(response, 200, 'REST get')
    return jsonBody(response, 'REST get') as Record<string, unknown>
  },
}

/** Calls a JSON-RPC method (200 expected) and returns the parsed reply, result or error. */
export async function rpcCall(
  ctx: ProtocolAuditContext,
  method: string,
  params: readonly unknown[],
): Promise<{ result?: unknown; error?: { code?: unknown; data?: unknown } }> {
  const rpc = new RpcSession(ctx)
  const response = await rpc.post(rpc.request(method, params))
  expectStatus(response, 200, `JSON-RPC ${method}`)
  return jsonBody(response, `JSON-RPC ${method}`) as {
    result?: unknown
    error?: { code?: unknown }
  }
}

function rpcResult(reply: { result?: unknown; error?: unknown }, method: string): unknown {
  if (reply.error !== undefined) {
    throw new AuditFailure(`JSON-RPC ${method} failed`, { error: reply.error })
  }
  return reply.result
}

function isNotFound(error: { code?: unknown; data?: unknown }): boolean {
  const code = (error.data as { code?: unknown } | undefined)?.code
  return error.code === -32001 || code === 'NOT_FOUND'
}

const JSON_RPC: ProtocolReader = {
  protocol: 'json-rpc',
  async list(ctx, query) {
    const reply = await rpcCall(ctx, 'object.find', [
      PRT_ITEMS,
      {
        where: canonicalWhere(query.where),
        orderBy: query.orderBy.map((field) => ({ field, order: 'asc' })),
        limit: query.limit ?? 100,
        offset: query.offset ?? 0,
      },
    ])
    return asRecords(rpcResult(reply, 'object.find'), 'JSON-RPC object.find')
  },
  async count(ctx, where) {
    const count = rpcResult(
      await rpcCall(ctx, 'object.count', [PRT_ITEMS, canonicalWhere(where)]),
      'object.count',
    )
    check(typeof count === 'number', 'JSON-RPC object.count must return a number', { count })
    return count
  },
  async get(ctx, id) {
    const reply = await rpcCall(ctx, 'object.get', [PRT_ITEMS, id])
    if (reply.error !== undefined && isNotFound(reply.error)) return null
    return rpcResult(reply, 'object.get') as Record<string, unknown>
  },
}

function graphqlWhere(where: readonly CrossCondition[]): Record<string, unknown> {
  return {
    AND: where.map(({ field, op, value }) =>
      value === null ? { [field]: { isNull: op === 'eq' } } : { [field]: { [op]: value } },
    ),
  }
}

const GRAPHQL: ProtocolReader = {
  protocol: 'graphql',
  async list(ctx, query) {
    const data = await gqlData(
      ctx,
      `query ($where: ${GQL_NAMES.itemFilter}, $orderBy: [${GQL_NAMES.itemOrderBy}!], $limit: Int, $offset: Int) {
        ${GQL_NAMES.list}(where: $where, orderBy: $orderBy, limit: $limit, offset: $offset) { ${ITEM_SELECTION} }
      }`,
      {
        where: graphqlWhere(query.where),
        orderBy: query.orderBy.map((field) => ({ field, direction: 'ASC' })),
        limit: query.limit ?? 100,
        offset: query.offset ?? 0,
      },
      `GraphQL ${GQL_NAMES.list}`,
    )
    return asRecords(data[GQL_NAMES.list], `GraphQL ${GQL_NAMES.list}`)
  },
  async count(ctx, where) {
    const data = await gqlData(
      ctx,
      `query ($where: ${GQL_NAMES.itemFilter}) { ${GQL_NAMES.count}(where: $where) }`,
      { where: graphqlWhere(where) },
      `GraphQL ${GQL_NAMES.count}`,
    )
    const count = data[GQL_NAMES.count]
    check(typeof count === 'number', `GraphQL ${GQL_NAMES.count} must be a number`, data)
    return count
  },
  async get(ctx, id) {
    const data = await gqlData(
      ctx,
      `query ($id: ID!) { ${GQL_NAMES.one}(id: $id) { ${ITEM_SELECTION} } }`,
      { id },
      `GraphQL ${GQL_NAMES.one}`,
    )
    const item = data[GQL_NAMES.one]
    return typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : null
  },
}

function odataLiteral(field: ItemField, value: CrossCondition['value']): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return field === 'due' ? value : stringLiteral(value)
  return String(value)
}

function odataFilter(where: readonly CrossCondition[]): string {
  return where
    .map(({ field, op, value }) => `${field} ${op} ${odataLiteral(field, value)}`)
    .join(' and ')
}

const ODATA: ProtocolReader = {
  protocol: 'odata',
  async list(ctx, query) {
    const options: Record<string, string> = {
      $filter: odataFilter(query.where),
      $orderby: query.orderBy.join(','),
    }
    if (query.limit !== undefined) options['$top'] = String(query.limit)
    if (query.offset !== undefined) options['$skip'] = String(query.offset)
    const outcome = await readPages(ctx, withOptions(resourcePath(ctx, PRT_ITEMS), options))
    check(
      outcome.ok,
      'OData list: the query was refused',
      outcome.ok ? {} : describeResponse(outcome.response),
    )
    return outcome.rows
  },
  async count(ctx, where) {
    const path = withOptions(resourcePath(ctx, `${PRT_ITEMS}/$count`), {
      $filter: odataFilter(where),
    })
    const response = await odataRequest(ctx, 'GET', path, undefined, { accept: 'text/plain' })
    expectStatus(response, 200, 'OData /$count')
    const count = Number(response.text.trim())
    check(Number.isInteger(count), 'OData /$count must be an integer', describeResponse(response))
    return count
  },
  async get(ctx, id) {
    const response = await odataRequest(ctx, 'GET', entityPath(ctx, PRT_ITEMS, id))
    if (response.status === 404) return null
    expectStatus(response, 200, 'OData get')
    return jsonObject(response, 'OData get')
  },
}

/** The four readers, REST first (the reference the others are compared with). */
export const READERS: readonly ProtocolReader[] = [REST, JSON_RPC, GRAPHQL, ODATA]

/** Deletes through REST (`DELETE <rest>/<object>/<id>`); 404 counts as deleted. */
export function restRemover(ctx: ProtocolAuditContext): RecordRemover {
  const rest = new RestSession(ctx)
  return async ({ object, id }) => {
    expectGone(await rest.send('DELETE', rest.record(id, object)))
  }
}

/**
 * Creates a record through REST (`POST <rest>/<object>`, 200 or 201: these audits judge
 * agreement, not REST's status codes), tracks it for cleanup and returns its id.
 */
export async function restCreate(
  ctx: ProtocolAuditContext,
  tracker: RecordTracker,
  object: string,
  data: Readonly<Record<string, unknown>>,
): Promise<string> {
  const rest = new RestSession(ctx)
  const response = await rest.send('POST', rest.collection(object), data)
  expectStatus(response, [200, 201], `REST create ${object}`)
  const { id } = rest.recordOf(response, `REST create ${object}`)
  tracker.add(object, id)
  return id
}
