import { describe, expect, it } from 'vitest'
import { structurallyEqual } from './structural-equal.js'

describe('structurallyEqual', () => {
  it('is true for equal JSON-like trees, whatever the key order or object identity', () => {
    const a = { object: 'task', where: { $and: [{ age: { $gt: 5 } }] }, orderBy: [{ field: 'id' }] }
    const b = { orderBy: [{ field: 'id' }], object: 'task', where: { $and: [{ age: { $gt: 5 } }] } }
    expect(structurallyEqual(a, b)).toBe(true)
    expect(structurallyEqual(Object.freeze({ x: 1 }), { x: 1 })).toBe(true)
    expect(structurallyEqual(Object.assign(Object.create(null), { x: 1 }), { x: 1 })).toBe(true)
    expect(structurallyEqual(NaN, NaN)).toBe(true)
  })

  it.each([
    ['a changed value', { limit: 1 }, { limit: 2 }],
    ['an added key', { a: 1 }, { a: 1, b: 2 }],
    ['a removed key', { a: 1, b: 2 }, { a: 1 }],
    ['null instead of a missing key', { a: 1 }, { a: 1, b: null }],
    ['undefined instead of a missing key', { a: 1 }, { a: 1, b: undefined }],
    ['a string for a number', { a: 1 }, { a: '1' }],
    ['-0 for 0', { a: 0 }, { a: -0 }],
    ['an array for an object', { a: { 0: 'x' } }, { a: ['x'] }],
    ['a longer array', { a: [1] }, { a: [1, 2] }],
    ['a Date for its ISO string', { a: '2024-01-01T00:00:00.000Z' }, { a: new Date(0) }],
    ['a class instance', { a: {} }, { a: new (class Box {})() }],
  ])('is false for %s', (_label, a, b) => {
    expect(structurallyEqual(a, b)).toBe(false)
  })

  it('never equates two distinct non-plain objects, even equal Dates', () => {
    expect(structurallyEqual(new Date(0), new Date(0))).toBe(false)
    const date = new Date(0)
    expect(structurallyEqual({ a: date }, { a: date })).toBe(true)
  })

  it('requires each key to be enumerable on the second value, as Object.keys would list it', () => {
    const hidden = { b: 2 }
    Object.defineProperty(hidden, 'a', { value: 1, enumerable: false })
    expect(structurallyEqual({ a: 1, b: 2 }, hidden)).toBe(false)
  })

  it('answers false for absurdly deep trees instead of recursing without bound', () => {
    const deep = (n: number): unknown => (n === 0 ? 1 : { x: deep(n - 1) })
    expect(structurallyEqual(deep(10), deep(10))).toBe(true)
    expect(structurallyEqual(deep(200), deep(200))).toBe(false)
  })
})
