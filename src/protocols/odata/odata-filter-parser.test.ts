import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasErrorCode, isObjectQLError } from '../../kernel/errors.js'
import { tokenize } from './odata-filter-lexer.js'
import { parseODataExpression } from './odata-filter-parser.js'
import type { ODataNode } from './odata-filter-parser.js'

/** The AST fully parenthesised, so precedence is visible in one string. */
function show(node: ODataNode): string {
  switch (node.kind) {
    case 'literal':
      return node.type === 'string' ? `'${node.text}'` : `${node.text}:${node.type}`
    case 'member':
      return node.path.join('/')
    case 'alias':
      return `@${node.name}`
    case 'json':
      return `json${node.text}`
    case 'not':
      return `(not ${show(node.operand)})`
    case 'negate':
      return `(-${show(node.operand)})`
    case 'binary':
      return `(${show(node.left)} ${node.op} ${show(node.right)})`
    case 'list':
      return `[${node.items.map(show).join(', ')}]`
    case 'call':
      return `${node.name}(${node.args.map(show).join(', ')})`
    case 'lambda':
      return `${node.collection.join('/')}/${node.op}(${node.variable ?? ''}${node.predicate === undefined ? '' : `: ${show(node.predicate)}`})`
  }
}

const parsed = (text: string) => show(parseODataExpression(text))

function errorCode(text: string): string | undefined {
  try {
    parseODataExpression(text)
  } catch (error) {
    return isObjectQLError(error) ? error.code : 'uncoded'
  }
  return undefined
}

describe('OData $filter precedence (Part 2 operator precedence)', () => {
  it('binds and tighter than or (unlike upstream)', () => {
    expect(parsed('a eq 1 or b eq 2 and c eq 3')).toBe(
      '((a eq 1:int) or ((b eq 2:int) and (c eq 3:int)))',
    )
    expect(parsed('a eq 1 and b eq 2 or c eq 3')).toBe(
      '(((a eq 1:int) and (b eq 2:int)) or (c eq 3:int))',
    )
  })

  it('binds not tighter than comparisons, and parentheses override', () => {
    expect(parsed('not a eq true')).toBe('((not a) eq true:boolean)')
    expect(parsed('not (a eq 1) and b')).toBe('((not (a eq 1:int)) and b)')
    expect(parsed("not contains(title,'x')")).toBe("(not contains(title, 'x'))")
  })

  it('orders arithmetic above comparison, multiplicative above additive, left-associative', () => {
    expect(parsed('a add 2 mul 3 gt 4')).toBe('((a add (2:int mul 3:int)) gt 4:int)')
    expect(parsed('a sub 1 sub 2 eq 0')).toBe('(((a sub 1:int) sub 2:int) eq 0:int)')
    expect(parsed('a div 2 mod 3 eq b divby 4')).toBe(
      '(((a div 2:int) mod 3:int) eq (b divby 4:int))',
    )
    expect(parsed('-a gt -5')).toBe('((-a) gt -5:int)')
    expect(parsed('a gt b eq true')).toBe('((a gt b) eq true:boolean)')
  })

  it('is case-insensitive in keywords and function names, as ABNF literals are', () => {
    expect(parsed("A EQ 1 AND contains(B, 'x') Or NOT c")).toBe(
      "(((A eq 1:int) and contains(B, 'x')) or (not c))",
    )
    expect(parsed('x eq NULL')).toBe('(x eq null:null)')
  })
})

