import { describe, expect, it } from 'vitest'
import { normalizeFilter } from './query-normalizer.js'
import { TASKS, catchError } from './spec.test-utils.js'

const norm = (input: unknown) => normalizeFilter(input, TASKS)
const A = ['status', '=', 'open']
const B = ['done', '=', true]
const C = ['estimate', '>', 2]
const D = ['title', 'contains', 'x']
const a = { status: { $eq: 'open' } }
const b = { done: { $eq: true } }
const c = { estimate: { $gt: 2 } }
const d = { title: { $contains: 'x' } }

describe('KRN-AST-001 legacy array filters: shapes', () => {
  it('reads a single triple', () => {
    expect(norm(A)).toEqual(a)
  })

  it('reads prefix groups', () => {
    expect(norm(['and', A, B])).toEqual({ $and: [a, b] })
    expect(norm(['OR', A, B, C])).toEqual({ $or: [a, b, c] })
    expect(norm(['and', A])).toEqual(a)
  })

  it('reads infix groups', () => {
    expect(norm([A, 'and', B])).toEqual({ $and: [a, b] })
    expect(norm([A, 'or', B])).toEqual({ $or: [a, b] })
    expect(norm([A, 'And', B, 'AND', C])).toEqual({ $and: [a, b, c] })
  })

  it('reads flat groups with inline triples', () => {
    expect(norm(['status', '=', 'open', 'and', 'estimate', '>', 2])).toEqual({ $and: [a, c] })
    expect(
      norm(['status', '=', 'open', 'or', 'title', 'is_null', 'and', 'done', '=', true]),
    ).toEqual({ $or: [a, { $and: [{ title: { $null: true } }, b] }] })
  })

  it('ANDs conditions written without connector (arrays of arrays)', () => {
    expect(norm([A, B])).toEqual({ $and: [a, b] })
    expect(norm([A, B, 'or', C])).toEqual({ $or: [{ $and: [a, b] }, c] })
    expect(norm(['status', '=', 'open', 'done', '=', true])).toEqual({ $and: [a, b] })
  })

  it('treats nested arrays as parentheses', () => {
    expect(norm([A, 'and', [B, 'or', C]])).toEqual({ $and: [a, { $or: [b, c] }] })
    expect(norm([[A, 'or', B], 'and', C])).toEqual({ $and: [{ $or: [a, b] }, c] })
    expect(norm([[[A]]])).toEqual(a)
  })

  it('mixes FilterCondition objects into arrays', () => {
    expect(norm([{ status: 'open' }, 'or', B])).toEqual({ $or: [a, b] })
    expect(norm(['and', { done: true }, C])).toEqual({ $and: [b, c] })
    expect(norm({ $or: [A, [B, 'and', C]] })).toEqual({ $or: [a, { $and: [b, c] }] })
  })
})

describe('KRN-AST-005 legacy array filters: precedence (and binds tighter than or)', () => {
  it('a or b and c = a or (b and c)', () => {
    expect(norm([A, 'or', B, 'and', C])).toEqual({ $or: [a, { $and: [b, c] }] })
  })

  it('a and b or c = (a and b) or c', () => {
    expect(norm([A, 'and', B, 'or', C])).toEqual({ $or: [{ $and: [a, b] }, c] })
  })

  it('a or b and c or d = a or (b and c) or d', () => {
    expect(norm([A, 'or', B, 'and', C, 'or', D])).toEqual({ $or: [a, { $and: [b, c] }, d] })
  })

  it('agrees with explicit parentheses', () => {
    expect(norm([A, 'or', B, 'and', C])).toEqual(norm([A, 'or', [B, 'and', C]]))
    expect(norm([A, 'or', B, 'and', C])).not.toEqual(norm([[A, 'or', B], 'and', C]))
  })
})

