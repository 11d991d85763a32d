import type { CompareNode, FilterNode } from '../spec/filter-node.js'
import type { FilterValue } from '../spec/query-ast.js'

/**
 * The shape of a canonical filter: the filter with its operand values replaced by numbered
 * slots. Two filters with one shape share one compiled predicate; their values travel in
 * `params`, in depth-first leaf order (the same order the code generator numbers its slots).
 *
 * The key also records what changes the generated code: the operand's JS type for range
 * operators (numbers, strings, booleans and date strings compare differently), the boolean of
 * `$null`, and whether a field is a date field.
 */
export interface FilterShape {
  readonly key: string
  readonly params: readonly unknown[]
}

/** How a range operator (`$gt $gte $lt $lte`) compares: by the operand's type. */
export type RangeKind = 'number' | 'string' | 'boolean' | 'date'

/** The {@link RangeKind} of a range operand on a field. */
export function rangeKind(operand: unknown, isDateField: boolean): RangeKind {
  if (typeof operand === 'number') return 'number'
  if (typeof operand === 'boolean') return 'boolean'
  return isDateField ? 'date' : 'string'
}

/** True for the operators that order values. */
export function isRangeOperator(op: string): op is '$gt' | '$gte' | '$lt' | '$lte' {
  return op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte'
}

/**
 * The set an `$in`/`$nin` list tests membership with. Membership is type-strict (`1` is not
 * `'1'`). A `null` in the list stands for null and missing alike (the spec's reading of
 * `$eq: null`), so `undefined` joins the set too.
 */
export function membershipSet(list: readonly FilterValue[]): ReadonlySet<unknown> {
  const set = new Set<unknown>(list)
  if (set.has(null)) set.add(undefined)
  return set
}

/** Computes the shape key and the slot values of a parsed canonical filter. */
export function describeFilter(node: FilterNode, dateFields: ReadonlySet<string>): FilterShape {
  const params: unknown[] = []
  const key = describeNode(node, dateFields, params)
  return { key, params }
}

function describeNode(
  node: FilterNode,
  dateFields: ReadonlySet<string>,
  params: unknown[],
): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `${node.kind}(${node.children.map((c) => describeNode(c, dateFields, params)).join(',')})`
    case 'not':
      return `not(${describeNode(node.child, dateFields, params)})`
    case 'compare':
      return describeLeaf(node, dateFields, params)
  }
}

function describeLeaf(
  node: CompareNode,
  dateFields: ReadonlySet<string>,
  params: unknown[],
): string {
  const field = JSON.stringify(node.field)
  if (node.op === '$null') return `${field}${node.op}:${String(node.value)}`
  const value = node.value
  if (node.op === '$in' || node.op === '$nin') {
    params.push(
      membershipSet(Array.isArray(value) ? (value as FilterValue[]) : [value as FilterValue]),
    )
    return `${field}${node.op}`
  }
  params.push(value)
  if (isRangeOperator(node.op)) {
    return `${field}${node.op}:${rangeKind(value, dateFields.has(node.field))}`
  }
  return `${field}${node.op}`
}
