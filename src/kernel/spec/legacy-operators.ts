import type { FilterOperator } from './query-ast.js'

/** A legacy operator token resolved to the operator it means. */
export interface LegacyOperator {
  readonly op: FilterOperator
  /** `is_null` / `is_not_null` take no value; this is the `$null` operand they imply. */
  readonly nullOperand?: boolean
}

/**
 * Operators of the array filter AST and upstream's `{ type: 'comparison' }` nodes, lower-case.
 * `like` means `$contains` with the value taken literally (`%` and `_` are not wildcards), which
 * is what upstream's `parseFilterAST` does; `not like` is its negation. The `$`-spelled
 * operators are accepted too, so a triple can say `['age', '$gte', 18]`.
 */
const TOKENS: ReadonlyMap<string, LegacyOperator> = new Map<string, LegacyOperator>([
  ['=', { op: '$eq' }],
  ['==', { op: '$eq' }],
  ['!=', { op: '$ne' }],
  ['<>', { op: '$ne' }],
  ['>', { op: '$gt' }],
  ['>=', { op: '$gte' }],
  ['<', { op: '$lt' }],
  ['<=', { op: '$lte' }],
  ['in', { op: '$in' }],
  ['nin', { op: '$nin' }],
  ['not in', { op: '$nin' }],
  ['not_in', { op: '$nin' }],
  ['contains', { op: '$contains' }],
  ['notcontains', { op: '$notContains' }],
  ['not_contains', { op: '$notContains' }],
  ['like', { op: '$contains' }],
  ['not like', { op: '$notContains' }],
  ['startswith', { op: '$startsWith' }],
  ['starts_with', { op: '$startsWith' }],
  ['endswith', { op: '$endsWith' }],
  ['ends_with', { op: '$endsWith' }],
  ['between', { op: '$between' }],
  ['is_null', { op: '$null', nullOperand: true }],
  ['is_not_null', { op: '$null', nullOperand: false }],
  ['$eq', { op: '$eq' }],
  ['$ne', { op: '$ne' }],
  ['$gt', { op: '$gt' }],
  ['$gte', { op: '$gte' }],
  ['$lt', { op: '$lt' }],
  ['$lte', { op: '$lte' }],
  ['$in', { op: '$in' }],
  ['$nin', { op: '$nin' }],
  ['$between', { op: '$between' }],
  ['$contains', { op: '$contains' }],
  ['$notcontains', { op: '$notContains' }],
  ['$startswith', { op: '$startsWith' }],
  ['$endswith', { op: '$endsWith' }],
  ['$null', { op: '$null' }],
  ['$exists', { op: '$exists' }],
])

/** Resolves a legacy operator token, case-insensitively; `undefined` when it is not one. */
export function legacyOperator(token: unknown): LegacyOperator | undefined {
  if (typeof token !== 'string') return undefined
  return TOKENS.get(token.trim().toLowerCase())
}

/** The logical connectors of array filters, lower-case. */
export type Connector = 'and' | 'or'

/** Resolves `and` / `or` in any case; `undefined` otherwise. */
export function connectorOf(token: unknown): Connector | undefined {
  if (typeof token !== 'string') return undefined
  const lower = token.trim().toLowerCase()
  return lower === 'and' || lower === 'or' ? lower : undefined
}
