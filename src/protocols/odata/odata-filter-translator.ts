import { ObjectQLError } from '../../kernel/errors.js'
import type { FilterCondition } from '../../kernel/spec/query-ast.js'
import type { ODataEntityType, ODataProperty } from './odata-edm.js'
import {
  all,
  and,
  compareTruth,
  constant,
  not,
  or,
  toFilter,
  twoValued,
} from './odata-filter-logic.js'
import type { Truth } from './odata-filter-logic.js'
import { parseODataExpression } from './odata-filter-parser.js'
import type { ODataBinaryOperator, ODataNode } from './odata-filter-parser.js'
import { lambdaTruth, rangeTruth } from './odata-filter-ranges.js'
import {
  ARITHMETIC,
  CANONICAL,
  COMPARISONS,
  FLIPPED,
  OPERATOR,
  RANGE_FUNCTIONS,
  TEXT_TESTS,
  describe,
  literal,
  operandFor,
} from './odata-filter-terms.js'
import type { Term } from './odata-filter-terms.js'
import {
  badFilter,
  compareConstants,
  evaluateFunction,
  foldArithmetic,
  notImplemented,
} from './odata-literal-eval.js'
import type { ODataValue } from './odata-literal-eval.js'

/** What the translator needs besides the expression. */
export interface FilterTranslationContext {
  /** The entity type the filter runs on. */
  readonly type: ODataEntityType
  /** Parameter aliases of the request (`@p=...`), as raw expression text. */
  readonly aliases?: ReadonlyMap<string, string>
  /** The instant `now()` returns (fixed per request). */
  readonly now?: Date
  /** The query option named in errors (default `$filter`). */
  readonly option?: string
}

class Translator {
  readonly #option: string
  readonly #now: Date
  #aliasDepth = 0

  constructor(private readonly ctx: FilterTranslationContext) {
    this.#option = ctx.option ?? '$filter'
    this.#now = ctx.now ?? new Date()
  }

  truth(node: ODataNode): Truth {
    return this.asTruth(this.term(node), node)
  }

