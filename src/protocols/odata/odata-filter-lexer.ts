import { ObjectQLError } from '../../kernel/errors.js'

/** The kinds of literal the OData ABNF defines that the tokenizer recognises. */
export type ODataLiteralType =
  | 'null'
  | 'boolean'
  | 'int'
  | 'decimal'
  | 'double'
  | 'string'
  | 'date'
  | 'datetime'
  | 'time'
  | 'guid'
  | 'duration'
  | 'typed'

/** One token of an OData expression. */
export type ODataToken =
  | {
      readonly kind: 'literal'
      readonly type: ODataLiteralType
      readonly text: string
      readonly pos: number
    }
  | { readonly kind: 'identifier'; readonly text: string; readonly pos: number }
  | { readonly kind: 'alias'; readonly text: string; readonly pos: number }
  | {
      readonly kind: 'punct'
      readonly text: '(' | ')' | ',' | '/' | ':' | '-'
      readonly pos: number
    }
  | { readonly kind: 'json'; readonly text: string; readonly pos: number }
  | { readonly kind: 'end'; readonly pos: number }

/** Most tokens one expression may have; longer expressions are refused before parsing. */
export const MAX_FILTER_TOKENS = 2000

const DATE = '\\d{4}-\\d{2}-\\d{2}'
const TIME = '\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,12})?)?'
const PATTERNS: readonly [ODataLiteralType, RegExp][] = [
  ['guid', /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![\w-])/],
  ['datetime', new RegExp(`^${DATE}T${TIME}(?:Z|z|[+-]\\d{2}:\\d{2})(?![\\w:.])`)],
  ['date', new RegExp(`^${DATE}(?![\\w:.-])`)],
  ['time', new RegExp(`^${TIME}(?![\\w:.])`)],
  ['double', /^-?(?:\d+(?:\.\d+)?[eE][+-]?\d+|INF|NaN)(?![\w.])/],
  ['decimal', /^-?\d+\.\d+(?![\w.])/],
  ['int', /^-?\d+(?![\w.])/],
]
const IDENTIFIER = /^\$?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/

/** An `INVALID_FILTER` error pointing at a position of the expression. */
export function syntaxError(message: string, pos: number, option = '$filter'): ObjectQLError {
  return new ObjectQLError('INVALID_FILTER', `${option}: ${message} (at position ${pos})`, {
    details: { option, position: pos },
  })
}

function readString(text: string, start: number): { value: string; end: number } {
  let value = ''
  let i = start + 1
  for (;;) {
    const next = text.indexOf("'", i)
    if (next < 0) throw syntaxError('unterminated string literal', start)
    value += text.slice(i, next)
    if (text[next + 1] === "'") {
      value += "'"
      i = next + 2
    } else {
      return { value, end: next + 1 }
    }
  }
}

function readJson(text: string, start: number): number {
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '[' || c === '{') depth++
    else if (c === ']' || c === '}') {
      depth--
      if (depth === 0) return i + 1
    }
  }
  throw syntaxError('unterminated JSON literal', start)
}

/**
 * Splits an OData expression into tokens, following the ABNF's literal forms: single-quoted
 * strings with `''` for a quote, integers, decimals and doubles (`INF`, `NaN`, exponents), dates,
 * date-times with an offset, times of day, GUIDs, typed literals (`duration'P1D'`,
 * `Namespace.Color'Red'`), `@alias`, JSON arrays and objects, identifiers (`$it`, qualified
 * names) and punctuation. A `-` not followed by a number is the negation operator.
 *
 * @throws ObjectQLError `INVALID_FILTER` (unexpected character, unterminated literal) or
 *   `LIMIT_EXCEEDED` (more than {@link MAX_FILTER_TOKENS} tokens).
 */
export function tokenize(text: string, option = '$filter'): ODataToken[] {
  const tokens: ODataToken[] = []
  let i = 0
  while (i < text.length) {
    if (tokens.length >= MAX_FILTER_TOKENS) {
      throw new ObjectQLError(
        'LIMIT_EXCEEDED',
        `${option} has more than ${MAX_FILTER_TOKENS} tokens`,
        {
          details: { option, limit: 'tokens', max: MAX_FILTER_TOKENS },
        },
      )
    }
    const c = text[i] ?? ''
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
      continue
    }
    const rest = text.slice(i, i + 64)
    if (c === "'") {
      const { value, end } = readString(text, i)
      tokens.push({ kind: 'literal', type: 'string', text: value, pos: i })
      i = end
      continue
    }
    if (c === '[' || c === '{') {
      const end = readJson(text, i)
      tokens.push({ kind: 'json', text: text.slice(i, end), pos: i })
      i = end
      continue
    }
    const literal = PATTERNS.find(([, pattern]) => pattern.test(rest))
    if (literal !== undefined) {
      const match = literal[1].exec(rest)?.[0] ?? ''
      tokens.push({ kind: 'literal', type: literal[0], text: match, pos: i })
      i += match.length
      continue
    }
    if (c === '(' || c === ')' || c === ',' || c === '/' || c === ':' || c === '-') {
      tokens.push({ kind: 'punct', text: c, pos: i })
      i++
      continue
    }
    if (c === '@') {
      const name = IDENTIFIER.exec(text.slice(i + 1))?.[0]
      if (name === undefined || name.startsWith('$'))
        throw syntaxError("'@' must start an alias name", i, option)
      tokens.push({ kind: 'alias', text: name, pos: i })
      i += 1 + name.length
      continue
    }
    const word = IDENTIFIER.exec(text.slice(i))?.[0]
    if (word === undefined) throw syntaxError(`unexpected character '${c}'`, i, option)
    if (text[i + word.length] === "'") {
      // A typed literal: duration'P1D', binary'..', geography'..', Namespace.Enum'Member'.
      const { value, end } = readString(text, i + word.length)
      const type: ODataLiteralType = word.toLowerCase() === 'duration' ? 'duration' : 'typed'
      tokens.push({ kind: 'literal', type, text: `${word}'${value}'`, pos: i })
      i = end
      continue
    }
    const lower = word.toLowerCase()
    if (lower === 'null') tokens.push({ kind: 'literal', type: 'null', text: 'null', pos: i })
    else if (lower === 'true' || lower === 'false') {
      tokens.push({ kind: 'literal', type: 'boolean', text: lower, pos: i })
    } else tokens.push({ kind: 'identifier', text: word, pos: i })
    i += word.length
  }
  tokens.push({ kind: 'end', pos: text.length })
  return tokens
}
