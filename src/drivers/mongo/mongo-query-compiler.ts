import { ObjectQLError } from '../../kernel/errors.js'
import { toFilterNode } from '../../kernel/spec/filter-node.js'
import { toCanonicalDateTime } from '../../kernel/spec/iso-date.js'
import type { MongoFieldInfo, MongoFieldMap } from './mongo-field-map.js'
import type { CompareNode, FilterNode } from '../../kernel/spec/filter-node.js'
import type { FilterCondition, FilterValue, SortNode } from '../../kernel/spec/query-ast.js'
import type { Document } from 'mongodb'

/**
 * Canonical filters, sorts and projections -> MongoDB query documents, with the exact semantics
 * of docs/SPEC.md (proven against the SpecModel under mingo in mongo-translation.test.ts).
 *
 * Where MongoDB's own reading differs from the spec, and what is done about it:
 * - `$not` is `$nor: [child]`, the exact two-valued complement; `$ne`/`$nin`/`$notContains`
 *   and `$null: false` are complements too, so they match null and missing (DRV-NULL-002/003/006);
 * - `{ f: null }` matches null and missing, and `$eq: v` (v never null) neither (DRV-NULL-001/005);
 * - range operators use MongoDB's type bracketing: `$gt: 5` only compares with numbers, `$gt: 'a'`
 *   only with strings, so null and other types never match (DRV-NULL-004);
 * - MongoDB matches an operator against each element of an array value, which the spec never
 *   does: on fields that may hold arrays (kind `multi`/`loose`) every clause carries
 *   `$not: { $type: 'array' }`, and `$contains` there is `$elemMatch: { $eq: v }`;
 * - string operators are `$regex` with every metacharacter escaped, case-sensitive (no `i`),
 *   anchored with `^` and with `(?![\s\S])` rather than `$`, because PCRE's `$` also matches
 *   before a final newline (DRV-STR-001/002);
 * - strings compare by UTF-8 bytes (the simple binary collation), which is code point order
 *   (DRV-ORD-002), as long as the collection has no default collation;
 * - date fields hold canonical UTC strings (the kernel writes them so): ranges against an
 *   operand of the other shape (a date against a datetime) pick the string bound that gives the
 *   chronological answer, see {@link dateBound}.
 */

/** A MongoDB sort: `[path, direction]` pairs in key order (a pair list keeps the order exact). */
export type MongoSort = readonly (readonly [string, 1 | -1])[]

const NOT_ARRAY: Document = Object.freeze({ $not: { $type: 'array' } })
const END = '(?![\\s\\S])'

/**
 * The MongoDB filter of a canonical `where` (`{}` matches everything).
 *
 * @throws ObjectQLError `INVALID_FILTER` for a non-canonical filter, `INVALID_FIELD` for a name
 * outside the field map.
 */
export function compileMongoFilter(
  where: FilterCondition | undefined,
  fields: MongoFieldMap,
): Document {
  const node = toFilterNode(where, fields.names)
  return node === undefined ? {} : compileNode(node, fields)
}

function compileNode(node: FilterNode, fields: MongoFieldMap): Document {
  switch (node.kind) {
    case 'and':
      return { $and: node.children.map((child) => compileNode(child, fields)) }
    case 'or':
      return { $or: node.children.map((child) => compileNode(child, fields)) }
    case 'not':
      return { $nor: [compileNode(node.child, fields)] }
    case 'compare':
      return compileLeaf(node, fields.info(node.field))
  }
}

