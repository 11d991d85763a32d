import { describe, expect, it } from 'vitest'
import { andOf, leafOf, notOf, orOf } from './filter-combine.js'
import { catchError } from './spec.test-utils.js'

const a = leafOf('a', '$eq', 1)
const b = leafOf('b', '$gt', 2)
const c = leafOf('c', '$null', true)

describe('filter-combine', () => {
  it('leafOf builds one field with one operator', () => {
    expect(a).toEqual({ a: { $eq: 1 } })
  })

  it('a single child stands alone', () => {
    expect(andOf([a])).toBe(a)
    expect(orOf([b])).toBe(b)
  })

  it('flattens same-kind children but not the other kind', () => {
    expect(andOf([a, andOf([b, c])])).toEqual({ $and: [a, b, c] })
    expect(orOf([orOf([a, b]), c])).toEqual({ $or: [a, b, c] })
    expect(andOf([a, orOf([b, c])])).toEqual({ $and: [a, { $or: [b, c] }] })
    expect(andOf([notOf(andOf([a, b])), c])).toEqual({ $and: [{ $not: { $and: [a, b] } }, c] })
  })

  it('an empty group is an internal error (callers reject it first)', () => {
    catchError(() => andOf([]), 'INTERNAL_ERROR')
  })
})
