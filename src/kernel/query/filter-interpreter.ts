import { ObjectQLError } from '../errors.js'
import { compareCodePoints, compareDateValues } from './value-compare.js'
import { isRangeOperator, membershipSet, rangeKind } from './filter-shape.js'
import type { RecordPredicate } from './filter-codegen.js'
import type { CompareNode, FilterNode } from '../spec/filter-node.js'

/**
 * Builds a predicate by composing closures, without generating code. It is the fallback where
 * `new Function` is forbidden (a browser page whose Content-Security-Policy has no
 * `unsafe-eval`), and the tests use it as a second implementation of the same semantics.
 *
 * Semantics (docs/SPEC.md DRV-FLT, DRV-NULL, DRV-STR), for a record value `v` and operand `x`:
 * - `$eq` is `v === x` (type-strict; `x` is never null), `$ne` its exact negation;
 * - `$in`/`$nin`: type-strict membership and its negation; a null in the list means null/missing;
 * - `$gt $gte $lt $lte` hold only when `v` has the operand's type (number, string, boolean) and
 *   compares so in spec order (code points for strings, chronologically on date fields);
 *   null, missing and values of another type never match;
 * - `$contains`: a string value contains `x` literally and case-sensitively; an ARRAY value
 *   (multi-value field) has an element `=== x`. `$notContains` is its exact negation;
 * - `$startsWith`/`$endsWith`: string values only, literal and case-sensitive;
 * - `$null: true` matches null and missing, `$null: false` everything else ('' and [] included);
 * - `$not` is the exact complement of its child (two-valued logic).
 * Array and object values are whole values for every other operator: a scalar operand never
 * equals them, so `$eq`/`$in` never match and `$ne`/`$nin` always do.
 */
export function interpretFilter(
  node: FilterNode,
  dateFields: ReadonlySet<string>,
): RecordPredicate {
  switch (node.kind) {
    case 'and': {
      const children = node.children.map((c) => interpretFilter(c, dateFields))
      return (record) => children.every((child) => child(record))
    }
    case 'or': {
      const children = node.children.map((c) => interpretFilter(c, dateFields))
      return (record) => children.some((child) => child(record))
    }
    case 'not': {
      const child = interpretFilter(node.child, dateFields)
      return (record) => !child(record)
    }
    case 'compare':
      return interpretLeaf(node, dateFields)
  }
}

function interpretLeaf(node: CompareNode, dateFields: ReadonlySet<string>): RecordPredicate {
  const { field, op } = node
  const read = (record: Readonly<Record<string, unknown>>): unknown =>
    Object.hasOwn(record, field) ? record[field] : undefined
  const operand = node.value
  switch (op) {
    case '$null':
      return operand === true ? (r) => read(r) == null : (r) => read(r) != null
    case '$eq':
      return (r) => read(r) === operand
    case '$ne':
      return (r) => read(r) !== operand
    case '$in':
    case '$nin': {
      const set = membershipSet(operand as Parameters<typeof membershipSet>[0])
      return op === '$in' ? (r) => set.has(read(r)) : (r) => !set.has(read(r))
    }
    case '$contains':
    case '$notContains': {
      const contains = (r: Readonly<Record<string, unknown>>): boolean => {
        const value = read(r)
        if (typeof value === 'string') return value.includes(operand as string)
        return Array.isArray(value) && value.includes(operand)
      }
      return op === '$contains' ? contains : (r) => !contains(r)
    }
    case '$startsWith':
      return (r) => {
        const value = read(r)
        return typeof value === 'string' && value.startsWith(operand as string)
      }
    case '$endsWith':
      return (r) => {
        const value = read(r)
        return typeof value === 'string' && value.endsWith(operand as string)
      }
    default:
      return interpretRange(node, dateFields, read)
  }
}

function interpretRange(
  node: CompareNode,
  dateFields: ReadonlySet<string>,
  read: (record: Readonly<Record<string, unknown>>) => unknown,
): RecordPredicate {
  const kind = rangeKind(node.value, dateFields.has(node.field))
  const type = kind === 'date' ? 'string' : kind
  const compare = kind === 'date' ? compareDateValues : kind === 'string' ? compareCodePoints : null
  const operand = node.value as number
  const test = rangeTest(node.op)
  return (record) => {
    const value = read(record)
    if (typeof value !== type) return false
    if (compare === null)
      return test((value as number) < operand ? -1 : (value as number) > operand ? 1 : 0)
    return test(compare(value as string, operand as unknown as string))
  }
}

function rangeTest(op: string): (order: number) => boolean {
  if (!isRangeOperator(op)) throw new ObjectQLError('INVALID_FILTER', `unknown operator '${op}'`)
  switch (op) {
    case '$gt':
      return (order) => order > 0
    case '$gte':
      return (order) => order >= 0
    case '$lt':
      return (order) => order < 0
    case '$lte':
      return (order) => order <= 0
  }
}
