import { describe, expect, it } from 'vitest'
import { isDeepFrozen } from './deep-freeze.js'
import { toFilterNode } from './filter-node.js'
import { normalizeFilter } from './query-normalizer.js'
import { TASKS, catchError } from './spec.test-utils.js'

const norm = (input: unknown) => normalizeFilter(input, TASKS)
const fieldNames = new Set(['id', 'created_at', 'updated_at', ...Object.keys(TASKS.fields)])

describe('normalizeFilter: object FilterCondition', () => {
  it('treats undefined, null and {} as no filter', () => {
    expect(norm(undefined)).toBeUndefined()
    expect(norm(null)).toBeUndefined()
    expect(norm({})).toBeUndefined()
    expect(norm([])).toBeUndefined()
  })

  it('lowers implicit equality to $eq', () => {
    expect(norm({ status: 'open' })).toEqual({ status: { $eq: 'open' } })
  })

  it('ANDs several keys in written order', () => {
    expect(norm({ status: 'open', done: false })).toEqual({
      $and: [{ status: { $eq: 'open' } }, { done: { $eq: false } }],
    })
  })

  it('splits several operators on one field into ANDed leaves', () => {
    expect(norm({ estimate: { $gte: 18, $lt: 65 } })).toEqual({
      $and: [{ estimate: { $gte: 18 } }, { estimate: { $lt: 65 } }],
    })
  })

  it('keeps $and / $or / $not and flattens nested $and', () => {
    expect(
      norm({ $and: [{ status: 'open' }, { $and: [{ done: true }, { estimate: 1 }] }] }),
    ).toEqual({
      $and: [{ status: { $eq: 'open' } }, { done: { $eq: true } }, { estimate: { $eq: 1 } }],
    })
    expect(norm({ $or: [{ status: 'open' }, { done: true }] })).toEqual({
      $or: [{ status: { $eq: 'open' } }, { done: { $eq: true } }],
    })
    expect(norm({ $not: { status: 'open', done: true } })).toEqual({
      $not: { $and: [{ status: { $eq: 'open' } }, { done: { $eq: true } }] },
    })
  })

  it('collapses single-child $and and $or', () => {
    expect(norm({ $and: [{ status: 'open' }] })).toEqual({ status: { $eq: 'open' } })
    expect(norm({ $or: [{ $and: [{ done: true }] }] })).toEqual({ done: { $eq: true } })
  })

  it('mixes field keys with logic at one level', () => {
    expect(norm({ status: 'open', $or: [{ done: true }, { estimate: { $gt: 3 } }] })).toEqual({
      $and: [
        { status: { $eq: 'open' } },
        { $or: [{ done: { $eq: true } }, { estimate: { $gt: 3 } }] },
      ],
    })
  })

  it('KRN-AST-004 lowers null equality to $null (null and missing are the same)', () => {
    expect(norm({ title: null })).toEqual({ title: { $null: true } })
    expect(norm({ title: { $eq: null } })).toEqual({ title: { $null: true } })
    expect(norm({ title: { $ne: null } })).toEqual({ title: { $null: false } })
  })

  it('KRN-AST-004 lowers $exists to $null', () => {
    expect(norm({ title: { $exists: true } })).toEqual({ title: { $null: false } })
    expect(norm({ title: { $exists: false } })).toEqual({ title: { $null: true } })
  })

  it('KRN-AST-004 lowers $between to an inclusive $gte/$lte pair', () => {
    expect(norm({ estimate: { $between: [1, 5] } })).toEqual({
      $and: [{ estimate: { $gte: 1 } }, { estimate: { $lte: 5 } }],
    })
  })

  it('splits null out of $in and $nin', () => {
    expect(norm({ status: { $in: ['open', null] } })).toEqual({
      $or: [{ status: { $in: ['open'] } }, { status: { $null: true } }],
    })
    expect(norm({ status: { $nin: ['open', null] } })).toEqual({
      $and: [{ status: { $nin: ['open'] } }, { status: { $null: false } }],
    })
    expect(norm({ status: { $in: [null] } })).toEqual({ status: { $null: true } })
    expect(norm({ status: { $nin: [null] } })).toEqual({ status: { $null: false } })
  })

  it('keeps empty $in / $nin lists (match nothing / everything)', () => {
    expect(norm({ status: { $in: [] } })).toEqual({ status: { $in: [] } })
    expect(norm({ status: { $nin: [] } })).toEqual({ status: { $nin: [] } })
  })

  it('reads _id as id', () => {
    expect(norm({ _id: 'a1' })).toEqual({ id: { $eq: 'a1' } })
    expect(norm({ _id: { $in: ['a', 'b'] } })).toEqual({ id: { $in: ['a', 'b'] } })
  })

  it('turns Date operands into ISO-8601 UTC strings', () => {
    const when = new Date(Date.UTC(2024, 1, 29, 12, 30, 0, 5))
    expect(norm({ starts_at: { $gte: when } })).toEqual({
      starts_at: { $gte: '2024-02-29T12:30:00.005Z' },
    })
    expect(norm({ created_at: when })).toEqual({ created_at: { $eq: '2024-02-29T12:30:00.005Z' } })
    expect(norm({ due: when })).toEqual({ due: { $eq: '2024-02-29' } })
  })

  it('canonicalizes ISO datetime strings to UTC milliseconds form', () => {
    expect(norm({ starts_at: { $lt: '2024-03-01T10:00:00+02:00' } })).toEqual({
      starts_at: { $lt: '2024-03-01T08:00:00.000Z' },
    })
    expect(norm({ starts_at: '2024-03-01' })).toEqual({
      starts_at: { $eq: '2024-03-01T00:00:00.000Z' },
    })
  })

  it('accepts every string operator on text fields', () => {
    for (const op of ['$contains', '$notContains', '$startsWith', '$endsWith']) {
      expect(norm({ title: { [op]: '50%_off' } })).toEqual({ title: { [op]: '50%_off' } })
    }
  })

  it('KRN-AST-002 KRN-AST-003 returns a deeply frozen result that toFilterNode accepts', () => {
    const where = norm({ status: { $in: ['open', null] }, estimate: { $between: [1, 2] } })
    expect(isDeepFrozen(where)).toBe(true)
    expect(() => toFilterNode(where, fieldNames)).not.toThrow()
  })

  it('does not mutate its input', () => {
    const input = { status: { $in: ['open', null] }, due: new Date(0) }
    const copy = structuredClone(input)
    norm(input)
    expect(input).toEqual(copy)
  })
})

