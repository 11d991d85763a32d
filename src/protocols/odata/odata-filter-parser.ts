import { ObjectQLError } from '../../kernel/errors.js'
import { syntaxError, tokenize } from './odata-filter-lexer.js'
import type { ODataLiteralType, ODataToken } from './odata-filter-lexer.js'

/** Binary operators of OData expressions. */
export type ODataBinaryOperator =
  | 'or'
  | 'and'
  | 'eq'
  | 'ne'
  | 'gt'
  | 'ge'
  | 'lt'
  | 'le'
  | 'has'
  | 'in'
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'divby'
  | 'mod'

/** The AST of an OData common expression. */
export type ODataNode =
  | { readonly kind: 'literal'; readonly type: ODataLiteralType; readonly text: string }
  | { readonly kind: 'member'; readonly path: readonly string[] }
  | { readonly kind: 'alias'; readonly name: string }
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'not'; readonly operand: ODataNode }
  | { readonly kind: 'negate'; readonly operand: ODataNode }
  | {
      readonly kind: 'binary'
      readonly op: ODataBinaryOperator
      readonly left: ODataNode
      readonly right: ODataNode
    }
  | { readonly kind: 'list'; readonly items: readonly ODataNode[] }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly ODataNode[] }
  | {
      readonly kind: 'lambda'
      readonly op: 'any' | 'all'
      readonly collection: readonly string[]
      readonly variable?: string
      readonly predicate?: ODataNode
    }

/**
 * Binding strength of the binary operators, from OData's precedence table (Part 2, "Operator
 * Precedence"): `or` < `and` < equality (`eq ne`) < relational (`gt ge lt le`, and `has`/`in`,
 * which the ABNF puts beside the comparisons) < additive < multiplicative. Unary `not` and `-`
 * bind tighter than every binary operator. Upstream splits on ` and ` before ` or `, which makes
 * `or` bind tighter than `and`; this parser does not repeat that.
 */
export const PRECEDENCE: Readonly<Record<ODataBinaryOperator, number>> = {
  or: 1,
  and: 2,
  eq: 3,
  ne: 3,
  gt: 4,
  ge: 4,
  lt: 4,
  le: 4,
  has: 4,
  in: 4,
  add: 5,
  sub: 5,
  mul: 6,
  div: 6,
  divby: 6,
  mod: 6,
}

/** Deepest nesting of parentheses, unary operators and calls one expression may have. */
export const MAX_FILTER_NESTING = 64

class Parser {
  #index = 0
  #depth = 0

  constructor(
    private readonly tokens: readonly ODataToken[],
    private readonly option: string,
  ) {}

  parse(): ODataNode {
    const node = this.#expression(0)
    const rest = this.#peek()
    if (rest.kind !== 'end') throw this.#error(`unexpected '${describe(rest)}'`, rest)
    return node
  }

  #peek(offset = 0): ODataToken {
    return this.tokens[this.#index + offset] ?? { kind: 'end', pos: -1 }
  }

