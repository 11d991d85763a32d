import { andOf, orOf } from './filter-combine.js'
import { connectorOf, legacyOperator } from './legacy-operators.js'
import type { Connector, LegacyOperator } from './legacy-operators.js'
import { describeValue, filterError, indexPath, isPlainObject } from './normalizer-errors.js'
import type { FilterCondition } from './query-ast.js'

/** Callbacks into the object normalizer, so arrays and objects can nest in each other. */
export interface ArrayFilterHooks {
  /** Normalizes a nested group (array) or condition object found inside an array. */
  readonly child: (input: unknown, path: string) => FilterCondition
  /** Normalizes one comparison; `field` is as written (the hook resolves and checks it). */
  readonly leaf: (field: string, op: string, operand: unknown, path: string) => FilterCondition
}

type Token =
  | { readonly kind: 'operand'; readonly node: FilterCondition }
  | { readonly kind: 'connector'; readonly value: Connector; readonly path: string }

/**
 * Lowers the legacy array filter AST to canonical form. Accepted shapes:
 * - a triple `['age', '>=', 18]` (or `['deleted_at', 'is_null']`);
 * - prefix groups `['and', c1, c2, ...]` / `['or', ...]`;
 * - infix groups `[c1, 'and', c2, 'or', [c3, 'and', c4]]`, where nested arrays are parentheses;
 * - flat groups `['a', '=', 1, 'and', 'b', '>', 2]` (triples spelled inline);
 * - lists of conditions with no connector `[c1, c2]`, which are ANDed (upstream's implicit AND).
 * Conditions inside an array may also be FilterCondition objects.
 *
 * Precedence: `and` binds tighter than `or`, as in SQL and OData, so `[a, 'or', b, 'and', c]`
 * means `a OR (b AND c)`. Upstream drivers disagree here (the memory driver groups runs of one
 * connector, the SQL driver chains left to right); the standard rule is the only one a reader
 * can predict, so it is the one we pick. Use nested arrays to say anything else.
 *
 * In flat groups a field named `and` or `or` is read as a connector when it follows a condition;
 * write its triple as a nested array to avoid that.
 *
 * @throws ObjectQLError `INVALID_FILTER` for an empty group, a bad triple, an unknown operator or
 *   connector, or a connector without conditions on both sides.
 */
export function parseFilterArray(
  items: readonly unknown[],
  path: string,
  hooks: ArrayFilterHooks,
): FilterCondition {
  if (items.length === 0) throw filterError('an empty filter group matches nothing here', { path })
  const prefix = connectorOf(items[0])
  const rest = items.slice(1)
  if (prefix !== undefined && rest.length > 0 && rest.every(isCondition)) {
    const children = rest.map((child, index) => hooks.child(child, indexPath(path, index + 1)))
    return prefix === 'and' ? andOf(children) : orOf(children)
  }
  const operator = legacyOperator(items[1])
  if (typeof items[0] === 'string' && operator !== undefined && items.length <= 3) {
    // A whole-array triple: its errors are located at the array, not at its first element.
    const { node, used } = inlineTriple(items, 0, operator, path, hooks)
    if (used === items.length) return node
  }
  return combineInfix(tokenize(items, path, hooks), path)
}

function tokenize(items: readonly unknown[], path: string, hooks: ArrayFilterHooks): Token[] {
  const tokens: Token[] = []
  let index = 0
  while (index < items.length) {
    const item = items[index]
    const here = indexPath(path, index)
    if (isCondition(item)) {
      tokens.push({ kind: 'operand', node: hooks.child(item, here) })
      index += 1
      continue
    }
    if (typeof item !== 'string') {
      throw filterError(
        `expected a condition, a connector or a field name, got ${describeValue(item)}`,
        { path: here },
      )
    }
    const afterOperand = tokens.at(-1)?.kind === 'operand'
    const connector = connectorOf(item)
    if (connector !== undefined && afterOperand) {
      tokens.push({ kind: 'connector', value: connector, path: here })
      index += 1
      continue
    }
    const operator = legacyOperator(items[index + 1])
    if (operator !== undefined) {
      const { node, used } = inlineTriple(items, index, operator, here, hooks)
      tokens.push({ kind: 'operand', node })
      index += used
      continue
    }
    if (connector !== undefined) {
      tokens.push({ kind: 'connector', value: connector, path: here })
      index += 1
      continue
    }
    throw unexpectedString(items, index, path, afterOperand)
  }
  return tokens
}

function inlineTriple(
  items: readonly unknown[],
  index: number,
  operator: LegacyOperator,
  path: string,
  hooks: ArrayFilterHooks,
): { node: FilterCondition; used: number } {
  const field = items[index] as string
  const token = String(items[index + 1])
  const hasValue = index + 2 < items.length
  const value = items[index + 2]
  if (operator.nullOperand !== undefined) {
    // `is_null` takes no value; an explicit `true` or `null` after it is tolerated and consumed.
    if (hasValue && value === false) {
      throw filterError(`'${token}' takes no value; drop the false or use the opposite operator`, {
        path,
        field,
        operator: token,
      })
    }
    const used = hasValue && (value === true || value === null) ? 3 : 2
    return { node: hooks.leaf(field, operator.op, operator.nullOperand, path), used }
  }
  if (!hasValue) {
    throw filterError(`'${field} ${token}' is missing its value: write [field, operator, value]`, {
      path,
      field,
      operator: token,
    })
  }
  return { node: hooks.leaf(field, operator.op, value, path), used: 3 }
}

function unexpectedString(
  items: readonly unknown[],
  index: number,
  path: string,
  afterOperand: boolean,
) {
  const item = items[index] as string
  const next = items[index + 1]
  if (afterOperand) {
    return filterError(`unknown connector '${item}' (use 'and' or 'or')`, {
      path: indexPath(path, index),
    })
  }
  if (typeof next === 'string' && connectorOf(next) === undefined) {
    return filterError(`unknown operator '${next}' in condition on '${item}'`, {
      path: indexPath(path, index + 1),
      field: item,
      operator: next,
    })
  }
  return filterError(
    `'${item}' is not a condition: write [field, operator, value] or a filter object`,
    { path: indexPath(path, index) },
  )
}

function combineInfix(tokens: readonly Token[], path: string): FilterCondition {
  // Split on `or` into runs; each run is an AND (implicit when no connector is written).
  const runs: FilterCondition[][] = [[]]
  let expectOperand = true
  for (const token of tokens) {
    if (token.kind === 'operand') {
      runs[runs.length - 1]?.push(token.node)
      expectOperand = false
      continue
    }
    if (expectOperand) {
      throw filterError(`'${token.value}' needs a condition before it`, { path: token.path })
    }
    if (token.value === 'or') runs.push([])
    expectOperand = true
  }
  if (expectOperand) {
    throw filterError('the filter group ends with a connector', { path })
  }
  return orOf(runs.map((run) => andOf(run)))
}

function isCondition(value: unknown): boolean {
  return Array.isArray(value) || isPlainObject(value)
}
