import type { SortNode } from '../../kernel/spec/query-ast.js'

/**
 * Spec order in JavaScript, for the few results SQL cannot order by itself: values of
 * multi-value (JSON array) and JSON fields, which the database stores as text. Values of
 * different types order null < boolean < number < string < array < object; strings by code
 * point; arrays element by element (a shorter prefix first); objects by their sorted-key JSON.
 */
export function compareSpec(a: unknown, b: unknown): number {
  const typeA = typeRank(a)
  const typeB = typeRank(b)
  if (typeA !== typeB) return typeA - typeB
  if (typeof a === 'boolean' || typeof a === 'number') {
    return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0
  }
  if (typeof a === 'string') return compareCodePoints(a, b as string)
  if (Array.isArray(a)) {
    const other = b as unknown[]
    for (let i = 0; i < a.length && i < other.length; i++) {
      const order = compareSpec(a[i], other[i])
      if (order !== 0) return order
    }
    return a.length - other.length
  }
  if (typeA === 5) return compareCodePoints(sortedJson(a), sortedJson(b))
  return 0
}

/** Sorts rows in place by several keys, nulls first ascending and last descending. */
export function sortRowsBySpec<T extends Record<string, unknown>>(
  rows: T[],
  sorts: readonly SortNode[],
): T[] {
  return rows.sort((x, y) => {
    for (const { field, order } of sorts) {
      const c = compareSpec(x[field] ?? null, y[field] ?? null)
      if (c !== 0) return order === 'asc' ? c : -c
    }
    return 0
  })
}

function typeRank(value: unknown): number {
  if (value === null || value === undefined) return 0
  if (typeof value === 'boolean') return 1
  if (typeof value === 'number') return 2
  if (typeof value === 'string') return 3
  return Array.isArray(value) ? 4 : 5
}

function compareCodePoints(a: string, b: string): number {
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

function sortedJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>
    const keys = Object.keys(record).filter(
      (key) => record[key] !== null && record[key] !== undefined,
    )
    return `{${keys
      .sort()
      .map((key) => `${JSON.stringify(key)}:${sortedJson(record[key])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
