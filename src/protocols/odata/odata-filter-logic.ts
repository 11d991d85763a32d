import type { FilterCondition } from '../../kernel/spec/query-ast.js'

/**
 * A condition, or a constant: `true` (every record) or `false` (no record). Constants appear
 * when literals fold (`1 eq 1`) or a list is empty (`x in ()`), and are simplified away.
 */
export type Condition = FilterCondition | boolean

/**
 * OData filters have three-valued logic: a boolean expression may be true, false or null
 * (unknown), and `$filter` keeps only the records where it is true. Every expression is
 * translated to the pair of conditions under which it is TRUE and under which it is FALSE; a
 * record in neither is where it is null. `not` swaps the pair, `and`/`or` combine them by
 * Kleene's rules, so `not contains(title, 'x')` keeps records whose title is not null and lacks
 * 'x', exactly as OData defines it, with the kernel's two-valued operators.
 */
export interface Truth {
  readonly t: Condition
  readonly f: Condition
}

/** The condition that keeps no record (every stored record has an id). */
export const NO_RECORD: FilterCondition = Object.freeze({ id: Object.freeze({ $null: true }) })

function parts(condition: FilterCondition, key: '$and' | '$or'): readonly FilterCondition[] {
  const keys = Object.keys(condition)
  const list = condition[key]
  return keys.length === 1 && Array.isArray(list) ? (list as FilterCondition[]) : [condition]
}

/** Conjunction, flattened, with constants folded. */
export function all(conditions: readonly Condition[]): Condition {
  const kept: FilterCondition[] = []
  for (const condition of conditions) {
    if (condition === false) return false
    if (condition !== true) kept.push(...parts(condition, '$and'))
  }
  if (kept.length === 0) return true
  return kept.length === 1 ? (kept[0] as FilterCondition) : { $and: kept }
}

/** Disjunction, flattened, with constants folded. */
export function any(conditions: readonly Condition[]): Condition {
  const kept: FilterCondition[] = []
  for (const condition of conditions) {
    if (condition === true) return true
    if (condition !== false) kept.push(...parts(condition, '$or'))
  }
  if (kept.length === 0) return false
  return kept.length === 1 ? (kept[0] as FilterCondition) : { $or: kept }
}

/** The exact complement (the kernel's `$not` is two-valued). */
export function negation(condition: Condition): Condition {
  if (typeof condition === 'boolean') return !condition
  const keys = Object.keys(condition)
  const inner = condition.$not
  return keys.length === 1 && inner !== undefined ? inner : { $not: condition }
}

/** The truth of a two-valued test: false exactly where it is not true. */
export function twoValued(t: Condition): Truth {
  return { t, f: negation(t) }
}

/** A constant truth value; `null` is unknown (neither true nor false). */
export function constant(value: boolean | null): Truth {
  return value === null ? { t: false, f: false } : { t: value, f: !value }
}

/** `not x`. */
export function not(x: Truth): Truth {
  return { t: x.f, f: x.t }
}

/** `a and b` (Kleene): false when either is false. */
export function and(a: Truth, b: Truth): Truth {
  return { t: all([a.t, b.t]), f: any([a.f, b.f]) }
}

/** `a or b` (Kleene): true when either is true. */
export function or(a: Truth, b: Truth): Truth {
  return { t: any([a.t, b.t]), f: all([a.f, b.f]) }
}

/**
 * `b eq v` / `b ne v` for a boolean expression `b` and a constant: the comparison itself is
 * two-valued (null equals only null).
 */
export function compareTruth(b: Truth, op: 'eq' | 'ne', value: boolean | null): Truth {
  const unknown = all([negation(b.t), negation(b.f)])
  const equal = value === null ? unknown : value ? b.t : b.f
  return op === 'eq' ? twoValued(equal) : not(twoValued(equal))
}

/** The filter that keeps the records where `truth` is true; `undefined` keeps every record. */
export function toFilter(truth: Truth): FilterCondition | undefined {
  if (truth.t === true) return undefined
  return truth.t === false ? NO_RECORD : truth.t
}
