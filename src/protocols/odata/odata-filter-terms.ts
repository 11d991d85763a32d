import type { ODataProperty } from './odata-edm.js'
import type { Truth } from './odata-filter-logic.js'
import type { ODataBinaryOperator, ODataNode } from './odata-filter-parser.js'
import { badFilter, checkTemporal, notImplemented } from './odata-literal-eval.js'
import type { ODataValue } from './odata-literal-eval.js'

/** What an expression denotes while it is translated. */
export type Term =
  | { readonly kind: 'value'; readonly value: ODataValue }
  | { readonly kind: 'property'; readonly property: ODataProperty }
  | { readonly kind: 'function'; readonly name: string; readonly property: ODataProperty }
  | { readonly kind: 'list'; readonly items: readonly ODataValue[] }
  | { readonly kind: 'truth'; readonly truth: Truth }

/** The comparison operators. */
export const COMPARISONS = new Set<ODataBinaryOperator>(['eq', 'ne', 'gt', 'ge', 'lt', 'le'])
/** The arithmetic operators (folded on constants only). */
export const ARITHMETIC = new Set<ODataBinaryOperator>(['add', 'sub', 'mul', 'div', 'divby', 'mod'])
/** OData comparison operators and the kernel operators they become. */
export const OPERATOR: Readonly<Record<string, string>> = {
  eq: '$eq',
  ne: '$ne',
  gt: '$gt',
  ge: '$gte',
  lt: '$lt',
  le: '$lte',
}
/** The operator with its operands swapped (`5 lt x` is `x gt 5`). */
export const FLIPPED: Readonly<Record<string, ODataBinaryOperator>> = {
  gt: 'lt',
  ge: 'le',
  lt: 'gt',
  le: 'ge',
  eq: 'eq',
  ne: 'ne',
}
/** String functions that test a property against a constant, and their kernel operators. */
export const TEXT_TESTS: Readonly<Record<string, string>> = {
  contains: '$contains',
  startswith: '$startsWith',
  endswith: '$endsWith',
}
/** Canonical functions a comparison can rewrite to a range on the property itself. */
export const RANGE_FUNCTIONS = new Set(['year', 'date'])
/** Every canonical function of OData 4.01: known names are 501 when unsupported, others 400. */
export const CANONICAL = new Set([
  ...Object.keys(TEXT_TESTS),
  ...['length', 'indexof', 'substring', 'tolower', 'toupper', 'trim', 'concat', 'matchespattern'],
  ...['year', 'month', 'day', 'hour', 'minute', 'second', 'fractionalseconds', 'totalseconds'],
  ...['date', 'time', 'totaloffsetminutes', 'now', 'mindatetime', 'maxdatetime'],
  ...['round', 'floor', 'ceiling', 'cast', 'isof', 'hassubset', 'hassubsequence', 'case'],
  ...['geo.distance', 'geo.length', 'geo.intersects'],
])

/** Turns a literal node into a constant (temporal literals are checked for real dates). */
export function literal(node: Extract<ODataNode, { kind: 'literal' }>, option: string): ODataValue {
  switch (node.type) {
    case 'null':
      return { type: 'null', value: null }
    case 'boolean':
      return { type: 'boolean', value: node.text === 'true' }
    case 'int':
    case 'decimal':
    case 'double': {
      const text = node.text.replace(/^(-?)INF$/, '$1Infinity')
      return { type: node.type, value: Number(text) }
    }
    case 'string':
    case 'guid':
      return { type: node.type, value: node.text }
    case 'date':
    case 'datetime':
    case 'time':
      return checkTemporal({ type: node.type, value: node.text }, option)
    case 'duration':
      throw notImplemented('a duration literal', option)
    case 'typed':
      throw node.text.includes('.')
        ? badFilter(`the model has no enumeration type for ${node.text}`, option)
        : notImplemented(`the literal ${node.text}`, option)
  }
}

/** The kernel operand for comparing `property` with a constant; 400 when the types misfit. */
export function operandFor(
  property: ODataProperty,
  value: ODataValue,
  option: string,
): string | number | boolean {
  const misfit = () =>
    badFilter(
      `'${property.name}' is ${property.edmType}; it cannot be compared with a ${value.type} literal`,
      option,
    )
  if (property.collection)
    throw badFilter(`'${property.name}' is a collection; use any() or all()`, option)
  switch (property.kind) {
    case 'string':
      if (value.type === 'string' || value.type === 'guid') return value.value
      throw misfit()
    case 'number':
      if (value.type === 'int' || value.type === 'decimal' || value.type === 'double') {
        if (!Number.isFinite(value.value)) throw notImplemented('comparing with INF or NaN', option)
        return value.value
      }
      throw misfit()
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'time':
      if (value.type === property.kind) return value.value
      throw misfit()
    case 'scalar':
      if (value.type === 'null') throw misfit()
      if (typeof value.value === 'number' && !Number.isFinite(value.value)) throw misfit()
      return value.value
    case 'untyped':
      throw badFilter(
        `'${property.name}' is a structured value; only 'eq null' and 'ne null' apply`,
        option,
      )
  }
}

/** How a node is named in error messages. */
export function describe(node: ODataNode): string {
  switch (node.kind) {
    case 'member':
      return `'${node.path.join('/')}'`
    case 'literal':
      return `the literal ${node.text}`
    case 'call':
      return `${node.name}()`
    default:
      return `a ${node.kind} expression`
  }
}
