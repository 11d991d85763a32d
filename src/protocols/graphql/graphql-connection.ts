import { createHash } from 'node:crypto'
import {
  GraphQLBoolean,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
} from 'graphql'
import type { GraphQLOutputType } from 'graphql'
import { ObjectQLError } from '../../kernel/errors.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { ProtocolLimits } from '../common/protocol-limits.js'

/**
 * Relay connections over the kernel's total order. The kernel appends `id asc` to every sort, so
 * the position of a record in the ordered result is well defined; a cursor is that position
 * (base64url of `{ v: 1, o: <offset>, q: <digest> }`), and `totalCount` comes from a real count
 * with the same filter. The digest covers object, filter and order: a cursor used with another
 * query is rejected (`INVALID_QUERY`) instead of silently pointing somewhere else.
 */

/** Arguments of a `...Connection` field (Relay's). */
export interface ConnectionArgs {
  readonly first?: number | null
  readonly after?: string | null
  readonly last?: number | null
  readonly before?: string | null
}

/** The slice `[start, end)` of the ordered result a connection returns. */
export interface ConnectionWindow {
  readonly start: number
  readonly end: number
}

/** What a connection field resolves to. */
export interface ConnectionResult {
  readonly edges: { cursor: string; node: DataRecord }[]
  readonly nodes: DataRecord[]
  readonly pageInfo: {
    hasNextPage: boolean
    hasPreviousPage: boolean
    startCursor: string | null
    endCursor: string | null
  }
  readonly totalCount: number
}

interface CursorBody {
  readonly v: 1
  readonly o: number
  readonly q: string
}

/** A short digest of what positions depend on: the object, the filter and the order. */
export function connectionDigest(object: string, where: unknown, orderBy: unknown): string {
  const text = JSON.stringify([object, where ?? null, orderBy ?? null])
  return createHash('sha256').update(text).digest('base64url').slice(0, 12)
}

/** The cursor of the record at `offset` in the result of the query with `digest`. */
export function encodeCursor(offset: number, digest: string): string {
  const body: CursorBody = { v: 1, o: offset, q: digest }
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url')
}

/** The position a cursor names. @throws ObjectQLError `INVALID_QUERY` for a foreign cursor. */
export function decodeCursor(cursor: string, digest: string, param: string): number {
  let body: unknown
  try {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(cursor)) throw new Error('not base64url')
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch (cause) {
    throw new ObjectQLError('INVALID_QUERY', `${param}: the cursor is malformed`, {
      details: { param },
      cause,
    })
  }
  const candidate = (typeof body === 'object' && body !== null ? body : {}) as Partial<CursorBody>
  const offset = candidate.o
  if (
    candidate.v !== 1 ||
    typeof offset !== 'number' ||
    !Number.isSafeInteger(offset) ||
    offset < 0
  ) {
    throw new ObjectQLError('INVALID_QUERY', `${param}: the cursor is malformed`, {
      details: { param },
    })
  }
  if (candidate.q !== digest) {
    throw new ObjectQLError(
      'INVALID_QUERY',
      `${param}: the cursor belongs to another query (object, filter or order changed)`,
      { details: { param } },
    )
  }
  return offset
}

function pageSize(value: number | null | undefined, param: string, limits: ProtocolLimits) {
  if (value === null || value === undefined) return undefined
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ObjectQLError('INVALID_QUERY', `${param} must be a non-negative integer`, {
      details: { param, value },
    })
  }
  if (value > limits.maxPageSize) {
    throw new ObjectQLError(
      'LIMIT_EXCEEDED',
      `${param} ${value} exceeds the maximum page size ${limits.maxPageSize}`,
      { details: { limit: 'maxPageSize', max: limits.maxPageSize, requested: value } },
    )
  }
  return value
}

/**
 * Relay's pagination algorithm over positions: `after`/`before` bound the result, then `first`
 * keeps the head and `last` the tail of what remains. Without either, the default page size
 * applies from the start.
 */
export function connectionWindow(
  args: ConnectionArgs,
  total: number,
  digest: string,
  limits: ProtocolLimits,
): ConnectionWindow {
  const first = pageSize(args.first, 'first', limits)
  const last = pageSize(args.last, 'last', limits)
  let start = 0
  let end = total
  if (typeof args.after === 'string')
    start = Math.max(start, decodeCursor(args.after, digest, 'after') + 1)
  if (typeof args.before === 'string')
    end = Math.min(end, decodeCursor(args.before, digest, 'before'))
  start = Math.min(start, total)
  end = Math.max(end, start)
  if (first !== undefined) end = Math.min(end, start + first)
  if (last !== undefined) start = Math.max(start, end - last)
  if (first === undefined && last === undefined) end = Math.min(end, start + limits.defaultPageSize)
  return { start, end }
}

/** The connection for `records` (the rows of `window`, in order) out of `total`. */
export function buildConnection(
  records: readonly DataRecord[],
  window: ConnectionWindow,
  total: number,
  digest: string,
): ConnectionResult {
  const edges = records.map((node, index) => ({
    cursor: encodeCursor(window.start + index, digest),
    node,
  }))
  return {
    edges,
    nodes: [...records],
    pageInfo: {
      hasNextPage: window.start + records.length < total,
      hasPreviousPage: window.start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: total,
  }
}

/** Relay's `PageInfo`, shared by every connection of a schema. */
export function createPageInfoType(): GraphQLObjectType {
  return new GraphQLObjectType({
    name: 'PageInfo',
    fields: {
      hasNextPage: { type: new GraphQLNonNull(GraphQLBoolean) },
      hasPreviousPage: { type: new GraphQLNonNull(GraphQLBoolean) },
      startCursor: { type: GraphQLString },
      endCursor: { type: GraphQLString },
    },
  })
}

/** An object's `<Type>Connection` and `<Type>Edge` types. */
export function createConnectionType(
  names: { readonly connectionType: string; readonly edgeType: string },
  node: GraphQLOutputType,
  pageInfo: GraphQLObjectType,
): GraphQLObjectType {
  const edge = new GraphQLObjectType({
    name: names.edgeType,
    fields: {
      cursor: { type: new GraphQLNonNull(GraphQLString) },
      node: { type: new GraphQLNonNull(node) },
    },
  })
  return new GraphQLObjectType({
    name: names.connectionType,
    fields: {
      edges: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(edge))) },
      nodes: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(node))) },
      pageInfo: { type: new GraphQLNonNull(pageInfo) },
      totalCount: {
        type: new GraphQLNonNull(GraphQLInt),
        description: 'How many records match the filter (a count, not the page length).',
      },
    },
  })
}
