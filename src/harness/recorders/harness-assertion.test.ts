import { AssertionError } from 'node:assert'
import { describe, expect, it } from 'vitest'
import { assertionFailed, matchesPartial } from './harness-assertion.js'

describe('matchesPartial', () => {
  it('matches objects by the keys expected, recursively', () => {
    expect(matchesPartial({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 2 } })).toBe(true)
    expect(matchesPartial({ a: 1 }, { a: 2 })).toBe(false)
    expect(matchesPartial({ a: 1 }, { b: undefined })).toBe(false)
    expect(matchesPartial(null, { a: 1 })).toBe(false)
  })

  it('matches arrays element by element with equal length', () => {
    expect(matchesPartial([{ a: 1, x: 0 }, 2], [{ a: 1 }, 2])).toBe(true)
    expect(matchesPartial([1, 2, 3], [1, 2])).toBe(false)
    expect(matchesPartial({ 0: 1 }, [1])).toBe(false)
  })

  it('compares scalars with Object.is', () => {
    expect(matchesPartial(Number.NaN, Number.NaN)).toBe(true)
    expect(matchesPartial(0, -0)).toBe(false)
    expect(matchesPartial('1', 1)).toBe(false)
  })
})

describe('assertionFailed', () => {
  it('builds a node:assert AssertionError carrying actual, expected and operator', () => {
    const error = assertionFailed('boom', 1, 2, 'toHaveRun')
    expect(error).toBeInstanceOf(AssertionError)
    expect(error).toMatchObject({ message: 'boom', actual: 1, expected: 2, operator: 'toHaveRun' })
  })
})