describe('normalizeFilter: upstream AST nodes', () => {
  it('reads comparison nodes with triple operators', () => {
    expect(norm({ type: 'comparison', field: 'estimate', operator: '>=', value: 3 })).toEqual({
      estimate: { $gte: 3 },
    })
    expect(norm({ type: 'comparison', field: 'title', operator: 'is_null' })).toEqual({
      title: { $null: true },
    })
  })

  it('reads logical nodes, including not', () => {
    expect(
      norm({
        type: 'logical',
        operator: 'OR',
        conditions: [
          { type: 'comparison', field: 'done', operator: '=', value: true },
          ['estimate', '<', 2],
        ],
      }),
    ).toEqual({ $or: [{ done: { $eq: true } }, { estimate: { $lt: 2 } }] })
    expect(norm({ type: 'logical', operator: 'not', conditions: [{ done: true }] })).toEqual({
      $not: { done: { $eq: true } },
    })
  })

  it('rejects malformed AST nodes', () => {
    catchError(
      () => norm({ type: 'comparison', field: 'done', operator: '~', value: 1 }),
      'INVALID_FILTER',
    )
    catchError(() => norm({ type: 'logical', operator: 'and', conditions: [] }), 'INVALID_FILTER')
    catchError(
      () => norm({ type: 'logical', operator: 'xor', conditions: [{ done: true }] }),
      'INVALID_FILTER',
    )
    catchError(() => norm({ type: 'comparison', field: 5, operator: '=' }), 'INVALID_FILTER')
  })
})

