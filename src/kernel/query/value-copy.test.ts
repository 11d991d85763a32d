import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import { deepCopy } from './value-copy.js'

describe('deepCopy', () => {
  it('copies JSON-like values deeply and equal', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        const copy = deepCopy(value)
        expect(copy).toEqual(value)
        if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value)
      }),
      { seed: 11, numRuns: 300 },
    )
  })

  it('shares no nested reference with the original', () => {
    const original = { a: { b: [1, { c: 2 }] } }
    const copy = deepCopy(original)
    ;(copy.a.b[1] as { c: number }).c = 99
    copy.a.b.push(3)
    expect(original).toEqual({ a: { b: [1, { c: 2 }] } })
  })

  it('keeps a __proto__ key as a plain key and copies other objects with structuredClone', () => {
    const copy = deepCopy(JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>)
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.keys(copy)).toEqual(['__proto__'])
    const date = new Date(0)
    const copiedDate = deepCopy({ when: date }).when
    expect(copiedDate).toEqual(date)
    expect(copiedDate).not.toBe(date)
  })

  it('refuses functions, symbols and cycles with VALIDATION_FAILED', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    for (const value of [() => 1, Symbol('s'), cyclic, { nested: [() => 2] }]) {
      let thrown: unknown
      try {
        deepCopy(value)
      } catch (error) {
        thrown = error
      }
      expect(hasErrorCode(thrown, 'VALIDATION_FAILED')).toBe(true)
    }
  })
})
