import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { filterArbitrary } from './model-arbitraries.js'
import { MODEL_OBJECT, recordsArbitrary } from './model-record-arbitraries.js'
import { SpecModel } from './spec-model.js'
import { compareByCodePoints, specCompare } from './spec-model-order.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'

const RECORDS: DataRecord[] = [
  { id: 'a', title: 'Apple', n: 5, flag: true, at: '2024-01-01T00:00:00.000Z', tags: ['x'] },
  { id: 'b', title: 'apple', n: 10, flag: false, at: '2023-06-01T00:00:00.000Z', tags: [] },
  { id: 'c', title: '', n: null },
  { id: 'd' },
  { id: 'e', title: '50%_off', n: -1, kind: 'open', day: '2024-01-01' },
]

function model(records: readonly DataRecord[] = RECORDS): SpecModel {
  const spec = new SpecModel([MODEL_OBJECT])
  spec.bulkCreate('item', records)
  return spec
}

function ids(where: FilterCondition, query: Omit<QueryAST, 'object' | 'where'> = {}): string[] {
  return model()
    .find('item', { object: 'item', where, ...query })
    .map((record) => record.id)
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    return hasErrorCode(error, (error as { code: 'NOT_FOUND' }).code) ? error.code : 'UNCODED'
  }
  return undefined
}

describe('SpecModel reads the spec literally', () => {
  it('null semantics: $eq never, $ne/$nin always, ranges never, $null both', () => {
    expect(ids({ n: { $eq: 5 } })).toEqual(['a'])
    expect(ids({ n: { $ne: 5 } })).toEqual(['b', 'c', 'd', 'e'])
    expect(ids({ n: { $nin: [5, 10] } })).toEqual(['c', 'd', 'e'])
    expect(ids({ n: { $lt: 100 } })).toEqual(['a', 'b', 'e'])
    expect(ids({ n: { $null: true } })).toEqual(['c', 'd'])
    expect(ids({ $not: { n: { $gt: 0 } } })).toEqual(['c', 'd', 'e'])
  })

  it('strings: literal, case-sensitive; arrays: $contains is membership', () => {
    expect(ids({ title: { $contains: '%_' } })).toEqual(['e'])
    expect(ids({ title: { $startsWith: 'a' } })).toEqual(['b'])
    expect(ids({ title: { $notContains: 'pp' } })).toEqual(['c', 'd', 'e'])
    expect(ids({ tags: { $contains: 'x' } })).toEqual(['a'])
  })

  it('orders by the spec: code points, numbers, null first ascending and last descending', () => {
    expect(ids({}, { orderBy: [{ field: 'title', order: 'asc' }] })).toEqual([
      'd',
      'c',
      'e',
      'a',
      'b',
    ])
    expect(ids({}, { orderBy: [{ field: 'n', order: 'desc' }] })).toEqual(['b', 'a', 'e', 'c', 'd'])
    expect(ids({}, { orderBy: [{ field: 'at', order: 'asc' }], offset: 3, limit: 1 })).toEqual([
      'b',
    ])
    expect(compareByCodePoints('\u{1F600}', '\uFFFD')).toBeGreaterThan(0)
    expect(specCompare('2024-01-01', '2024-01-01T00:00:00.000Z', true)).toBe(0)
  })

  it('aggregates: nulls ignored, empty sums null, null is its own group', () => {
    const spec = model()
    const query = {
      object: 'item',
      groupBy: ['kind'],
      aggregations: [
        { function: 'count' as const, alias: 'c' },
        { function: 'sum' as const, field: 'n', alias: 's' },
      ],
    }
    expect(spec.aggregate('item', query)).toEqual([
      { kind: null, c: 4, s: 15 },
      { kind: 'open', c: 1, s: -1 },
    ])
    expect(spec.aggregate('item', { ...query, groupBy: [], where: { n: { $gt: 99 } } })).toEqual([
      { c: 0, s: null },
    ])
    expect(spec.distinct('item', 'title')).toEqual(['', '50%_off', 'Apple', 'apple'])
  })

  it('writes: copies, merge, NOT_FOUND, DUPLICATE_RECORD, all-or-nothing bulk', () => {
    const spec = model()
    const input = { id: 'z', tags: ['q'] }
    spec.create('item', input)
    input.tags.push('mutated')
    expect(spec.findOne('item', 'z')).toEqual({ id: 'z', tags: ['q'] })
    expect(spec.update('item', 'a', { n: 6 })).toMatchObject({ id: 'a', title: 'Apple', n: 6 })
    expect(codeOf(() => spec.update('item', 'nope', {}))).toBe('NOT_FOUND')
    expect(codeOf(() => spec.bulkCreate('item', [{ id: 'new' }, { id: 'a' }]))).toBe(
      'DUPLICATE_RECORD',
    )
    expect(spec.findOne('item', 'new')).toBeNull()
    expect(codeOf(() => spec.find('item', { object: 'item', where: { nope: { $eq: 1 } } }))).toBe(
      'INVALID_FIELD',
    )
    expect(codeOf(() => spec.count('item', { n: { $like: 1 } }))).toBe('INVALID_FILTER')
    expect(spec.delete('item', 'z')).toBe(true)
    expect(spec.delete('item', 'z')).toBe(false)
  })

  it('count equals the unpaged find on generated data (model self-consistency)', () => {
    const scenario = recordsArbitrary(MODEL_OBJECT).chain((records) =>
      fc.tuple(fc.constant(records), filterArbitrary(MODEL_OBJECT, records)),
    )
    fc.assert(
      fc.property(scenario, ([records, where]) => {
        const spec = model(records)
        const found = spec.find('item', { object: 'item', where })
        const complement = spec.find('item', { object: 'item', where: { $not: where } })
        return (
          spec.count('item', where) === found.length &&
          found.length + complement.length === records.length
        )
      }),
      { seed: 99, numRuns: 200 },
    )
  })
})
