import type { FilterCondition } from '../../src/kernel/spec/query-ast.js'

/** What a leaf rewrite returns: a replacement node, or `'all'` to drop the clause (widening). */
export type LeafRewrite = FilterCondition | 'all'

/**
 * Rewrites every `{ field: { op: value } }` leaf of a canonical filter. Dropped clauses vanish
 * from `$and`, make an `$or` match everything, and make the whole filter `undefined` at the top:
 * exactly how a driver that ignores a clause behaves.
 */
export function rewriteLeaves(
  where: FilterCondition | undefined,
  leaf: (field: string, op: string, value: unknown) => LeafRewrite,
): FilterCondition | undefined {
  if (where === undefined) return undefined
  const result = walk(where, leaf)
  return result === 'all' ? undefined : result
}

function walk(
  node: FilterCondition,
  leaf: (field: string, op: string, value: unknown) => LeafRewrite,
): LeafRewrite {
  const [key, body] = Object.entries(node)[0] ?? []
  if (key === undefined) return node
  if (key === '$and' || key === '$or') {
    const children = (body as FilterCondition[]).map((child) => walk(child, leaf))
    const kept = children.filter((child): child is FilterCondition => child !== 'all')
    if (key === '$or' && kept.length < children.length) return 'all'
    if (kept.length === 0) return 'all'
    return { [key]: kept }
  }
  if (key === '$not') {
    const child = walk(body as FilterCondition, leaf)
    return child === 'all' ? node : { $not: child }
  }
  if (key.startsWith('$')) return leaf(key, key, body)
  const [op, value] = Object.entries(body as Record<string, unknown>)[0] ?? []
  return op === undefined ? node : leaf(key, op, value)
}

/** Every field a filter names (for bugs that add per-field clauses). */
export function fieldsOf(node: FilterCondition): string[] {
  const [key, body] = Object.entries(node)[0] ?? []
  if (key === undefined) return []
  if (key === '$and' || key === '$or') return (body as FilterCondition[]).flatMap(fieldsOf)
  if (key === '$not') return fieldsOf(body as FilterCondition)
  return key.startsWith('$') ? [] : [key]
}
