import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  compareCodePoints,
  compareDateValues,
  compareValues,
  parseIsoInstant,
  valueKey,
  valuesEqual,
} from './value-compare.js'

const SEED = 4242

/** The obviously-correct reading of "by code point": compare arrays of code points. */
function naiveCodePointOrder(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0)
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] ?? 0) < (y[i] ?? 0) ? -1 : 1
  }
  return Math.sign(x.length - y.length)
}

describe('compareCodePoints', () => {
  it('orders an astral character (emoji) after U+FFFD, unlike UTF-16 code unit order', () => {
    const emoji = '\u{1F600}'
    const replacement = '\uFFFD'
    expect(emoji < replacement).toBe(true) // what plain `<` does: code units
    expect(compareCodePoints(emoji, replacement)).toBeGreaterThan(0)
    expect(compareCodePoints('\uE000', '\u{10000}')).toBeLessThan(0)
  })

  it('is not locale collation: uppercase sorts before lowercase, accents after ASCII', () => {
    expect(compareCodePoints('B', 'a')).toBeLessThan(0)
    expect('B'.localeCompare('a')).toBeGreaterThan(0)
    expect(compareCodePoints('é', 'z')).toBeGreaterThan(0)
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0)
    expect(compareCodePoints('', 'a')).toBeLessThan(0)
  })

  it('agrees with a naive code point comparison on arbitrary unicode strings', () => {
    // ASCII, the top of the BMP and astral planes: where code unit and code point order differ.
    const char = fc
      .oneof(
        fc.integer({ min: 0x20, max: 0x7e }),
        fc.integer({ min: 0xe000, max: 0xffff }),
        fc.integer({ min: 0x10000, max: 0x10ffff }),
      )
      .map((codePoint) => String.fromCodePoint(codePoint))
    const text = fc.string({ unit: char, maxLength: 6 })
    fc.assert(
      fc.property(
        text,
        text,
        (a, b) => Math.sign(compareCodePoints(a, b)) === naiveCodePointOrder(a, b),
      ),
      { seed: SEED, numRuns: 1000 },
    )
  })
})

describe('compareValues', () => {
  it('puts null and missing first, equal to each other', () => {
    expect(compareValues(null, undefined)).toBe(0)
    for (const value of [false, -1e9, '', [], {}]) {
      expect(compareValues(null, value)).toBeLessThan(0)
      expect(compareValues(value, undefined)).toBeGreaterThan(0)
    }
  })

  it('orders numbers numerically, booleans false < true', () => {
    expect(compareValues(9, 10)).toBeLessThan(0)
    expect(compareValues(-2.5, -2)).toBeLessThan(0)
    expect(compareValues(false, true)).toBeLessThan(0)
    expect(compareValues(true, true)).toBe(0)
  })

  it('orders types null < boolean < number < string < array < object', () => {
    const ordered = [null, true, 3, 'x', ['a'], { a: 1 }]
    const shuffled = [{ a: 1 }, 'x', null, ['a'], 3, true]
    expect(shuffled.sort(compareValues)).toEqual(ordered)
  })

  it('is antisymmetric and transitive on mixed values', () => {
    const value = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -5, max: 5 }),
      fc.string({ maxLength: 3 }),
      fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
    )
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        expect(Math.sign(compareValues(a, b))).toBe(-Math.sign(compareValues(b, a)) || 0)
        if (compareValues(a, b) <= 0 && compareValues(b, c) <= 0) {
          expect(compareValues(a, c)).toBeLessThanOrEqual(0)
        }
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })
})

describe('compareDateValues', () => {
  it('compares same-shape ISO strings chronologically', () => {
    expect(compareDateValues('2024-01-02T00:00:00.000Z', '2024-01-10T00:00:00.000Z')).toBeLessThan(
      0,
    )
    expect(compareDateValues('2023-12-31', '2024-01-01')).toBeLessThan(0)
  })

  it('compares a date with a datetime and different precisions chronologically', () => {
    expect(compareDateValues('2024-01-01', '2024-01-01T00:00:00.000Z')).toBe(0)
    expect(compareDateValues('2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z')).toBe(0)
    expect(compareDateValues('2024-01-01T00:00:00.5Z', '2024-01-01T00:00:00.123Z')).toBeGreaterThan(
      0,
    )
    expect(compareDateValues('2024-01-01T10:00:00+05:00', '2024-01-01T06:00:00Z')).toBeLessThan(0)
    expect(compareDateValues('2024-01-02', '2024-01-01T23:59:59.999Z')).toBeGreaterThan(0)
  })

  it('reads a datetime without a zone as UTC, and non-dates by code point', () => {
    expect(parseIsoInstant('2024-01-01T00:00:00')).toBe(Date.UTC(2024, 0, 1))
    expect(Number.isNaN(parseIsoInstant('tomorrow'))).toBe(true)
    expect(compareDateValues('b', 'a')).toBeGreaterThan(0)
    expect(compareDateValues(null, '2024-01-01')).toBeLessThan(0)
  })

  it('agrees with Date order on generated UTC datetimes of mixed shapes', () => {
    const instant = fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2200-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    fc.assert(
      fc.property(instant, instant, fc.boolean(), (a, b, short) => {
        const left = a.toISOString()
        const right = short ? b.toISOString().replace('.000Z', 'Z') : b.toISOString()
        const expected = Math.sign(a.getTime() - b.getTime())
        expect(Math.sign(compareDateValues(left, right))).toBe(expected)
      }),
      { seed: SEED, numRuns: 500 },
    )
  })
})

describe('valuesEqual and valueKey', () => {
  it('is type-strict for scalars and deep for arrays and objects', () => {
    expect(valuesEqual(1, '1')).toBe(false)
    expect(valuesEqual(true, 1)).toBe(false)
    expect(valuesEqual(null, undefined)).toBe(true)
    expect(valuesEqual(['a', 'b'], ['a', 'b'])).toBe(true)
    expect(valuesEqual(['a', 'b'], ['b', 'a'])).toBe(false)
    expect(valuesEqual({ a: 1, b: [1] }, { b: [1], a: 1 })).toBe(true)
    expect(valuesEqual({ a: 1 }, { a: 1, b: null })).toBe(true)
    expect(valuesEqual({ a: 1 }, [1])).toBe(false)
  })

  it('gives equal keys exactly to equal values', () => {
    const value = fc.jsonValue({ maxDepth: 2 })
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(valueKey(a) === valueKey(b)).toBe(valuesEqual(a, b))
        expect(valueKey(a)).toBe(valueKey(structuredClone(a)))
      }),
      { seed: SEED, numRuns: 1000 },
    )
  })
})