describe('OData literals', () => {
  it('reads strings with doubled quotes, including empty ones', () => {
    expect(parsed("name eq 'O''Neil'")).toBe("(name eq 'O'Neil')")
    expect(parsed("name eq ''")).toBe("(name eq '')")
    expect(parsed("name eq ''''")).toBe("(name eq ''')")
    expect(parsed("contains(name, 'and or not eq')")).toBe("contains(name, 'and or not eq')")
  })

  it('reads numbers, null, booleans, dates, date-times, times and GUIDs', () => {
    expect(parsed('a eq -12')).toBe('(a eq -12:int)')
    expect(parsed('a eq 1.50')).toBe('(a eq 1.50:decimal)')
    expect(parsed('a eq 1e3 or a eq -INF or a eq NaN')).toBe(
      '(((a eq 1e3:double) or (a eq -INF:double)) or (a eq NaN:double))',
    )
    expect(parsed('a eq null and b eq false')).toBe('((a eq null:null) and (b eq false:boolean))')
    expect(parsed('d ge 2024-02-29')).toBe('(d ge 2024-02-29:date)')
    expect(parsed('d lt 2024-02-29T10:20:30.5+01:00')).toBe(
      '(d lt 2024-02-29T10:20:30.5+01:00:datetime)',
    )
    expect(parsed('t eq 12:30:00')).toBe('(t eq 12:30:00:time)')
    expect(parsed('id eq 01234567-89ab-cdef-0123-456789ABCDEF')).toBe(
      '(id eq 01234567-89ab-cdef-0123-456789ABCDEF:guid)',
    )
    expect(parsed("d eq duration'P1D'")).toBe("(d eq duration'P1D':duration)")
  })

  it('parses in-lists, functions, aliases, paths and lambdas', () => {
    expect(parsed("s in ('a', 'b') and n in (1)")).toBe("((s in ['a', 'b']) and (n in [1:int]))")
    expect(parsed('s in ()')).toBe('(s in [])')
    expect(parsed("concat(concat(a, ', '), b) eq @p")).toBe("(concat(concat(a, ', '), b) eq @p)")
    expect(parsed('year(d) eq 2024 and now() gt d')).toBe(
      '((year(d) eq 2024:int) and (now() gt d))',
    )
    expect(parsed("$it/title eq 'x'")).toBe("($it/title eq 'x')")
    expect(parsed("tags/any(t: t eq 'a' or t eq 'b')")).toBe(
      "tags/any(t: ((t eq 'a') or (t eq 'b')))",
    )
    expect(parsed('tags/any()')).toBe('tags/any()')
    expect(parsed("tags/all(t:t ne 'x')")).toBe("tags/all(t: (t ne 'x'))")
  })
})

describe('OData $filter syntax errors', () => {
  it('rejects malformed expressions with INVALID_FILTER and a position', () => {
    for (const text of [
      '',
      'a eq',
      "a eq 'x",
      'a eq 1)',
      '(a eq 1',
      'a eq eq 1',
      'contains(a,',
      'a eq 1 2',
      '#',
      'a/any(: x)',
      'a/all()',
      'a eq 12abc',
    ]) {
      expect(errorCode(text), text).toBe('INVALID_FILTER')
    }
    try {
      parseODataExpression("a eq 'x' and")
    } catch (error) {
      expect(error).toMatchObject({ details: { option: '$filter', position: 12 } })
    }
  })

  it('refuses huge or deeply nested input with LIMIT_EXCEEDED instead of overflowing', () => {
    expect(errorCode('not '.repeat(5000) + 'a')).toBe('LIMIT_EXCEEDED')
    expect(errorCode('('.repeat(5000) + 'a' + ')'.repeat(5000))).toBe('LIMIT_EXCEEDED')
    expect(errorCode(Array.from({ length: 1500 }, (_, i) => `a eq ${i}`).join(' or '))).toBe(
      'LIMIT_EXCEEDED',
    )
  })

  it('never throws anything but a coded 400 for arbitrary text (fast-check)', () => {
    const pieces = fc.constantFrom(
      'a',
      'eq',
      'and',
      'or',
      'not',
      '(',
      ')',
      ',',
      "'",
      "''",
      '1',
      '-',
      '/',
      'any',
      ':',
      'x',
      'in',
      '@p',
      '2020-01-01',
      '[',
      ']',
      ' ',
      'contains',
      'add',
    )
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.array(pieces, { maxLength: 25 }).map((p) => p.join(' ')),
        ),
        (text) => {
          try {
            tokenize(text)
            parseODataExpression(text)
          } catch (error) {
            expect(
              hasErrorCode(error, 'INVALID_FILTER') || hasErrorCode(error, 'LIMIT_EXCEEDED'),
              String(error),
            ).toBe(true)
          }
        },
      ),
      { numRuns: 1000, seed: 20260302 },
    )
  })
})