function compileLeaf(node: CompareNode, info: MongoFieldInfo): Document {
  const { path, kind } = info
  const guard = kind === 'scalar' ? {} : NOT_ARRAY
  const value = node.value
  const on = (condition: Document): Document => ({ [path]: { ...condition, ...guard } })
  switch (node.op) {
    case '$null':
      return value === true ? on({ $eq: null }) : { $nor: [on({ $eq: null })] }
    case '$eq':
      return on({ $eq: value })
    case '$ne':
      return kind === 'scalar' ? { [path]: { $ne: value } } : { $nor: [on({ $eq: value })] }
    case '$in':
      return on({ $in: value })
    case '$nin':
      return kind === 'scalar' ? { [path]: { $nin: value } } : { $nor: [on({ $in: value })] }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return on({ [node.op]: info.isDate ? dateBound(node.op, value as FilterValue) : value })
    case '$contains':
      return contains(info, value as string)
    case '$notContains':
      return { $nor: [contains(info, value as string)] }
    case '$startsWith':
      return on({ $regex: `^${escapeRegex(value as string)}` })
    case '$endsWith':
      return on({ $regex: `${escapeRegex(value as string)}${END}` })
  }
}

function contains(info: MongoFieldInfo, needle: string): Document {
  const element: Document = { [info.path]: { $elemMatch: { $eq: needle } } }
  if (info.kind === 'multi') return element
  const substring: Document = { $regex: escapeRegex(needle) }
  if (info.kind === 'scalar') return { [info.path]: substring }
  return { $or: [{ [info.path]: { ...substring, ...NOT_ARRAY } }, element] }
}

/**
 * The operand of a range operator on a date field. Stored values are canonical (`YYYY-MM-DD` on
 * date fields, `YYYY-MM-DDTHH:mm:ss.sssZ` on datetimes), and a date means its UTC midnight. With
 * `X` the operand's canonical datetime and `D` its day, string order gives the chronological
 * answer for both stored shapes when `$gt`/`$lte` compare with `X`, and `$gte`/`$lt` compare with
 * `X`, or with `D` when `X` is a midnight (then a stored `D` equals `X` although `'D' < X`).
 * An operand that is not an ISO date compares as a plain string, as in the spec model.
 */
export function dateBound(op: '$gt' | '$gte' | '$lt' | '$lte', operand: FilterValue): FilterValue {
  if (typeof operand !== 'string') return operand
  const instant = toCanonicalDateTime(operand)
  if (instant === undefined) return operand
  const midnight = instant.endsWith('T00:00:00.000Z')
  return (op === '$gte' || op === '$lt') && midnight ? instant.slice(0, 10) : instant
}

/**
 * A regex source matching `text` literally in both PCRE (MongoDB) and JavaScript: every
 * metacharacter is backslash-escaped and NUL, which a BSON regex cannot carry, becomes `\x00`.
 */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&').replace(/\0/g, '\\x00')
}

/**
 * The MongoDB sort of an `orderBy`, and whether it must run in JavaScript instead: MongoDB's
 * order is the spec order only on `scalar` fields (see mongo-field-map.ts). A repeated field
 * keeps its first position (a later key could never break a tie of the same field).
 *
 * @throws ObjectQLError `INVALID_QUERY` for a malformed key, `INVALID_FIELD` for an unknown name.
 */
export function compileMongoSort(
  orderBy: readonly SortNode[] | undefined,
  fields: MongoFieldMap,
): { readonly sort: MongoSort; readonly inMemory: boolean } {
  const sort: [string, 1 | -1][] = []
  let inMemory = false
  for (const key of orderBy ?? []) {
    if (key.order !== 'asc' && key.order !== 'desc') {
      throw new ObjectQLError('INVALID_QUERY', `sort order of '${key.field}' must be asc or desc`)
    }
    if (fields.names !== undefined && !fields.names.has(key.field)) {
      throw new ObjectQLError('INVALID_FIELD', `unknown field '${key.field}' in sort`, {
        details: { field: key.field },
      })
    }
    const info = fields.info(key.field)
    if (info.kind !== 'scalar') inMemory = true
    if (!sort.some(([path]) => path === info.path))
      sort.push([info.path, key.order === 'asc' ? 1 : -1])
  }
  return { sort, inMemory }
}

/** The MongoDB projection of `fields` (`_id` always comes back), or undefined for all fields. */
export function compileMongoProjection(
  fields: readonly string[] | undefined,
  map: MongoFieldMap,
): Document | undefined {
  if (fields === undefined) return undefined
  const projection: Document = {}
  for (const name of fields) projection[map.info(name).path] = 1
  return projection
}
