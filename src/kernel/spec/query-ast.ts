/**
 * The canonical query: upstream's QueryAST v3 and FilterCondition, in the strict normal form the
 * kernel's normalizer produces. Drivers only ever receive this form, frozen.
 *
 * Normal form of `where` (see docs/SPEC.md, section "Canonical AST"):
 * - every leaf is `{ <field>: { <op>: <value> } }` with exactly one field and one operator;
 * - logic nodes are `{ $and: [...] }`, `{ $or: [...] }` (non-empty arrays) and `{ $not: node }`;
 * - operators are only {@link CANONICAL_OPERATORS}: implicit equality, `$between` and `$exists`
 *   are lowered, and `null` never appears as an `$eq`/`$ne` operand (it becomes `$null`);
 * - operand types already match the field type (the normalizer rejects mismatches).
 */

/** Operators accepted at the kernel's door (upstream's `FILTER_OPERATORS`). */
export const FILTER_OPERATORS = [
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$between',
  '$contains',
  '$notContains',
  '$startsWith',
  '$endsWith',
  '$null',
  '$exists',
] as const

/** An operator accepted at the kernel's door. */
export type FilterOperator = (typeof FILTER_OPERATORS)[number]

/** Operators that remain after normalization; drivers must implement exactly these. */
export const CANONICAL_OPERATORS = [
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$contains',
  '$notContains',
  '$startsWith',
  '$endsWith',
  '$null',
] as const

/** An operator of the canonical form. */
export type CanonicalOperator = (typeof CANONICAL_OPERATORS)[number]

/** Logical operators. */
export const LOGICAL_OPERATORS = ['$and', '$or', '$not'] as const

/** A scalar a filter compares with. Dates travel as ISO-8601 UTC strings. */
export type FilterValue = string | number | boolean | null

/** Operator object on one field, e.g. `{ $gte: 18, $lt: 65 }`. */
export type FieldOperators = {
  readonly [op in FilterOperator]?: unknown
}

/**
 * Upstream's FilterCondition: implicit equality, operator objects and logic.
 * Input form; the canonical form is a subset (see the module comment).
 */
export interface FilterCondition {
  readonly $and?: readonly FilterCondition[]
  readonly $or?: readonly FilterCondition[]
  readonly $not?: FilterCondition
  readonly [field: string]: unknown
}

/** One sort key. The kernel appends `{ field: 'id', order: 'asc' }` so order is total. */
export interface SortNode {
  readonly field: string
  readonly order: 'asc' | 'desc'
}

/** Aggregate functions (upstream's list minus `array_agg`/`string_agg`, which are not in the spec). */
export const AGGREGATE_FUNCTIONS = ['count', 'sum', 'avg', 'min', 'max', 'count_distinct'] as const

/** An aggregate function name. */
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number]

/** One aggregation: `count` may omit `field` (then it counts rows). */
export interface AggregationNode {
  readonly function: AggregateFunction
  readonly field?: string
  readonly alias: string
  readonly distinct?: boolean
}

/** Full-text search request (upstream's `search` object). */
export interface SearchNode {
  readonly query: string
  readonly fields?: readonly string[]
}

/**
 * The canonical query. `object` is always set; `orderBy` always ends with `id asc` for `find`;
 * `fields`, when present, always contains `id`.
 */
export interface QueryAST {
  readonly object: string
  readonly fields?: readonly string[]
  readonly where?: FilterCondition
  readonly orderBy?: readonly SortNode[]
  readonly limit?: number
  readonly offset?: number
  readonly aggregations?: readonly AggregationNode[]
  readonly groupBy?: readonly string[]
  readonly having?: FilterCondition
  readonly distinct?: boolean
  readonly expand?: Readonly<Record<string, QueryAST>>
  readonly search?: SearchNode
}
