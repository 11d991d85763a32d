import { describe, expect, it } from 'vitest'
import { deepFreeze, isDeepFrozen } from './deep-freeze.js'

describe('deepFreeze', () => {
  it('freezes nested objects and arrays and returns the same value', () => {
    const value = { a: [{ b: 1 }], c: { d: { e: [] as number[] } } }
    expect(deepFreeze(value)).toBe(value)
    expect(Object.isFrozen(value.a[0])).toBe(true)
    expect(Object.isFrozen(value.c.d.e)).toBe(true)
    expect(isDeepFrozen(value)).toBe(true)
  })

  it('walks into unfrozen children of a frozen parent', () => {
    const child = { x: 1 }
    const parent = Object.freeze({ child })
    expect(isDeepFrozen(parent)).toBe(false)
    deepFreeze(parent)
    expect(Object.isFrozen(child)).toBe(true)
  })

  it('handles cycles and primitives', () => {
    const a: Record<string, unknown> = {}
    a['self'] = a
    expect(isDeepFrozen(deepFreeze(a))).toBe(true)
    expect(deepFreeze(5)).toBe(5)
    expect(isDeepFrozen(null)).toBe(true)
  })

  it('isDeepFrozen finds one unfrozen leaf', () => {
    const value = deepFreeze<{ a: number[] }>({ a: [1] })
    expect(isDeepFrozen({ wrapper: value })).toBe(false)
    expect(isDeepFrozen(Object.freeze({ wrapper: value, extra: [] }))).toBe(false)
  })
})
