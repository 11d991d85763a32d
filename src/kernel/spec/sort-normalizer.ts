import type { FieldSet } from './field-set.js'
import { isOrderable } from './filter-operand.js'
import {
  childPath,
  describeValue,
  fieldError,
  indexPath,
  isPlainObject,
  queryError,
} from './normalizer-errors.js'
import type { SortNode } from './query-ast.js'

type Order = SortNode['order']

const NODE_KEYS: ReadonlySet<string> = new Set(['field', 'order', 'direction', 'dir'])

/**
 * Normalizes every sort spelling seen upstream to `SortNode[]`:
 * - `[{ field, order }]`, with `direction` or `dir` instead of `order`, in any case;
 * - tuples `[['created_at', 'desc']]`;
 * - strings `'-price'`, `'+name'`, `'name desc'`, and lists `'name asc, created_at desc'`;
 * - records `{ name: 'asc', age: -1 }` (1 / -1 as in MongoDB);
 * - arrays mixing all of these.
 * Directions are `asc`/`desc`/`ascending`/`descending` in any case or 1/-1; missing means `asc`.
 * A later key on a field already sorted on is dropped: it can never change the order.
 *
 * @throws ObjectQLError `INVALID_FIELD` for an unknown field, `INVALID_QUERY` for a bad shape,
 *   an unknown direction, or a field without an order (json, multi-value).
 */
export function normalizeSort(input: unknown, fields: FieldSet, path: string): SortNode[] {
  const raw: { field: string; order: Order; path: string }[] = []
  collect(input, fields, path, raw)
  const seen = new Set<string>()
  const result: SortNode[] = []
  for (const entry of raw) {
    const field = entry.field === '_id' ? 'id' : entry.field
    const spec = fields.get(field)
    if (spec === undefined) {
      throw fieldError(entry.field, fields.objectName, { path: entry.path, field: entry.field })
    }
    if (!isOrderable(spec)) {
      throw queryError(`cannot sort by ${spec.type} field '${field}': its values have no order`, {
        path: entry.path,
        field,
      })
    }
    if (seen.has(field)) continue
    seen.add(field)
    result.push({ field, order: entry.order })
  }
  return result
}

function collect(
  input: unknown,
  fields: FieldSet,
  path: string,
  out: { field: string; order: Order; path: string }[],
): void {
  if (input === undefined || input === null) return
  if (typeof input === 'string') {
    if (input.trim() === '') return
    input.split(',').forEach((token, index) => {
      const here = input.includes(',') ? indexPath(path, index) : path
      out.push({ ...parseToken(token, here), path: here })
    })
    return
  }
  if (Array.isArray(input)) {
    input.forEach((item: unknown, index) => {
      const here = indexPath(path, index)
      if (Array.isArray(item)) out.push({ ...parseTuple(item, here), path: here })
      else if (typeof item === 'string' || isPlainObject(item)) collect(item, fields, here, out)
      else
        throw queryError(
          `a sort key must be a string, tuple or object, got ${describeValue(item)}`,
          { path: here },
        )
    })
    return
  }
  if (isPlainObject(input)) {
    if (isSortNode(input, fields)) {
      const order = input['order'] ?? input['direction'] ?? input['dir']
      out.push({ field: input['field'] as string, order: parseOrder(order, path), path })
      return
    }
    for (const [field, order] of Object.entries(input)) {
      const here = childPath(path, field)
      out.push({ field, order: parseOrder(order, here), path: here })
    }
    return
  }
  throw queryError(`a sort must be a string, an array or an object, got ${describeValue(input)}`, {
    path,
  })
}

// `{ field: 'name', order: 'desc' }` is a SortNode; `{ name: 'desc' }` is a record. A record on
// a declared field literally called `field` (`{ field: 'desc' }`) stays a record.
function isSortNode(input: Record<string, unknown>, fields: FieldSet): boolean {
  const keys = Object.keys(input)
  if (typeof input['field'] !== 'string' || !keys.every((key) => NODE_KEYS.has(key))) return false
  const looksLikeRecord =
    keys.length === 1 && fields.names.has('field') && isOrderToken(input['field'])
  return !looksLikeRecord
}

function parseToken(token: string, path: string): { field: string; order: Order } {
  const trimmed = token.trim()
  if (trimmed.startsWith('-') || trimmed.startsWith('+')) {
    const field = trimmed.slice(1).trim()
    if (field === '' || /\s/.test(field)) throw badToken(token, path)
    return { field, order: trimmed.startsWith('-') ? 'desc' : 'asc' }
  }
  const parts = trimmed.split(/\s+/)
  const [field, order, extra] = parts
  if (field === undefined || field === '' || extra !== undefined) throw badToken(token, path)
  return { field, order: parseOrder(order, path) }
}

function parseTuple(tuple: readonly unknown[], path: string): { field: string; order: Order } {
  const [field, order] = tuple
  if (typeof field !== 'string' || field === '' || tuple.length > 2) {
    throw queryError(`a sort tuple is [field, 'asc' | 'desc'], got ${describeValue(tuple)}`, {
      path,
    })
  }
  return { field, order: parseOrder(order, path) }
}

function parseOrder(value: unknown, path: string): Order {
  if (value === undefined || value === null) return 'asc'
  if (value === 1) return 'asc'
  if (value === -1) return 'desc'
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase()
    if (lower === 'asc' || lower === 'ascending') return 'asc'
    if (lower === 'desc' || lower === 'descending') return 'desc'
  }
  throw queryError(`unknown sort direction ${describeValue(value)} (use 'asc' or 'desc')`, { path })
}

function isOrderToken(value: unknown): boolean {
  if (value === 1 || value === -1) return true
  if (typeof value !== 'string') return false
  return ['asc', 'desc', 'ascending', 'descending'].includes(value.trim().toLowerCase())
}

function badToken(token: string, path: string) {
  return queryError(
    `cannot read sort key ${describeValue(token)}: use 'field', '-field' or 'field desc'`,
    { path },
  )
}
