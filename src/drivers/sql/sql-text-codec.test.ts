import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareCodePoints } from './sql-reference-model.test-utils.js'
import { decodeNul, decodeTagged, encodeNul, encodeTagged, escapeLike } from './sql-text-codec.js'

const SEED = 1337
const identity = (s: string): string => s
// Strings dense in the characters the NUL code rewrites.
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\u0000', '\u0001', '\u0002', 'a', '\u0003'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
})
const bytes = (s: string): Buffer => Buffer.from(s, 'utf8')
const sign = (n: number): number => Math.sign(n)

describe('NUL code (PostgreSQL text)', () => {
  it('never produces U+0000 and decodes back exactly', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(encodeNul(s).includes('\u0000')).toBe(false)
        expect(decodeNul(encodeNul(s))).toBe(s)
      }),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('keeps code point order as byte order (COLLATE "C")', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(sign(Buffer.compare(bytes(encodeNul(a)), bytes(encodeNul(b))))).toBe(
          sign(compareCodePoints(a, b)),
        )
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })

  it('keeps substring, prefix and suffix tests exact (comma-free code)', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const [x, y] = [encodeNul(a), encodeNul(b)]
        expect(x.includes(y)).toBe(a.includes(b))
        expect(x.startsWith(y)).toBe(a.startsWith(b))
        expect(x.endsWith(y)).toBe(a.endsWith(b))
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })
})

describe('tagged scalars', () => {
  it('round-trip and order numbers numerically', () => {
    const number = fc.double({ noNaN: true, noDefaultInfinity: true })
    fc.assert(
      fc.property(number, number, (a, b) => {
        expect(decodeTagged(encodeTagged(a, identity), identity)).toBe(a === 0 ? 0 : a)
        const byBytes = Buffer.compare(
          bytes(encodeTagged(a, identity)),
          bytes(encodeTagged(b, identity)),
        )
        expect(sign(byBytes)).toBe(a === b ? 0 : a < b ? -1 : 1)
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })

  it('round-trip strings and booleans, ordered booleans < numbers < strings', () => {
    for (const value of ['', 'n:1', 'b:1', true, false, 'x\u0000']) {
      expect(decodeTagged(encodeTagged(value, encodeNul), decodeNul)).toBe(value)
    }
    const ordered = [false, true, -1, 0, 2, '', 'a'].map((v) => encodeTagged(v, identity))
    expect([...ordered].sort((a, b) => Buffer.compare(bytes(a), bytes(b)))).toEqual(ordered)
  })
})

describe('escapeLike', () => {
  it('escapes the escape character, wildcards and SQL Server brackets', () => {
    expect(escapeLike('100%_![x]')).toBe('100!%!_!!![x]')
  })
})
