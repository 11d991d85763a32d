import { describe, expect, it } from 'vitest'
import { toFilterNode } from './filter-node.js'
import type { FilterCondition } from './query-ast.js'
import { catchError } from './spec.test-utils.js'

const FIELDS = new Set(['id', 'a', 'b'])

describe('toFilterNode: the canonical form parses into a tree', () => {
  it('undefined and {} mean everything', () => {
    expect(toFilterNode(undefined)).toBeUndefined()
    expect(toFilterNode({})).toBeUndefined()
  })

  it('a leaf becomes a compare node', () => {
    expect(toFilterNode({ a: { $eq: 1 } })).toEqual({
      kind: 'compare',
      field: 'a',
      op: '$eq',
      value: 1,
    })
    expect(toFilterNode({ a: { $in: ['x', 'y'] } })).toEqual({
      kind: 'compare',
      field: 'a',
      op: '$in',
      value: ['x', 'y'],
    })
    expect(toFilterNode({ a: { $null: false } })).toMatchObject({ op: '$null', value: false })
  })

  it('logic nodes nest', () => {
    const where: FilterCondition = {
      $or: [
        { a: { $gt: 1 } },
        { $not: { $and: [{ b: { $startsWith: 'x' } }, { id: { $ne: 'k' } }] } },
      ],
    }
    expect(toFilterNode(where, FIELDS)).toEqual({
      kind: 'or',
      children: [
        { kind: 'compare', field: 'a', op: '$gt', value: 1 },
        {
          kind: 'not',
          child: {
            kind: 'and',
            children: [
              { kind: 'compare', field: 'b', op: '$startsWith', value: 'x' },
              { kind: 'compare', field: 'id', op: '$ne', value: 'k' },
            ],
          },
        },
      ],
    })
  })

  it('accepts every canonical operator with a fitting operand', () => {
    const cases: FilterCondition[] = [
      { a: { $eq: 'x' } },
      { a: { $ne: true } },
      { a: { $gt: 1 } },
      { a: { $gte: 1 } },
      { a: { $lt: 1 } },
      { a: { $lte: 1 } },
      { a: { $in: [] } },
      { a: { $nin: [1, 'x', false] } },
      { a: { $contains: '' } },
      { a: { $notContains: 'x' } },
      { a: { $startsWith: 'x' } },
      { a: { $endsWith: 'x' } },
      { a: { $null: true } },
    ]
    for (const where of cases) expect(toFilterNode(where, FIELDS)?.kind).toBe('compare')
  })

  it('tolerates null members of $in/$nin (compilers build such lists directly)', () => {
    expect(toFilterNode({ a: { $in: [null, 1] } })).toMatchObject({ value: [null, 1] })
  })
})

describe('KRN-AST-003 toFilterNode: anything else is rejected', () => {
  it.each([
    ['a non-object filter', 'a = 1'],
    ['an array filter', [['a', '=', 1]]],
    ['two keys at one level', { a: { $eq: 1 }, b: { $eq: 2 } }],
    ['implicit equality', { a: 1 }],
    ['two operators on a leaf', { a: { $gt: 1, $lt: 3 } }],
    ['an empty operator object', { a: {} }],
    ['a nested empty node', { $and: [{}] }],
    ['an empty $and', { $and: [] }],
    ['a non-array $or', { $or: { a: { $eq: 1 } } }],
    ['an unknown logical operator', { $nor: [{ a: { $eq: 1 } }] }],
    ['a non-canonical operator', { a: { $between: [1, 2] } }],
    ['$exists', { a: { $exists: true } }],
    ['an unknown operator', { a: { $regex: 'x' } }],
    ['$eq null', { a: { $eq: null } }],
    ['$ne null', { a: { $ne: null } }],
    ['$gt with an object', { a: { $gt: { $field: 'b' } } }],
    ['$eq with NaN', { a: { $eq: Number.NaN } }],
    ['$eq with a Date', { a: { $eq: new Date(0) } }],
    ['$in with a non-array', { a: { $in: 'x' } }],
    ['$in with an object member', { a: { $in: [{}] } }],
    ['$null with a non-boolean', { a: { $null: 1 } }],
    ['$contains with a number', { a: { $contains: 1 } }],
    ['$not with an array', { $not: [{ a: { $eq: 1 } }] }],
  ])('%s is INVALID_FILTER', (_name, where) => {
    catchError(() => toFilterNode(where as FilterCondition, FIELDS), 'INVALID_FILTER')
  })

  it('an unknown field is INVALID_FIELD when a field set is given, with its path', () => {
    const error = catchError(
      () => toFilterNode({ $or: [{ a: { $eq: 1 } }, { zz: { $eq: 1 } }] }, FIELDS),
      'INVALID_FIELD',
    )
    expect(error.details).toMatchObject({ field: 'zz', path: 'where.$or[1].zz' })
    expect(toFilterNode({ zz: { $eq: 1 } })).toMatchObject({ field: 'zz' })
  })

  it('errors carry the path, field and operator', () => {
    const error = catchError(() =>
      toFilterNode({ $and: [{ a: { $eq: 1 } }, { b: { $like: 'x' } }] }),
    )
    expect(error.details).toMatchObject({
      path: 'where.$and[1].b.$like',
      field: 'b',
      operator: '$like',
    })
  })
})
