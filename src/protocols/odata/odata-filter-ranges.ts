import type { FilterCondition } from '../../kernel/spec/query-ast.js'
import type { ODataProperty } from './odata-edm.js'
import { all, any, constant, negation, twoValued } from './odata-filter-logic.js'
import type { Condition, Truth } from './odata-filter-logic.js'
import type { ODataBinaryOperator, ODataNode } from './odata-filter-parser.js'
import type { FilterTranslator } from './odata-filter-translator.js'
import { badFilter, notImplemented } from './odata-literal-eval.js'
import type { ODataValue } from './odata-literal-eval.js'

const pad4 = (year: number) => String(year).padStart(4, '0')

function startOfYear(year: number, kind: 'date' | 'datetime'): string {
  return kind === 'date' ? `${pad4(year)}-01-01` : `${pad4(year)}-01-01T00:00:00.000Z`
}

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}

/**
 * `f(p) op c` as a range on `p`: the half-open interval `[low, high)` of values whose `f` equals
 * `c`, then `gt` is `>= high`, `ge` is `>= low`, `lt` is `< low`, `le` is `< high`. Exact because
 * the kernel stores dates as `YYYY-MM-DD` and date-times as UTC ISO strings, which order
 * chronologically.
 */
function interval(op: ODataBinaryOperator, field: string, low: string, high: string): Condition {
  const gte = (bound: string): FilterCondition => ({ [field]: { $gte: bound } })
  const lt = (bound: string): FilterCondition => ({ [field]: { $lt: bound } })
  switch (op) {
    case 'eq':
      return all([gte(low), lt(high)])
    case 'ne':
      return negation(all([gte(low), lt(high)]))
    case 'gt':
      return gte(high)
    case 'ge':
      return gte(low)
    case 'lt':
      return lt(low)
    default:
      return lt(high)
  }
}

/**
 * `year(p) op n` (p a date or date-time) and `date(p) op d` (p a date-time) as ranges on `p`.
 * Comparisons are two-valued: `year(null) eq 2024` is false, so its negation keeps nulls.
 */
export function rangeTruth(
  op: ODataBinaryOperator,
  name: string,
  property: ODataProperty,
  value: ODataValue,
  option: string,
): Truth {
  const field = property.name
  const kind = property.kind
  if (property.collection || (kind !== 'date' && kind !== 'datetime')) {
    throw badFilter(
      `${name}() takes a date or date-time; '${field}' is ${property.edmType}`,
      option,
    )
  }
  if (value.type === 'null') {
    if (op === 'eq' || op === 'ne') return twoValued({ [field]: { $null: op === 'eq' } })
    return constant(false)
  }
  if (name === 'year') {
    if (value.type !== 'int') throw notImplemented(`year() compared with a ${value.type}`, option)
    if (value.value < 1 || value.value > 9998)
      throw notImplemented(`year() outside 1..9998`, option)
    const low = startOfYear(value.value, kind)
    const high = startOfYear(value.value + 1, kind)
    return twoValued(interval(op, field, low, high))
  }
  if (value.type !== 'date') throw badFilter(`date() must be compared with a date literal`, option)
  if (kind === 'date') {
    const ops: Record<string, string> = {
      eq: '$eq',
      ne: '$ne',
      gt: '$gt',
      ge: '$gte',
      lt: '$lt',
      le: '$lte',
    }
    return twoValued({ [field]: { [ops[op] ?? '$eq']: value.value } })
  }
  const low = `${value.value}T00:00:00.000Z`
  const high = `${dayAfter(value.value)}T00:00:00.000Z`
  return twoValued(interval(op, field, low, high))
}

function isVariable(node: ODataNode, variable: string): boolean {
  return node.kind === 'member' && node.path.length === 1 && node.path[0] === variable
}

/**
 * The elements a lambda predicate (or, with `negated`, its negation) is a disjunction of
 * equalities with: `t eq 'a' or t in ('b', 'c')` gives `['a', 'b', 'c']`. `undefined` when the
 * predicate has any other form.
 */
function elementValues(
  node: ODataNode,
  variable: string,
  negated: boolean,
  translator: FilterTranslator,
): ODataValue[] | undefined {
  if (node.kind === 'not') return elementValues(node.operand, variable, !negated, translator)
  if (node.kind !== 'binary') return undefined
  const { op, left, right } = node
  if ((op === 'or' && !negated) || (op === 'and' && negated)) {
    const a = elementValues(left, variable, negated, translator)
    const b = elementValues(right, variable, negated, translator)
    return a === undefined || b === undefined ? undefined : [...a, ...b]
  }
  if ((op === 'eq' && !negated) || (op === 'ne' && negated)) {
    if (isVariable(left, variable) && !isVariable(right, variable))
      return [translator.constant(right, 'a lambda operand')]
    if (isVariable(right, variable) && !isVariable(left, variable))
      return [translator.constant(left, 'a lambda operand')]
    return undefined
  }
  if (op === 'in' && !negated && isVariable(left, variable)) {
    const list = translator.term(right)
    return list.kind === 'list' ? [...list.items] : undefined
  }
  return undefined
}

/**
 * `c/any(x: ...)` and `c/all(x: ...)` over a collection of primitives, when the predicate is a
 * set of equalities: `any(x: x eq 'a' or x eq 'b')` holds when the list contains 'a' or 'b';
 * `all(x: x ne 'a')` is `not any(x: x eq 'a')`. A missing (null) collection counts as empty:
 * `any` is false, `all` is true. Everything else (other predicates, `any()` without one,
 * navigation collections, non-collections) is `NOT_SUPPORTED`.
 */
export function lambdaTruth(
  node: Extract<ODataNode, { kind: 'lambda' }>,
  translator: FilterTranslator,
  option: string,
): Truth {
  const property = translator.property(node.collection)
  if (!property.collection) {
    throw notImplemented(`${node.op}() on '${property.name}', which is not a collection`, option)
  }
  if (node.predicate === undefined || node.variable === undefined) {
    throw notImplemented(`${node.op}() without a predicate`, option)
  }
  const values = elementValues(node.predicate, node.variable, node.op === 'all', translator)
  if (values === undefined) {
    throw notImplemented(`this ${node.op}() predicate (only equalities joined by 'or' are)`, option)
  }
  const element: ODataProperty = { ...property, collection: false }
  const operands = values.map((value) => {
    if (value.type === 'null') throw notImplemented(`testing collection elements for null`, option)
    return translator.operand(element, value)
  })
  const field = property.name
  const contains = any(operands.map((v): FilterCondition => ({ [field]: { $contains: v } })))
  const lacks = all(operands.map((v): FilterCondition => ({ [field]: { $notContains: v } })))
  return node.op === 'any' ? { t: contains, f: lacks } : { t: lacks, f: contains }
}
