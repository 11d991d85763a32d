import fc from 'fast-check'
import { beforeEach, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import { toFilterNode } from '../spec/filter-node.js'
import {
  FILTER_CACHE_SIZE,
  clearFilterCache,
  compileFilter,
  compiledShapeCount,
} from './filter-compiler.js'
import { interpretFilter } from './filter-interpreter.js'
import type { FilterCondition } from '../spec/query-ast.js'

const SEED = 7
const DATES = new Set(['d'])

const RECORDS: Record<string, unknown>[] = [
  { id: 'a', n: 5, s: 'Apple', b: true, d: '2024-01-01', t: ['x', 'y'] },
  { id: 'b', n: 10, s: 'apple pie', b: false, d: '2024-03-01T12:00:00.000Z', t: [] },
  { id: 'c', n: null, s: '', b: null, d: null, t: null },
  { id: 'd' },
  { id: 'e', n: -1.5, s: '100%_done\\*.', b: true, d: '2023-12-31', t: ['y'] },
  { id: 'f', n: 0, s: '\u{1F600} smile', b: false, d: '2024-01-01T00:00:00.000Z', t: ['X'] },
]

/** Ids selected by both the compiled predicate and the closure interpreter (which must agree). */
function ids(where: FilterCondition): string[] {
  const compiled = compileFilter(where, undefined, { dateFields: DATES })
  const node = toFilterNode(where)
  const interpreted = node === undefined ? () => true : interpretFilter(node, DATES)
  const a = RECORDS.filter(compiled).map((r) => r['id'])
  const b = RECORDS.filter(interpreted).map((r) => r['id'])
  expect(a).toEqual(b)
  return a as string[]
}

describe('compileFilter semantics', () => {
  it.each<[string, FilterCondition, string[]]>([
    ['$eq number', { n: { $eq: 5 } }, ['a']],
    ['$eq is type-strict', { n: { $eq: '5' } }, []],
    ['$eq on strings is exact and case-sensitive', { s: { $eq: 'apple' } }, []],
    ['$eq empty string matches only the empty string', { s: { $eq: '' } }, ['c']],
    ['$ne matches null and missing', { n: { $ne: 5 } }, ['b', 'c', 'd', 'e', 'f']],
    ['$gt never matches null', { n: { $gt: -100 } }, ['a', 'b', 'e', 'f']],
    ['$lte numeric', { n: { $lte: 0 } }, ['e', 'f']],
    ['$gt strings by code point', { s: { $gt: 'Z' } }, ['b', 'f']],
    ['$gte booleans false < true', { b: { $gte: false } }, ['a', 'b', 'e', 'f']],
    ['$gt true matches nothing', { b: { $gt: true } }, []],
    ['$gte on a date field is chronological', { d: { $gte: '2024-01-01' } }, ['a', 'b', 'f']],
    [
      '$lt on a date field mixes shapes',
      { d: { $lt: '2024-01-01T00:00:00.001Z' } },
      ['a', 'e', 'f'],
    ],
    ['$in type-strict', { n: { $in: [5, '10', 0] } }, ['a', 'f']],
    ['$in with null matches null and missing', { n: { $in: [null, 10] } }, ['b', 'c', 'd']],
    ['$in [] matches nothing', { n: { $in: [] } }, []],
    ['$nin [] matches everything', { n: { $nin: [] } }, ['a', 'b', 'c', 'd', 'e', 'f']],
    ['$nin matches null and missing', { n: { $nin: [5, 10] } }, ['c', 'd', 'e', 'f']],
    ['$contains is case-sensitive', { s: { $contains: 'pple' } }, ['a', 'b']],
    ['$contains is literal for % _ \\ * .', { s: { $contains: '%_done\\*.' } }, ['e']],
    ['$contains finds an astral character', { s: { $contains: '\u{1F600}' } }, ['f']],
    ['$contains on an array means has element', { t: { $contains: 'y' } }, ['a', 'e']],
    ['$contains on an array is case-sensitive', { t: { $contains: 'x' } }, ['a']],
    [
      '$notContains matches null and missing',
      { s: { $notContains: 'pple' } },
      ['c', 'd', 'e', 'f'],
    ],
    ['$startsWith is case-sensitive', { s: { $startsWith: 'A' } }, ['a']],
    ['$endsWith literal', { s: { $endsWith: '*.' } }, ['e']],
    ['$null true matches null and missing', { n: { $null: true } }, ['c', 'd']],
    [
      '$null false: empty string and empty array are values',
      { t: { $null: false } },
      ['a', 'b', 'e', 'f'],
    ],
    ['$eq on an array field never matches a scalar', { t: { $eq: 'y' } }, []],
    ['$ne on an array field always matches', { t: { $ne: 'y' } }, ['a', 'b', 'c', 'd', 'e', 'f']],
    ['$and', { $and: [{ n: { $gte: 0 } }, { b: { $eq: true } }] }, ['a']],
    ['$or', { $or: [{ n: { $eq: 10 } }, { s: { $eq: '' } }] }, ['b', 'c']],
    [
      '$not is the exact complement (nulls included)',
      { $not: { n: { $gt: 0 } } },
      ['c', 'd', 'e', 'f'],
    ],
    [
      'nested $not $or',
      { $not: { $or: [{ n: { $null: true } }, { b: { $eq: false } }] } },
      ['a', 'e'],
    ],
  ])('%s', (_name, where, expected) => {
    expect(ids(where)).toEqual(expected)
  })

  it('an empty or missing filter matches everything', () => {
    expect(ids({})).toHaveLength(RECORDS.length)
    expect(RECORDS.filter(compileFilter(undefined))).toHaveLength(RECORDS.length)
  })

  it('field names are data, never code (no injection through a field name)', () => {
    const field = 'x"] || true || r["y'
    const where = { [field]: { $eq: 1 } }
    const match = compileFilter(where)
    expect(match({ id: '1', [field]: 1 })).toBe(true)
    expect(match({ id: '2', x: 1, y: 1 })).toBe(false)
  })

  it('fields named like Object.prototype members count only when present', () => {
    expect(compileFilter({ constructor: { $null: true } })({ id: '1' })).toBe(true)
    expect(compileFilter({ toString: { $null: false } })({ id: '1' })).toBe(false)
    expect(compileFilter({ ['__proto__']: { $null: true } })({ id: '1' })).toBe(true)
  })
})

describe('compileFilter errors', () => {
  it.each<[string, unknown, string]>([
    ['unknown operator', { n: { $regex: 'a' } }, 'INVALID_FILTER'],
    ['two operators in a leaf', { n: { $gt: 1, $lt: 3 } }, 'INVALID_FILTER'],
    ['implicit equality (not canonical)', { n: 5 }, 'INVALID_FILTER'],
    ['non-array $in', { n: { $in: 5 } }, 'INVALID_FILTER'],
    ['empty $and', { $and: [] }, 'INVALID_FILTER'],
    ['unknown logical operator', { $nor: [{ n: { $eq: 1 } }] }, 'INVALID_FILTER'],
    ['null $eq operand', { n: { $eq: null } }, 'INVALID_FILTER'],
    ['unknown field', { nope: { $eq: 1 } }, 'INVALID_FIELD'],
  ])('%s fails with its code', (_name, where, code) => {
    let thrown: unknown
    try {
      compileFilter(where as FilterCondition, new Set(['n', 'id']))
    } catch (error) {
      thrown = error
    }
    expect(hasErrorCode(thrown, code as 'INVALID_FILTER')).toBe(true)
  })
})

describe('shape cache', () => {
  beforeEach(() => clearFilterCache())

  it('compiles one predicate per shape, binding different values', () => {
    const over5 = compileFilter({ n: { $gt: 5 } })
    const over9 = compileFilter({ n: { $gt: 9 } })
    expect(compiledShapeCount()).toBe(1)
    expect(over5({ id: '1', n: 7 })).toBe(true)
    expect(over9({ id: '1', n: 7 })).toBe(false)
    compileFilter({ n: { $gt: 'a' } }) // a string operand compares differently: a new shape
    compileFilter({ n: { $lt: 5 } })
    expect(compiledShapeCount()).toBe(3)
  })

  it(`keeps at most ${FILTER_CACHE_SIZE} shapes`, () => {
    for (let i = 0; i < FILTER_CACHE_SIZE + 25; i++) compileFilter({ [`f${i}`]: { $eq: i } })
    expect(compiledShapeCount()).toBe(FILTER_CACHE_SIZE)
    expect(compileFilter({ f0: { $eq: 0 } })({ id: '1', f0: 0 })).toBe(true)
  })
})

const fieldValue = {
  n: fc.oneof(fc.constant(null), fc.integer({ min: -3, max: 3 }), fc.constant(0.5)),
  s: fc.oneof(fc.constant(null), fc.constantFrom('', 'a', 'A', 'ab', 'b%', '\u{1F600}', 'é')),
  b: fc.oneof(fc.constant(null), fc.boolean()),
  d: fc.oneof(
    fc.constant(null),
    fc.constantFrom('2024-01-01', '2024-01-01T00:00:00.000Z', '2025-06-01T10:00:00.000Z'),
  ),
  t: fc.oneof(fc.constant(null), fc.array(fc.constantFrom('a', 'b', 'A'), { maxLength: 2 })),
}
const record = fc.record(fieldValue, { requiredKeys: [] })

const leaf: fc.Arbitrary<FilterCondition> = fc.oneof(
  fc
    .record({
      op: fc.constantFrom('$eq', '$ne', '$gt', '$gte', '$lt', '$lte'),
      v: fc.integer({ min: -3, max: 3 }),
    })
    .map(({ op, v }) => ({ n: { [op]: v } })),
  fc
    .record({
      op: fc.constantFrom(
        '$eq',
        '$ne',
        '$gt',
        '$lte',
        '$contains',
        '$notContains',
        '$startsWith',
        '$endsWith',
      ),
      v: fc.constantFrom('', 'a', 'A', 'b%', '\u{1F600}', 'é'),
    })
    .map(({ op, v }) => ({ s: { [op]: v } })),
  fc
    .record({ op: fc.constantFrom('$eq', '$ne', '$gte', '$lt'), v: fc.boolean() })
    .map(({ op, v }) => ({ b: { [op]: v } })),
  fc
    .record({
      op: fc.constantFrom('$gt', '$lte'),
      v: fc.constantFrom('2024-01-01', '2024-06-01T00:00:00.000Z'),
    })
    .map(({ op, v }) => ({ d: { [op]: v } })),
  fc
    .record({ op: fc.constantFrom('$contains', '$notContains'), v: fc.constantFrom('a', 'A') })
    .map(({ op, v }) => ({ t: { [op]: v } })),
  fc
    .record({ f: fc.constantFrom('n', 's', 'b', 'd', 't'), v: fc.boolean() })
    .map(({ f, v }) => ({ [f]: { $null: v } })),
  fc
    .record({
      op: fc.constantFrom('$in', '$nin'),
      v: fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(null)), { maxLength: 3 }),
    })
    .map(({ op, v }) => ({ n: { [op]: v } })),
)
const filter: fc.Arbitrary<FilterCondition> = fc.letrec<{ node: FilterCondition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((c) => ({ $and: c })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((c) => ({ $or: c })),
    tie('node').map((c) => ({ $not: c })),
  ),
})).node

describe('compileFilter properties', () => {
  it('generated code agrees with the closure interpreter', () => {
    fc.assert(
      fc.property(filter, fc.array(record, { maxLength: 8 }), (where, records) => {
        const compiled = compileFilter(where, undefined, { dateFields: DATES })
        const interpreted = interpretFilter(
          toFilterNode(where) ?? { kind: 'and', children: [] },
          DATES,
        )
        return records.every((r) => compiled(r) === interpreted(r))
      }),
      { seed: SEED, numRuns: 500 },
    )
  })

  it('DRV-FLT-007 $not matches exactly the records its child does not', () => {
    fc.assert(
      fc.property(filter, record, (where, r) => {
        const child = compileFilter(where, undefined, { dateFields: DATES })
        return compileFilter({ $not: where }, undefined, { dateFields: DATES })(r) === !child(r)
      }),
      { seed: SEED, numRuns: 500 },
    )
  })
})