describe('normalizeFilter: rejects instead of widening', () => {
  it('KRN-AST-006 unknown operators are INVALID_FILTER with field, operator and path', () => {
    const error = catchError(() => norm({ $or: [{ title: { $regex: 'a' } }] }), 'INVALID_FILTER')
    expect(error.details).toMatchObject({
      field: 'title',
      operator: '$regex',
      path: 'where.$or[0].title.$regex',
    })
    catchError(() => norm({ $nor: [{ title: 'a' }] }), 'INVALID_FILTER')
    catchError(() => norm({ title: { $EQ: 'a' } }), 'INVALID_FILTER')
  })

  it('KRN-AST-007 unknown fields are INVALID_FIELD naming the field and path', () => {
    const error = catchError(() => norm({ $and: [{ nope: 1 }] }), 'INVALID_FIELD')
    expect(error.details).toMatchObject({ field: 'nope', path: 'where.$and[0].nope' })
    catchError(() => norm({ __proto__: 1, ['constructor']: 2 }), 'INVALID_FIELD')
    catchError(() => norm(JSON.parse('{"__proto__": {"$eq": 1}}')), 'INVALID_FIELD')
  })

  it.each([
    ['$in not an array', { status: { $in: 'open' } }],
    ['$and not an array', { $and: { status: 'open' } }],
    ['$and empty', { $and: [] }],
    ['$or empty', { $or: [] }],
    ['$not not an object', { $not: 'x' }],
    ['$not an array', { $not: [{ status: 'open' }] }],
    ['empty operator object', { status: {} }],
    ['empty condition inside logic', { $or: [{}, { status: 'open' }] }],
    ['nested object without operators', { owner: { name: 'x' } }],
    ['array as implicit equality', { status: ['open', 'done'] }],
    ['undefined value', { status: undefined }],
    ['undefined operand', { status: { $eq: undefined } }],
    ['$null not boolean', { status: { $null: 1 } }],
    ['$exists not boolean', { status: { $exists: 'yes' } }],
    ['$between one value', { estimate: { $between: [1] } }],
    ['$between three values', { estimate: { $between: [1, 2, 3] } }],
    ['$between with null', { estimate: { $between: [null, 2] } }],
    ['$between wrong type', { estimate: { $between: ['1', 2] } }],
    ['$gt null', { estimate: { $gt: null } }],
    ['string on number field', { estimate: '5' }],
    ['NaN on number field', { estimate: Number.NaN }],
    ['Infinity on number field', { estimate: { $lt: Infinity } }],
    ['number on text field', { title: 5 }],
    ['1 on boolean field', { done: 1 }],
    ['"true" on boolean field', { done: 'true' }],
    ['bad datetime', { starts_at: 'yesterday' }],
    ['impossible date', { due: '2023-02-29' }],
    ['datetime on date field', { due: '2023-02-01T00:00:00Z' }],
    ['invalid Date', { starts_at: new Date(Number.NaN) }],
    ['Date on text field', { title: new Date(0) }],
    ['bad time', { start_time: '25:00' }],
    ['number on string select', { status: 1 }],
    ['string on number select', { priority: 'high' }],
    ['$contains on number field', { estimate: { $contains: '1' } }],
    ['$contains on select with number options', { priority: { $contains: '1' } }],
    ['$contains with number operand', { title: { $contains: 1 } }],
    ['value test on json field', { meta: { $eq: 'x' } }],
    ['value test on multi-value field', { tags: { $in: ['a'] } }],
    ['range on multi lookup', { watchers: { $gt: 'a' } }],
    ['number id', { id: 5 }],
    ['object operand', { estimate: { $gt: { $field: 'amount' } } }],
    ['a filter that is a string', 'status = open'],
    ['a filter that is a number', 42],
    ['a class instance', new Map([['status', 'open']])],
  ])('KRN-AST-006 %s is INVALID_FILTER', (_name, input) => {
    catchError(() => norm(input), 'INVALID_FILTER')
  })

  it('$contains / $notContains on multi-value fields test membership of one element', () => {
    expect(norm({ tags: { $contains: 'urgent' } })).toEqual({ tags: { $contains: 'urgent' } })
    expect(norm({ labels: { $notContains: 'a' } })).toEqual({ labels: { $notContains: 'a' } })
    expect(norm({ watchers: { $contains: 'u1' } })).toEqual({ watchers: { $contains: 'u1' } })
    catchError(() => norm({ tags: { $contains: ['a'] } }), 'INVALID_FILTER')
    catchError(() => norm({ tags: { $contains: 1 } }), 'INVALID_FILTER')
    catchError(() => norm({ tags: { $startsWith: 'a' } }), 'INVALID_FILTER')
    catchError(() => norm({ meta: { $contains: 'a' } }), 'INVALID_FILTER')
  })

  it('allows $null tests on structured and multi-value fields', () => {
    expect(norm({ meta: null, tags: { $exists: true } })).toEqual({
      $and: [{ meta: { $null: true } }, { tags: { $null: false } }],
    })
  })

  it('types formula fields by data_type and accepts any scalar otherwise', () => {
    expect(norm({ score: { $gt: 3 } })).toEqual({ score: { $gt: 3 } })
    catchError(() => norm({ score: 'x' }), 'INVALID_FILTER')
    expect(norm({ guess: 'x' })).toEqual({ guess: { $eq: 'x' } })
    expect(norm({ guess: true })).toEqual({ guess: { $eq: true } })
  })

  it('reports the operand position inside $in and $between', () => {
    const error = catchError(() => norm({ estimate: { $in: [1, 'two'] } }), 'INVALID_FILTER')
    expect(error.details).toMatchObject({ path: 'where.estimate.$in[1]', operator: '$in' })
    const between = catchError(() => norm({ estimate: { $between: [1, 'x'] } }))
    expect(between.details).toMatchObject({ path: 'where.estimate.$between[1]' })
  })
})
