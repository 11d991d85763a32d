import { toCanonicalDate, toCanonicalDateTime } from '../../kernel/spec/iso-date.js'
import type { CompareNode, FilterNode } from '../../kernel/spec/filter-node.js'
import type { FilterValue } from '../../kernel/spec/query-ast.js'
import type { ColumnModel } from './sql-object-model.js'

/**
 * A `date` field compared with a date-time operand compares instants: the date stands for its
 * UTC midnight (the reference model's reading). Dates are stored as dates, so the operand is
 * rewritten into date terms: `day > 2024-01-01T10:00Z` is `day > 2024-01-01`, `day = <a
 * non-midnight instant>` is never true, and so on. Date-only operands on `datetime` fields need
 * nothing: the kernel's canonical form already reads them as UTC midnight.
 */
export function rewriteDateOperands(
  node: FilterNode | undefined,
  columns: ReadonlyMap<string, ColumnModel>,
): FilterNode | undefined {
  if (node === undefined) return undefined
  switch (node.kind) {
    case 'and':
    case 'or': {
      const children = node.children.map(
        (child) => rewriteDateOperands(child, columns) as FilterNode,
      )
      return { kind: node.kind, children }
    }
    case 'not':
      return { kind: 'not', child: rewriteDateOperands(node.child, columns) as FilterNode }
    case 'compare':
      return columns.get(node.field)?.storage === 'date' ? rewriteLeaf(node) : node
  }
}

interface Instant {
  readonly day: string
  readonly midnight: boolean
}

function instantOf(value: unknown): Instant | undefined {
  if (typeof value !== 'string' || toCanonicalDate(value) !== undefined) return undefined
  const iso = toCanonicalDateTime(value)
  return iso === undefined
    ? undefined
    : { day: iso.slice(0, 10), midnight: iso.endsWith('T00:00:00.000Z') }
}

function rewriteLeaf(node: CompareNode): FilterNode {
  const leaf = (op: CompareNode['op'], value: CompareNode['value']): CompareNode => ({
    kind: 'compare',
    field: node.field,
    op,
    value,
  })
  if (node.op === '$in' || node.op === '$nin') {
    if (!Array.isArray(node.value)) return node
    const values: FilterValue[] = []
    for (const item of node.value as readonly FilterValue[]) {
      const instant = instantOf(item)
      // A date equals an instant only at its midnight; other instants match no date.
      if (instant === undefined) values.push(item)
      else if (instant.midnight) values.push(instant.day)
    }
    return leaf(node.op, values)
  }
  const instant = instantOf(node.value)
  if (instant === undefined) return node
  const { day, midnight } = instant
  switch (node.op) {
    case '$eq':
      return midnight ? leaf('$eq', day) : leaf('$in', [])
    case '$ne':
      return midnight ? leaf('$ne', day) : leaf('$nin', [])
    case '$gt':
      return leaf('$gt', day)
    case '$gte':
      return leaf(midnight ? '$gte' : '$gt', day)
    case '$lt':
      return leaf(midnight ? '$lt' : '$lte', day)
    case '$lte':
      return leaf('$lte', day)
    default:
      return node
  }
}
