import { ObjectQLError, isObjectQLError } from '../../kernel/errors.js'
import type { SortNode } from '../../kernel/spec/query-ast.js'
import { parseJsonBody } from '../common/json-body-parser.js'
import { assertPageSize } from '../common/protocol-limits.js'
import type { ProtocolLimits } from '../common/protocol-limits.js'
import { decodeCursor, queryDigest } from './rest-cursor.js'

/** A list request, read from the query string, ready for `bridge.findData`. */
export interface RestListQuery {
  /** The query for the kernel (its normalizer checks fields and operators). */
  readonly query: Readonly<Record<string, unknown>>
  readonly limit: number
  readonly offset: number
  /** Whether the client asked for `meta.total`. */
  readonly count: boolean
  /** Digest of filter, sort and fields, for cursors. */
  readonly digest: string
}

const KNOWN = new Set([
  'filter',
  'filters',
  'sort',
  'orderBy',
  'fields',
  'select',
  'limit',
  'top',
  'offset',
  'skip',
  'cursor',
  'count',
])
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/

function invalid(message: string, param: string): ObjectQLError {
  return new ObjectQLError('INVALID_QUERY', message, { details: { param } })
}

/** The single string value of a parameter (a repeated parameter is ambiguous). */
function single(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw invalid(`query parameter '${name}' may appear once`, name)
  return value
}

/** One value from a pair of aliases (`limit`/`top`); giving both is an error. */
function aliased(
  params: Record<string, unknown>,
  a: string,
  b: string,
): [string, string] | undefined {
  const first = single(params, a)
  const second = single(params, b)
  if (first !== undefined && second !== undefined) {
    throw invalid(`give '${a}' or '${b}', not both`, a)
  }
  if (first !== undefined) return [a, first]
  return second === undefined ? undefined : [b, second]
}

function integer(entry: [string, string] | undefined): number | undefined {
  if (entry === undefined) return undefined
  const [name, text] = entry
  if (!/^\d{1,15}$/.test(text)) throw invalid(`'${name}' must be a non-negative integer`, name)
  return Number(text)
}

function parseFilter(entry: [string, string] | undefined, maxDepth: number): unknown {
  if (entry === undefined) return undefined
  const [name, text] = entry
  try {
    return parseJsonBody(text, maxDepth)
  } catch (error) {
    if (isObjectQLError(error) && error.code === 'LIMIT_EXCEEDED') throw error
    throw new ObjectQLError(
      'INVALID_FILTER',
      `'${name}' must be JSON (a FilterCondition or a filter array)`,
      {
        details: { param: name },
        cause: error,
      },
    )
  }
}

/** `name,-created_at`, `name asc, created_at desc` or `+name` into sort nodes. */
export function parseSort(text: string, param = 'sort'): SortNode[] {
  const nodes: SortNode[] = []
  for (const raw of text.split(',')) {
    const part = raw.trim()
    const words = part.split(/\s+/)
    let field = words[0] ?? ''
    let order: 'asc' | 'desc' = 'asc'
    if (field.startsWith('-')) order = 'desc'
    if (field.startsWith('-') || field.startsWith('+')) field = field.slice(1)
    const direction = words[1]?.toLowerCase()
    if (direction === 'desc' || direction === 'asc') order = direction
    const wellFormed =
      FIELD_NAME.test(field) &&
      (words.length === 1 ||
        (words.length === 2 && direction !== undefined && /^(asc|desc)$/.test(direction)))
    if (!wellFormed) throw invalid(`'${param}' has a malformed key '${part}'`, param)
    nodes.push({ field, order })
  }
  return nodes
}

function parseFields(entry: [string, string] | undefined): string[] | undefined {
  if (entry === undefined) return undefined
  const [name, text] = entry
  const fields = text.split(',').map((f) => f.trim())
  if (fields.some((f) => !FIELD_NAME.test(f)))
    throw invalid(`'${name}' must list field names`, name)
  return fields
}

function parseBoolean(text: string | undefined): boolean {
  if (text === undefined || text === 'false' || text === '0') return false
  if (text === 'true' || text === '1' || text === '') return true
  throw invalid(`'count' must be true or false`, 'count')
}

/**
 * Reads a list request's query string. Unknown parameters are `INVALID_QUERY` (a typo must not
 * silently return everything); the filter is parsed as JSON and handed to the kernel, whose
 * normalizer rejects unknown fields and operators; a page larger than `maxPageSize` is
 * `LIMIT_EXCEEDED`.
 */
export function parseListQuery(
  object: string,
  params: Record<string, unknown>,
  limits: ProtocolLimits,
): RestListQuery {
  for (const name of Object.keys(params)) {
    if (!KNOWN.has(name)) throw invalid(`unknown query parameter '${name}'`, name)
  }
  const filter = parseFilter(aliased(params, 'filter', 'filters'), limits.maxDepth)
  const sortEntry = aliased(params, 'sort', 'orderBy')
  const orderBy = sortEntry === undefined ? undefined : parseSort(sortEntry[1], sortEntry[0])
  const fields = parseFields(aliased(params, 'fields', 'select'))
  const limit = integer(aliased(params, 'limit', 'top')) ?? limits.defaultPageSize
  assertPageSize(limit, limits.maxPageSize)
  const count = parseBoolean(single(params, 'count'))
  const query: Record<string, unknown> = {}
  if (filter !== undefined) {
    // `null` is rejected too: a filter that matches everything must be asked for by omission.
    if (typeof filter !== 'object' || filter === null) {
      throw new ObjectQLError('INVALID_FILTER', 'a filter must be an object or an array', {
        details: { param: 'filter' },
      })
    }
    query[Array.isArray(filter) ? 'filters' : 'where'] = filter
  }
  if (orderBy !== undefined) query['orderBy'] = orderBy
  if (fields !== undefined) query['fields'] = fields
  const digest = queryDigest([object, filter ?? null, orderBy ?? null, fields ?? null])
  const offsetEntry = aliased(params, 'offset', 'skip')
  const cursor = single(params, 'cursor')
  if (cursor !== undefined && offsetEntry !== undefined) {
    throw invalid(`give 'cursor' or '${offsetEntry[0]}', not both`, 'cursor')
  }
  const offset = cursor === undefined ? (integer(offsetEntry) ?? 0) : decodeCursor(cursor, digest)
  return { query: { ...query, limit, offset }, limit, offset, count, digest }
}
