import type { GraphQLFieldResolver } from 'graphql'
import { ObjectQLError, hasErrorCode } from '../../kernel/errors.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { ProtocolBridge } from '../common/protocol-bridge.js'
import type { ProtocolLimits } from '../common/protocol-limits.js'
import { BatchLoader } from './graphql-batch-loader.js'
import { buildConnection, connectionDigest, connectionWindow } from './graphql-connection.js'
import { toFilterCondition, toOrderBy } from './graphql-filter-input.js'

/** What every resolver receives as `context`: one per HTTP request. */
export interface GraphQLRequestContext {
  readonly bridge: ProtocolBridge
  /** Batches lookups of this request (see graphql-batch-loader.ts). */
  readonly loader: BatchLoader
  readonly limits: ProtocolLimits
}

/**
 * A fresh context for one request of the generated schema: its resolvers read through `bridge`,
 * page by `limits`, and batch lookups with a loader of their own. Also what another GraphQL
 * server (Apollo Server, for one) passes as its per-request context to serve the same schema.
 */
export function createGraphQLContext(
  bridge: ProtocolBridge,
  limits: ProtocolLimits,
): GraphQLRequestContext {
  return {
    bridge,
    limits,
    loader: new BatchLoader((object, ids) =>
      findRecords(bridge, object, { where: { id: { $in: ids } }, limit: ids.length }),
    ),
  }
}

type Resolver = GraphQLFieldResolver<unknown, GraphQLRequestContext, Record<string, unknown>>

/** The records of a query without the total, through the bridge's cheapest door. */
export async function findRecords(
  bridge: ProtocolBridge,
  object: string,
  query: Record<string, unknown>,
): Promise<readonly DataRecord[]> {
  if (bridge.findRecords !== undefined) return bridge.findRecords(object, query)
  return (await bridge.findData(object, query)).value
}

/**
 * A copy made of plain objects and arrays. graphql-js builds input objects without a prototype;
 * the kernel (and JSON columns) expect ordinary objects.
 */
export function plainValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainValue)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]))
  }
  return value
}

function queryOf(args: Record<string, unknown>): Record<string, unknown> {
  const query: Record<string, unknown> = {}
  const where = toFilterCondition(plainValue(args['where']))
  if (where !== undefined) query['where'] = where
  const orderBy = toOrderBy(args['orderBy'])
  if (orderBy !== undefined) query['orderBy'] = orderBy
  return query
}

function nonNegative(value: unknown, param: string): number | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ObjectQLError('INVALID_QUERY', `${param} must be a non-negative integer`, {
      details: { param, value },
    })
  }
  return value
}

/** `camel(id)`: the record, or null when it does not exist (GraphQL's convention). */
export function oneResolver(object: string): Resolver {
  return async (_source, args, ctx) => {
    try {
      return await ctx.bridge.getData(object, String(args['id']))
    } catch (error) {
      if (hasErrorCode(error, 'NOT_FOUND')) return null
      throw error
    }
  }
}

/** `camelList(where, orderBy, limit, offset)`: one page, no count. */
export function listResolver(object: string): Resolver {
  return async (_source, args, ctx) => {
    const { limits } = ctx
    const limit = nonNegative(args['limit'], 'limit') ?? limits.defaultPageSize
    if (limit > limits.maxPageSize) {
      throw new ObjectQLError(
        'LIMIT_EXCEEDED',
        `limit ${limit} exceeds the maximum page size ${limits.maxPageSize}`,
        { details: { limit: 'maxPageSize', max: limits.maxPageSize, requested: limit } },
      )
    }
    const offset = nonNegative(args['offset'], 'offset')
    const query = { ...queryOf(args), limit, ...(offset === undefined ? {} : { offset }) }
    return findRecords(ctx.bridge, object, query)
  }
}

/** `camelConnection(where, orderBy, first, after, last, before)`: a Relay connection. */
export function connectionResolver(object: string): Resolver {
  return async (_source, args, ctx) => {
    const query = queryOf(args)
    // `{ where }`, not the bare filter: a field named like a query key must not read as one.
    const total = await ctx.bridge.countData(object, { where: query['where'] })
    const digest = connectionDigest(object, query['where'], query['orderBy'])
    const window = connectionWindow(args, total, digest, ctx.limits)
    const size = window.end - window.start
    const records =
      size === 0
        ? []
        : await findRecords(ctx.bridge, object, { ...query, limit: size, offset: window.start })
    return buildConnection(records, window, total, digest)
  }
}

/** `camelCount(where)`. */
export function countResolver(object: string): Resolver {
  return async (_source, args, ctx) =>
    ctx.bridge.countData(object, { where: queryOf(args)['where'] })
}

/** `createPascal(input)`. */
export function createResolver(object: string): Resolver {
  return async (_source, args, ctx) => {
    ctx.loader.clear()
    const input = plainValue(args['input'] ?? {}) as Record<string, unknown>
    return ctx.bridge.createData(object, input)
  }
}

/** `updatePascal(id, input)`. */
export function updateResolver(object: string): Resolver {
  return async (_source, args, ctx) => {
    ctx.loader.clear()
    const input = plainValue(args['input'] ?? {}) as Record<string, unknown>
    return ctx.bridge.updateData(object, String(args['id']), input)
  }
}

/** `deletePascal(id)`: true when it existed. */
export function deleteResolver(object: string): Resolver {
  return async (_source, args, ctx) => {
    ctx.loader.clear()
    return ctx.bridge.deleteData(object, String(args['id']))
  }
}

/**
 * `<field>_ref`: the referenced record(s), through the request's batch loader. A dangling id
 * resolves to null (single) or is left out (multiple).
 */
export function referenceResolver(field: string, target: string, multiple: boolean): Resolver {
  return async (source, _args, ctx) => {
    const value = (source as Record<string, unknown>)[field]
    if (multiple) {
      if (!Array.isArray(value)) return null
      const ids = value.filter((id): id is string => typeof id === 'string' && id !== '')
      const records = await ctx.loader.loadMany(target, ids)
      return records.filter((record): record is DataRecord => record !== null)
    }
    return typeof value === 'string' && value !== '' ? ctx.loader.load(target, value) : null
  }
}