describe('legacy array filters: operators', () => {
  it.each([
    ['=', 'open', { $eq: 'open' }],
    ['==', 'open', { $eq: 'open' }],
    ['!=', 'open', { $ne: 'open' }],
    ['<>', 'open', { $ne: 'open' }],
    ['in', ['open'], { $in: ['open'] }],
    ['IN', ['open'], { $in: ['open'] }],
    ['nin', ['open'], { $nin: ['open'] }],
    ['not in', ['open'], { $nin: ['open'] }],
    ['NOT IN', ['open'], { $nin: ['open'] }],
    ['not_in', ['open'], { $nin: ['open'] }],
    ['contains', 'op', { $contains: 'op' }],
    ['notcontains', 'op', { $notContains: 'op' }],
    ['not_contains', 'op', { $notContains: 'op' }],
    ['startswith', 'op', { $startsWith: 'op' }],
    ['starts_with', 'op', { $startsWith: 'op' }],
    ['StartsWith', 'op', { $startsWith: 'op' }],
    ['endswith', 'en', { $endsWith: 'en' }],
    ['ends_with', 'en', { $endsWith: 'en' }],
    ['$ne', 'open', { $ne: 'open' }],
  ])('%s on a text field', (op, value, expected) => {
    expect(norm(['status', op, value])).toEqual({ status: expected })
  })

  it.each([
    ['>', { $gt: 2 }],
    ['>=', { $gte: 2 }],
    ['<', { $lt: 2 }],
    ['<=', { $lte: 2 }],
  ])('%s on a number field', (op, expected) => {
    expect(norm(['estimate', op, 2])).toEqual({ estimate: expected })
  })

  it('like is a literal $contains (% and _ are not wildcards), as upstream', () => {
    expect(norm(['title', 'like', '%50_%'])).toEqual({ title: { $contains: '%50_%' } })
    expect(norm(['title', 'LIKE', 'a'])).toEqual({ title: { $contains: 'a' } })
    expect(norm(['title', 'not like', 'a'])).toEqual({ title: { $notContains: 'a' } })
  })

  it('between lowers like $between', () => {
    expect(norm(['estimate', 'between', [1, 3]])).toEqual({
      $and: [{ estimate: { $gte: 1 } }, { estimate: { $lte: 3 } }],
    })
  })

  it('is_null / is_not_null take no value (an explicit true or null is tolerated)', () => {
    expect(norm(['title', 'is_null'])).toEqual({ title: { $null: true } })
    expect(norm(['title', 'is_not_null'])).toEqual({ title: { $null: false } })
    expect(norm(['title', 'IS_NULL', true])).toEqual({ title: { $null: true } })
    expect(norm(['title', 'is_null', null, 'and', 'done', '=', true])).toEqual({
      $and: [{ title: { $null: true } }, b],
    })
  })

  it('null operands lower to $null like in objects', () => {
    expect(norm(['title', '=', null])).toEqual({ title: { $null: true } })
    expect(norm(['title', '!=', null])).toEqual({ title: { $null: false } })
    expect(norm(['status', 'in', ['open', null]])).toEqual({
      $or: [{ status: { $in: ['open'] } }, { status: { $null: true } }],
    })
  })

  it('reads _id as id and checks fields like objects do', () => {
    expect(norm(['_id', '=', 'x'])).toEqual({ id: { $eq: 'x' } })
    const error = catchError(() => norm([A, 'and', ['nope', '=', 1]]), 'INVALID_FIELD')
    expect(error.details).toMatchObject({ field: 'nope', path: 'where[2]' })
  })

  it('a field named like a connector works as the first triple', () => {
    const object = { name: 'odd', fields: { or: { type: 'number' as const } } }
    expect(normalizeFilter(['or', '=', 1], object)).toEqual({ or: { $eq: 1 } })
  })
})

describe('KRN-AST-006 legacy array filters: errors', () => {
  it.each([
    ['unknown operator', ['status', 'matches', 'x']],
    ['unknown operator in a group', [A, 'and', ['status', '~', 'x']]],
    ['unknown connector', [A, 'xor', B]],
    ['leading connector', ['or', 'status', '=', 'open']],
    ['trailing connector', [A, 'and']],
    ['double connector', [A, 'and', 'or', B]],
    ['connector alone', ['and']],
    ['missing value', ['status', '=']],
    ['missing value in flat', ['done', '=', true, 'and', 'status', '=']],
    ['is_null with false', ['title', 'is_null', false]],
    ['empty nested group', [A, 'and', []]],
    ['a number element', [A, 'and', 5]],
    ['a null element', [null]],
    ['field without operator', ['status']],
    ['in with a non-array', ['status', 'in', 'open']],
    ['between with one value', ['estimate', 'between', [1]]],
    ['contains on number', ['estimate', 'contains', '1']],
    ['type mismatch', ['estimate', '=', 'two']],
    ['prefix group with a bad child', ['and', A, 'x']],
  ])('%s is INVALID_FILTER', (_name, input) => {
    catchError(() => norm(input), 'INVALID_FILTER')
  })

  it('errors point at the offending element', () => {
    const error = catchError(() => norm([A, 'and', [B, 'or', ['estimate', '>', 'x']]]))
    expect(error.details).toMatchObject({ path: 'where[2][2].$gt', field: 'estimate' })
    const connector = catchError(() => norm([A, 'xor', B]))
    expect(connector.details).toMatchObject({ path: 'where[1]' })
  })
})
