import { ObjectQLError } from '../errors.js'
import type { CanonicalOperator, FilterCondition } from './query-ast.js'

/** One canonical leaf: exactly one field and one operator. */
export function leafOf(field: string, op: CanonicalOperator, value: unknown): FilterCondition {
  return { [field]: { [op]: value } }
}

/**
 * The conjunction of canonical nodes: nested `$and`s are flattened (AND is associative, so this
 * changes nothing but makes equivalent inputs produce equal trees) and one child stands alone.
 */
export function andOf(children: readonly FilterCondition[]): FilterCondition {
  return combine('$and', children)
}

/** The disjunction of canonical nodes, flattened like {@link andOf}. */
export function orOf(children: readonly FilterCondition[]): FilterCondition {
  return combine('$or', children)
}

/** The complement of a canonical node. */
export function notOf(child: FilterCondition): FilterCondition {
  return { $not: child }
}

function combine(key: '$and' | '$or', children: readonly FilterCondition[]): FilterCondition {
  const flat: FilterCondition[] = []
  for (const child of children) {
    const nested = soleLogic(child, key)
    if (nested === undefined) flat.push(child)
    else flat.push(...nested)
  }
  // Callers reject empty groups with a located INVALID_FILTER first; reaching this is a bug.
  if (flat.length === 0) throw new ObjectQLError('INTERNAL_ERROR', `${key} of no conditions`)
  const [first] = flat
  if (flat.length === 1 && first !== undefined) return first
  return { [key]: flat }
}

function soleLogic(
  node: FilterCondition,
  key: '$and' | '$or',
): readonly FilterCondition[] | undefined {
  const keys = Object.keys(node)
  if (keys.length !== 1 || keys[0] !== key) return undefined
  const value = node[key]
  return Array.isArray(value) ? (value as readonly FilterCondition[]) : undefined
}
