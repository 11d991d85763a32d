import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findJsonProblem, isJsonSerializable } from './json-value.js'
import { KERNEL_EVENT_NAMES, isClusterEvent } from './kernel-events.js'

// JSON writes -0 as 0; that is the one accepted value that comes back different.
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0
  if (Array.isArray(value)) return value.map(withoutNegativeZero)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNegativeZero(v)]))
  }
  return value
}

describe('findJsonProblem', () => {
  it('accepts plain JSON data, null-prototype objects and undefined properties', () => {
    const shared = { a: 1 }
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { k: 'v' })
    expect(
      findJsonProblem({
        s: 'x',
        n: 1.5,
        b: false,
        z: null,
        list: [1, 'two', [3]],
        shared,
        again: shared,
      }),
    ).toBeUndefined()
    expect(findJsonProblem(bare)).toBeUndefined()
    expect(findJsonProblem({ optional: undefined })).toBeUndefined()
  })

  it.each([
    [{ f: () => 1 }, '$.f is a function'],
    [{ n: Number.NaN }, '$.n is NaN'],
    [{ n: Number.POSITIVE_INFINITY }, '$.n is Infinity'],
    [{ big: 1n }, '$.big is a bigint'],
    [{ s: Symbol('x') }, '$.s is a symbol'],
    [{ d: new Date(0) }, '$.d is a Date, not a plain object'],
    [{ m: new Map() }, '$.m is a Map, not a plain object'],
    [{ list: [1, undefined] }, '$.list[1] is undefined'],
    [undefined, '$ is a undefined'],
  ])('rejects %o: %s', (value, problem) => {
    expect(findJsonProblem(value)).toBe(problem)
    expect(isJsonSerializable(value)).toBe(false)
  })

  it('rejects cycles', () => {
    const a: Record<string, unknown> = { name: 'a' }
    a.self = { back: a }
    expect(findJsonProblem(a)).toBe('$.self.back refers back to an enclosing object (a cycle)')
  })

  it('property: whatever it accepts, JSON round-trips unchanged', () => {
    const anything = fc.anything({
      withDate: true,
      withMap: true,
      withSet: true,
      withBigInt: true,
      withNullPrototype: true,
      withTypedArray: true,
    })
    fc.assert(
      fc.property(anything, (value) => {
        if (!isJsonSerializable(value)) return
        expect(JSON.parse(JSON.stringify(value))).toEqual(withoutNegativeZero(value))
      }),
      { seed: 99, numRuns: 300 },
    )
  })
})

describe('kernel events', () => {
  it('lists every event once', () => {
    expect(new Set(KERNEL_EVENT_NAMES).size).toBe(KERNEL_EVENT_NAMES.length)
    expect(KERNEL_EVENT_NAMES).toContain('data:updated')
  })

  it('shares only data and metadata events with the cluster by default', () => {
    expect(KERNEL_EVENT_NAMES.filter(isClusterEvent)).toEqual([
      'metadata:registered',
      'metadata:unregistered',
      'data:created',
      'data:updated',
      'data:deleted',
    ])
  })
})
