import { afterEach, describe, expect, it } from 'vitest'
import { clearFilterCache, compileFilter, compiledShapeCount } from './filter-compiler.js'

// Fault injection: a page whose Content-Security-Policy forbids eval makes `new Function` throw
// an EvalError. This file runs in its own process, so switching the module to closures here does
// not affect other test files.
const realFunction = globalThis.Function

afterEach(() => {
  globalThis.Function = realFunction
})

describe('compileFilter without code generation', () => {
  it('falls back to closures with the same results when new Function is forbidden', () => {
    clearFilterCache()
    globalThis.Function = function forbidden(): never {
      throw new EvalError('Refused to evaluate a string as JavaScript (CSP)')
    } as unknown as FunctionConstructor
    const match = compileFilter({ $and: [{ n: { $gt: 1 } }, { s: { $ne: 'x' } }] })
    expect(match({ id: '1', n: 2 })).toBe(true)
    expect(match({ id: '2', n: 2, s: 'x' })).toBe(false)
    expect(match({ id: '3' })).toBe(false)
    expect(compiledShapeCount()).toBe(0)
    globalThis.Function = realFunction
    expect(compileFilter({ n: { $null: true } })({ id: '4' })).toBe(true)
  })

  it('still rejects unknown operators after falling back', () => {
    clearFilterCache()
    expect(() => compileFilter({ n: { $regex: 'x' } })).toThrow(/unknown operator/)
  })
})
