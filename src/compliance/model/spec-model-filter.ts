import { toFilterNode } from '../../kernel/spec/filter-node.js'
import { specCompare, typeOf } from './spec-model-order.js'
import type { CompareNode, FilterNode } from '../../kernel/spec/filter-node.js'
import type { FilterCondition } from '../../kernel/spec/query-ast.js'

/**
 * Evaluates a canonical filter on one record, following docs/SPEC.md (DRV-FLT, DRV-NULL,
 * DRV-STR) clause by clause. Parsing is the kernel's strict `toFilterNode`, so malformed filters
 * fail with the same codes as in a driver.
 *
 * The toolkit's reading where the spec is silent (kept identical in the engine):
 * - operands are compared with values of the same JS type only: `$eq 1` never matches `'1'`,
 *   and a range operator never matches a value of another type;
 * - a `null` inside an `$in`/`$nin` list stands for null and missing;
 * - multi-value (array) fields: `$contains x` means "some element is x", `$notContains` its
 *   negation; for every other operator the array is one whole value, which no scalar operand
 *   equals or orders against.
 */
export function modelFilter(
  where: FilterCondition | undefined,
  fields: ReadonlySet<string> | undefined,
  dateFields: ReadonlySet<string>,
): (record: Readonly<Record<string, unknown>>) => boolean {
  const node = toFilterNode(where, fields)
  return (record) => node === undefined || holds(node, record, dateFields)
}

function holds(
  node: FilterNode,
  record: Readonly<Record<string, unknown>>,
  dateFields: ReadonlySet<string>,
): boolean {
  if (node.kind === 'and') return node.children.every((child) => holds(child, record, dateFields))
  if (node.kind === 'or') return node.children.some((child) => holds(child, record, dateFields))
  if (node.kind === 'not') return !holds(node.child, record, dateFields)
  return leafHolds(node, record, dateFields)
}

function leafHolds(
  node: CompareNode,
  record: Readonly<Record<string, unknown>>,
  dateFields: ReadonlySet<string>,
): boolean {
  const value = Object.prototype.hasOwnProperty.call(record, node.field)
    ? record[node.field]
    : undefined
  const isNull = value === null || value === undefined
  const operand = node.value
  switch (node.op) {
    case '$null':
      return isNull === operand
    case '$eq':
      return same(value, operand)
    case '$ne':
      return !same(value, operand)
    case '$in':
      return (operand as unknown[]).some((item) => (item === null ? isNull : same(value, item)))
    case '$nin':
      return !(operand as unknown[]).some((item) => (item === null ? isNull : same(value, item)))
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (isNull || typeOf(value) !== typeOf(operand)) return false
      const order = specCompare(value, operand, dateFields.has(node.field))
      if (node.op === '$gt') return order > 0
      if (node.op === '$gte') return order >= 0
      if (node.op === '$lt') return order < 0
      return order <= 0
    }
    case '$contains':
      return contains(value, operand as string)
    case '$notContains':
      return !contains(value, operand as string)
    case '$startsWith':
      return typeof value === 'string' && value.slice(0, (operand as string).length) === operand
    case '$endsWith': {
      const suffix = operand as string
      return (
        typeof value === 'string' &&
        value.length >= suffix.length &&
        value.slice(value.length - suffix.length) === suffix
      )
    }
  }
}

/** Scalar equality of a record value with a (non-null) operand: same type, same value. */
function same(value: unknown, operand: unknown): boolean {
  return typeOf(value) === typeOf(operand) && typeOf(value) !== 'array' && value === operand
}

function contains(value: unknown, needle: string): boolean {
  if (typeof value === 'string') return value.indexOf(needle) !== -1
  if (Array.isArray(value)) return value.some((element) => element === needle)
  return false
}