  #next(): ODataToken {
    const token = this.#peek()
    this.#index++
    return token
  }

  #error(message: string, token: ODataToken): ObjectQLError {
    return syntaxError(message, token.pos, this.option)
  }

  #expect(text: string): void {
    const token = this.#next()
    if (token.kind !== 'punct' || token.text !== text) {
      throw this.#error(`expected '${text}' but found '${describe(token)}'`, token)
    }
  }

  #isPunct(text: string, offset = 0): boolean {
    const token = this.#peek(offset)
    return token.kind === 'punct' && token.text === text
  }

  #enter(token: ODataToken): void {
    if (++this.#depth > MAX_FILTER_NESTING) {
      throw new ObjectQLError(
        'LIMIT_EXCEEDED',
        `${this.option} nests deeper than ${MAX_FILTER_NESTING} levels`,
        { details: { option: this.option, limit: 'nesting', position: token.pos } },
      )
    }
  }

  #operator(): ODataBinaryOperator | undefined {
    const token = this.#peek()
    if (token.kind !== 'identifier') return undefined
    const op = token.text.toLowerCase()
    return Object.hasOwn(PRECEDENCE, op) ? (op as ODataBinaryOperator) : undefined
  }

  #expression(minimum: number): ODataNode {
    let left = this.#unary()
    for (;;) {
      const op = this.#operator()
      if (op === undefined || PRECEDENCE[op] < minimum) return left
      this.#next()
      // Left-associative: the right operand binds strictly tighter. `in (x)` is a list of one.
      const right =
        op === 'in' && this.#isPunct('(') ? this.#list() : this.#expression(PRECEDENCE[op] + 1)
      left = { kind: 'binary', op, left, right }
    }
  }

  #unary(): ODataNode {
    const token = this.#peek()
    this.#enter(token)
    try {
      if (token.kind === 'identifier' && token.text.toLowerCase() === 'not') {
        this.#next()
        return { kind: 'not', operand: this.#unary() }
      }
      if (token.kind === 'punct' && token.text === '-') {
        this.#next()
        return { kind: 'negate', operand: this.#unary() }
      }
      return this.#primary()
    } finally {
      this.#depth--
    }
  }

  #primary(): ODataNode {
    const token = this.#next()
    switch (token.kind) {
      case 'literal':
        return { kind: 'literal', type: token.type, text: token.text }
      case 'alias':
        return { kind: 'alias', name: token.text }
      case 'json':
        return { kind: 'json', text: token.text }
      case 'punct':
        if (token.text === '(') return this.#parenthesised()
        throw this.#error(`unexpected '${token.text}'`, token)
      case 'identifier':
        if (this.#isPunct('(')) return this.#call(token.text)
        return this.#member(token.text)
      case 'end':
        throw this.#error('the expression ends too early', token)
    }
  }

  #parenthesised(): ODataNode {
    if (this.#isPunct(')')) {
      this.#next()
      return { kind: 'list', items: [] }
    }
    const first = this.#expression(0)
    if (!this.#isPunct(',')) {
      this.#expect(')')
      return first
    }
    const items = [first]
    while (this.#isPunct(',')) {
      this.#next()
      items.push(this.#expression(0))
    }
    this.#expect(')')
    return { kind: 'list', items }
  }

  #list(): ODataNode {
    this.#expect('(')
    const items: ODataNode[] = []
    if (!this.#isPunct(')')) {
      items.push(this.#expression(0))
      while (this.#isPunct(',')) {
        this.#next()
        items.push(this.#expression(0))
      }
    }
    this.#expect(')')
    return { kind: 'list', items }
  }

  #call(name: string): ODataNode {
    this.#expect('(')
    const args: ODataNode[] = []
    if (!this.#isPunct(')')) {
      args.push(this.#expression(0))
      while (this.#isPunct(',')) {
        this.#next()
        args.push(this.#expression(0))
      }
    }
    this.#expect(')')
    return { kind: 'call', name: name.toLowerCase(), args }
  }

  #member(first: string): ODataNode {
    const path = [first]
    while (this.#isPunct('/')) {
      this.#next()
      const segment = this.#next()
      if (segment.kind !== 'identifier') {
        throw this.#error(`expected a property name after '/'`, segment)
      }
      const lower = segment.text.toLowerCase()
      if ((lower === 'any' || lower === 'all') && this.#isPunct('(')) {
        return this.#lambda(lower, path)
      }
      path.push(segment.text)
    }
    return { kind: 'member', path }
  }

  #lambda(op: 'any' | 'all', collection: readonly string[]): ODataNode {
    this.#expect('(')
    if (this.#isPunct(')')) {
      this.#next()
      if (op === 'all') throw this.#error('all() needs a lambda predicate', this.#peek())
      return { kind: 'lambda', op, collection }
    }
    const variable = this.#next()
    if (variable.kind !== 'identifier' || variable.text.startsWith('$')) {
      throw this.#error('expected a lambda variable name', variable)
    }
    this.#expect(':')
    const predicate = this.#expression(0)
    this.#expect(')')
    return { kind: 'lambda', op, collection, variable: variable.text, predicate }
  }
}

function describe(token: ODataToken): string {
  return token.kind === 'end' ? 'end of expression' : token.text
}

/**
 * Parses an OData common expression (`$filter`, `$orderby` items, alias values) into an AST,
 * with OData's precedence and left associativity:
 * `a eq 1 or b eq 2 and c eq 3` is `a eq 1 or (b eq 2 and c eq 3)`, `not a eq b` is
 * `(not a) eq b`, `1 add 2 mul 3` is `1 add (2 mul 3)`. Keywords and function names are
 * case-insensitive, as ABNF string literals are. Parenthesised comma lists (`in (1, 2)`) become
 * `list` nodes; lambdas `tags/any(t: t eq 'x')` become `lambda` nodes.
 *
 * @throws ObjectQLError `INVALID_FILTER` for syntax errors (with the position),
 *   `LIMIT_EXCEEDED` for more than 2000 tokens or nesting deeper than 64.
 */
export function parseODataExpression(text: string, option = '$filter'): ODataNode {
  if (text.trim() === '') throw syntaxError('the expression is empty', 0, option)
  return new Parser(tokenize(text, option), option).parse()
}