  asTruth(term: Term, node: ODataNode): Truth {
    switch (term.kind) {
      case 'truth':
        return term.truth
      case 'value':
        if (term.value.type === 'null') return constant(null)
        if (term.value.type === 'boolean') return constant(term.value.value)
        break
      case 'property':
        if (term.property.kind === 'boolean' && !term.property.collection) {
          const name = term.property.name
          return { t: { [name]: { $eq: true } }, f: { [name]: { $eq: false } } }
        }
        break
      default:
        break
    }
    throw badFilter(`${describe(node)} is not a boolean expression`, this.#option)
  }

  term(node: ODataNode): Term {
    switch (node.kind) {
      case 'literal':
        return { kind: 'value', value: literal(node, this.#option) }
      case 'alias':
        return this.#alias(node.name)
      case 'json':
        throw notImplemented('a JSON array or object literal', this.#option)
      case 'member':
        return { kind: 'property', property: this.property(node.path) }
      case 'list':
        return { kind: 'list', items: node.items.map((item) => this.constant(item, 'a list item')) }
      case 'negate': {
        const operand = this.term(node.operand)
        if (operand.kind !== 'value') throw notImplemented('negating a property', this.#option)
        return {
          kind: 'value',
          value: foldArithmetic('mul', operand.value, { type: 'int', value: -1 }, this.#option),
        }
      }
      case 'not':
        return { kind: 'truth', truth: not(this.truth(node.operand)) }
      case 'lambda':
        return { kind: 'truth', truth: lambdaTruth(node, this, this.#option) }
      case 'call':
        return this.#call(node)
      case 'binary':
        return this.#binary(node)
    }
  }

  /** A node that must be a constant. */
  constant(node: ODataNode, what: string): ODataValue {
    const term = this.term(node)
    if (term.kind !== 'value') throw notImplemented(`${what} that is not a constant`, this.#option)
    return term.value
  }

  property(path: readonly string[]): ODataProperty {
    const segments = path[0] === '$it' ? path.slice(1) : path
    const [name] = segments
    if (name === undefined || name.startsWith('$'))
      throw notImplemented(`the path ${path.join('/')}`, this.#option)
    if (this.ctx.type.navigations.has(name)) {
      throw notImplemented(`filtering through the navigation property '${name}'`, this.#option)
    }
    const property = this.ctx.type.properties.get(name)
    if (property === undefined) {
      throw new ObjectQLError(
        'INVALID_FIELD',
        `${this.#option}: '${this.ctx.type.name}' has no property '${name}'`,
        {
          details: { option: this.#option, object: this.ctx.type.name, fields: [name] },
        },
      )
    }
    if (segments.length > 1) throw notImplemented(`the path ${path.join('/')}`, this.#option)
    return property
  }

  #alias(name: string): Term {
    const text = this.ctx.aliases?.get(name)
    // An alias with no value is null (Part 2, "Parameter Aliases").
    if (text === undefined) return { kind: 'value', value: { type: 'null', value: null } }
    if (++this.#aliasDepth > 8)
      throw badFilter('parameter aliases refer to each other too deeply', this.#option)
    try {
      return this.term(parseODataExpression(text, `@${name}`))
    } finally {
      this.#aliasDepth--
    }
  }

  #binary(node: Extract<ODataNode, { kind: 'binary' }>): Term {
    const { op } = node
    if (op === 'and' || op === 'or') {
      const left = this.truth(node.left)
      const right = this.truth(node.right)
      return { kind: 'truth', truth: op === 'and' ? and(left, right) : or(left, right) }
    }
    if (op === 'has')
      throw badFilter("'has' needs an enumeration value; the model has none", this.#option)
    const left = this.term(node.left)
    const right = this.term(node.right)
    if (ARITHMETIC.has(op)) {
      if (left.kind !== 'value' || right.kind !== 'value') {
        throw notImplemented(`arithmetic ('${op}') on a property`, this.#option)
      }
      return { kind: 'value', value: foldArithmetic(op, left.value, right.value, this.#option) }
    }
    if (op === 'in') return { kind: 'truth', truth: this.#in(left, right) }
    if (COMPARISONS.has(op)) return { kind: 'truth', truth: this.#compare(op, left, right, node) }
    throw badFilter(`unknown operator '${op}'`, this.#option)
  }

  #compare(op: ODataBinaryOperator, left: Term, right: Term, node: ODataNode): Truth {
    if (left.kind === 'value') {
      if (right.kind === 'value') {
        return constant(compareConstants(op, left.value, right.value, this.#option))
      }
      return this.#compare(FLIPPED[op] ?? op, right, left, node)
    }
    if (right.kind !== 'value') {
      throw notImplemented(
        `comparing ${left.kind === 'property' ? 'two properties' : 'two expressions'}`,
        this.#option,
      )
    }
    const value = right.value
    if (left.kind === 'truth') {
      if ((op === 'eq' || op === 'ne') && (value.type === 'boolean' || value.type === 'null')) {
        return compareTruth(left.truth, op, value.value)
      }
      throw badFilter(
        `a boolean expression can only be compared with true, false or null`,
        this.#option,
      )
    }
    if (left.kind === 'function')
      return rangeTruth(op, left.name, left.property, value, this.#option)
    if (left.kind === 'list') throw badFilter('a list cannot be compared', this.#option)
    const property = left.property
    if (value.type === 'null') {
      if (property.collection)
        throw badFilter(`collection '${property.name}' is never null; use any()`, this.#option)
      if (op === 'eq' || op === 'ne') return twoValued({ [property.name]: { $null: op === 'eq' } })
      return constant(false)
    }
    const operand = this.operand(property, value)
    const leaf: FilterCondition = { [property.name]: { [OPERATOR[op] ?? '$eq']: operand } }
    return twoValued(leaf)
  }

  /** The kernel operand for comparing `property` with a constant; 400 when the types misfit. */
  operand(property: ODataProperty, value: ODataValue): string | number | boolean {
    return operandFor(property, value, this.#option)
  }

  #in(left: Term, right: Term): Truth {
    if (right.kind === 'value') throw badFilter("'in' needs a list: x in (a, b)", this.#option)
    if (right.kind !== 'list') {
      throw notImplemented("'in' with anything but a literal list", this.#option)
    }
    if (left.kind === 'value') {
      return constant(
        right.items.some((item) => compareConstants('eq', left.value, item, this.#option)),
      )
    }
    if (left.kind !== 'property') throw notImplemented("'in' on a computed value", this.#option)
    if (right.items.length === 0) return constant(false)
    const values = right.items.map((item) =>
      item.type === 'null' ? null : this.operand(left.property, item),
    )
    return {
      t: { [left.property.name]: { $in: values } },
      f: { [left.property.name]: { $nin: values } },
    }
  }

  #call(node: Extract<ODataNode, { kind: 'call' }>): Term {
    const { name } = node
    if (!CANONICAL.has(name)) {
      if (name.includes('.')) throw notImplemented(`the function ${name}()`, this.#option)
      throw badFilter(`unknown function ${name}()`, this.#option)
    }
    const args = node.args.map((arg) => this.term(arg))
    if (args.every((arg) => arg.kind === 'value')) {
      const values = args.map((arg) =>
        arg.kind === 'value' ? arg.value : { type: 'null' as const, value: null },
      )
      const value = evaluateFunction(name, values, this.#now, this.#option)
      return value.type === 'boolean' || value.type === 'null'
        ? { kind: 'truth', truth: constant(value.value) }
        : { kind: 'value', value }
    }
    const [first, second] = args
    const test = TEXT_TESTS[name]
    if (
      test !== undefined &&
      args.length === 2 &&
      first?.kind === 'property' &&
      second?.kind === 'value'
    ) {
      const property = first.property
      if (second.value.type === 'null') return { kind: 'truth', truth: constant(null) }
      if (property.kind !== 'string' && property.kind !== 'scalar') {
        throw badFilter(
          `${name}() takes a string; '${property.name}' is ${property.edmType}`,
          this.#option,
        )
      }
      if (property.collection)
        throw badFilter(
          `${name}() takes a string; '${property.name}' is a collection`,
          this.#option,
        )
      if (second.value.type !== 'string')
        throw badFilter(`${name}() takes a string to look for`, this.#option)
      const t: FilterCondition = { [property.name]: { [test]: second.value.value } }
      const notNull: FilterCondition = { [property.name]: { $null: false } }
      const f = all([notNull, { $not: t }])
      return { kind: 'truth', truth: { t, f } }
    }
    if (RANGE_FUNCTIONS.has(name) && args.length === 1 && first?.kind === 'property') {
      return { kind: 'function', name, property: first.property }
    }
    throw notImplemented(`${name}() on a property`, this.#option)
  }
}

/** The translator's surface used by lambda translation (odata-filter-ranges.ts). */
export type FilterTranslator = Pick<Translator, 'term' | 'constant' | 'property' | 'operand'>

/**
 * Translates a parsed `$filter` to the kernel's FilterCondition, exactly or not at all:
 * comparisons of a property with a constant (either side), `in` lists, `contains`,
 * `startswith`, `endswith`, `and`/`or`/`not` with OData's three-valued logic (see
 * odata-filter-logic.ts), constant folding of arithmetic and canonical functions on literals,
 * `year(p)` and `date(p)` compared with constants (rewritten as ranges on `p`), and `any`/`all`
 * over primitive collections when the predicate is a set of equalities. Everything the
 * canonical AST cannot express exactly (arithmetic or `tolower` on a property, comparing two
 * properties, navigation paths, lambdas over anything else) fails with `NOT_SUPPORTED` (501):
 * never a wider or narrower result. Type misfits and unknown properties are 400
 * (`INVALID_FILTER`, `INVALID_FIELD`).
 *
 * @returns the condition, or `undefined` when the filter keeps every record.
 */
export function translateFilter(
  node: ODataNode,
  ctx: FilterTranslationContext,
): FilterCondition | undefined {
  return toFilter(new Translator(ctx).truth(node))
}

/** Parses and translates a `$filter` text. */
export function translateFilterText(
  text: string,
  ctx: FilterTranslationContext,
): FilterCondition | undefined {
  return translateFilter(parseODataExpression(text, ctx.option ?? '$filter'), ctx)
}
