import type { FilterNode } from '../../kernel/spec/filter-node.js'
import { toFilterNode } from '../../kernel/spec/filter-node.js'
import type { FilterCondition, SortNode } from '../../kernel/spec/query-ast.js'

/**
 * The spec's semantics in plain JavaScript, written from docs/SPEC.md independently of the SQL
 * compiler: the behaviour tests compare the driver's answers with it.
 */

type Row = Readonly<Record<string, unknown>>

/** Compares by code point (JavaScript's `<` compares UTF-16 code units: wrong for emoji). */
export function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]()
  const right = b[Symbol.iterator]()
  for (;;) {
    const x = left.next()
    const y = right.next()
    if (x.done === true) return y.done === true ? 0 : -1
    if (y.done === true) return 1
    const cx = x.value.codePointAt(0) ?? 0
    const cy = y.value.codePointAt(0) ?? 0
    if (cx !== cy) return cx < cy ? -1 : 1
  }
}

const TYPE_RANK: Readonly<Record<string, number>> = { boolean: 0, number: 1, string: 2 }

/**
 * Spec order of two non-null values. Values of different types (only in fields that may hold
 * several, like a select without options) order by type: booleans, numbers, strings.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a !== typeof b) return (TYPE_RANK[typeof a] ?? 3) - (TYPE_RANK[typeof b] ?? 3)
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  return compareCodePoints(String(a), String(b))
}

function value(row: Row, field: string): unknown {
  const v = row[field]
  return v === undefined ? null : v
}

/** True when the row matches the canonical filter. */
export function matches(row: Row, where: FilterCondition | undefined): boolean {
  const node = toFilterNode(where)
  return node === undefined ? true : matchNode(row, node)
}

function matchNode(row: Row, node: FilterNode): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.every((child) => matchNode(row, child))
    case 'or':
      return node.children.some((child) => matchNode(row, child))
    case 'not':
      return !matchNode(row, node.child)
    case 'compare': {
      const v = value(row, node.field)
      const operand = node.value
      const eq = (x: unknown): boolean => v !== null && compareValues(v, x) === 0
      switch (node.op) {
        case '$eq':
          return eq(operand)
        case '$ne':
          return !eq(operand)
        case '$gt':
          return v !== null && compareValues(v, operand) > 0
        case '$gte':
          return v !== null && compareValues(v, operand) >= 0
        case '$lt':
          return v !== null && compareValues(v, operand) < 0
        case '$lte':
          return v !== null && compareValues(v, operand) <= 0
        case '$in':
          return (operand as readonly unknown[]).some((x) => (x === null ? v === null : eq(x)))
        case '$nin':
          return !(operand as readonly unknown[]).some((x) => (x === null ? v === null : eq(x)))
        case '$contains':
          return typeof v === 'string' && v.includes(operand as string)
        case '$notContains':
          return !(typeof v === 'string' && v.includes(operand as string))
        case '$startsWith':
          return typeof v === 'string' && v.startsWith(operand as string)
        case '$endsWith':
          return typeof v === 'string' && v.endsWith(operand as string)
        case '$null':
          return operand === true ? v === null : v !== null
      }
    }
  }
}

/** Sorts rows in spec order: nulls first ascending, last descending; keys in sequence. */
export function sortRows<T extends Row>(rows: readonly T[], orderBy: readonly SortNode[]): T[] {
  return [...rows].sort((a, b) => {
    for (const { field, order } of orderBy) {
      const x = value(a, field)
      const y = value(b, field)
      let c: number
      if (x === null || y === null) c = x === y ? 0 : x === null ? -1 : 1
      else c = compareValues(x, y)
      if (c !== 0) return order === 'asc' ? c : -c
    }
    return 0
  })
}

/** Ids of the rows matching a filter, sorted by id (code points). */
export function expectedIds(rows: readonly Row[], where: FilterCondition | undefined): string[] {
  return rows
    .filter((row) => matches(row, where))
    .map((row) => String(row['id']))
    .sort(compareCodePoints)
}
