import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import { aggregateRecords } from './record-aggregator.js'
import type { QuerySchema } from './query-schema.js'
import type { DataRecord } from '../spec/object-config.js'
import type { QueryAST } from '../spec/query-ast.js'

const schema: QuerySchema = {
  fields: new Set(['id', 'kind', 'n', 'name', 'at', 'tags']),
  dateFields: new Set(['at']),
  numericFields: new Set(['n']),
}

const records: DataRecord[] = [
  { id: '1', kind: 'b', n: 2, name: 'x', at: '2024-01-02', tags: ['a'] },
  { id: '2', kind: 'a', n: 4, name: 'y', at: '2024-01-01T10:00:00.000Z', tags: ['a'] },
  { id: '3', kind: null, n: null, name: 'x' },
  { id: '4', n: 6, name: 'x', at: '2023-05-05', tags: ['b'] },
  { id: '5', kind: 'b', n: 2, name: null },
]

function run(query: Omit<QueryAST, 'object'>): Record<string, unknown>[] {
  return aggregateRecords(records, { object: 't', ...query }, schema)
}

describe('aggregateRecords', () => {
  it('computes every function over all records, ignoring nulls', () => {
    const [row] = run({
      aggregations: [
        { function: 'count', alias: 'rows' },
        { function: 'count', field: 'n', alias: 'withN' },
        { function: 'sum', field: 'n', alias: 'sum' },
        { function: 'avg', field: 'n', alias: 'avg' },
        { function: 'min', field: 'n', alias: 'min' },
        { function: 'max', field: 'at', alias: 'latest' },
        { function: 'count_distinct', field: 'name', alias: 'names' },
        { function: 'sum', field: 'n', alias: 'sumDistinct', distinct: true },
      ],
    })
    expect(row).toEqual({
      rows: 5,
      withN: 4,
      sum: 14,
      avg: 3.5,
      min: 2,
      latest: '2024-01-02',
      names: 2,
      sumDistinct: 12,
    })
  })

  it('over no matching records: one row, counts 0 and the rest null', () => {
    const rows = run({
      where: { n: { $gt: 100 } },
      aggregations: [
        { function: 'count', alias: 'c' },
        { function: 'count_distinct', field: 'name', alias: 'cd' },
        { function: 'sum', field: 'n', alias: 's' },
        { function: 'avg', field: 'n', alias: 'a' },
        { function: 'min', field: 'n', alias: 'mi' },
        { function: 'max', field: 'n', alias: 'ma' },
      ],
    })
    expect(rows).toEqual([{ c: 0, cd: 0, s: null, a: null, mi: null, ma: null }])
  })

  it('groups with null and missing as one group, in spec order of group values', () => {
    const rows = run({ groupBy: ['kind'], aggregations: [{ function: 'count', alias: 'c' }] })
    expect(rows).toEqual([
      { kind: null, c: 2 },
      { kind: 'a', c: 1 },
      { kind: 'b', c: 2 },
    ])
    expect(run({ where: { n: { $gt: 100 } }, groupBy: ['kind'] })).toEqual([])
  })

  it('groups by several fields and by whole array values', () => {
    const rows = run({
      groupBy: ['kind', 'name'],
      aggregations: [{ function: 'sum', field: 'n', alias: 's' }],
    })
    expect(rows).toEqual([
      { kind: null, name: 'x', s: 6 },
      { kind: 'a', name: 'y', s: 4 },
      { kind: 'b', name: null, s: 2 },
      { kind: 'b', name: 'x', s: 2 },
    ])
    expect(run({ groupBy: ['tags'] })).toEqual([{ tags: null }, { tags: ['a'] }, { tags: ['b'] }])
  })

  it('filters groups with having over aliases and group fields, then orders and pages', () => {
    const query = {
      groupBy: ['kind'],
      aggregations: [{ function: 'count', alias: 'c' } as const],
      having: { $and: [{ c: { $gte: 2 } }, { kind: { $ne: 'zzz' } }] },
    }
    expect(run(query)).toEqual([
      { kind: null, c: 2 },
      { kind: 'b', c: 2 },
    ])
    expect(run({ ...query, orderBy: [{ field: 'kind', order: 'desc' }], limit: 1 })).toEqual([
      { kind: 'b', c: 2 },
    ])
  })

  it('rejects malformed aggregations with coded errors', () => {
    const cases: [Omit<QueryAST, 'object'>, string][] = [
      [{}, 'INVALID_QUERY'],
      [
        { aggregations: [{ function: 'median' as 'sum', field: 'n', alias: 'm' }] },
        'INVALID_QUERY',
      ],
      [{ aggregations: [{ function: 'sum', alias: 's' }] }, 'INVALID_QUERY'],
      [{ aggregations: [{ function: 'sum', field: 'name', alias: 's' }] }, 'INVALID_QUERY'],
      [
        { aggregations: [{ function: 'count', alias: 'kind' }], groupBy: ['kind'] },
        'INVALID_QUERY',
      ],
      [{ aggregations: [{ function: 'max', field: 'zzz', alias: 'm' }] }, 'INVALID_FIELD'],
      [{ groupBy: ['zzz'] }, 'INVALID_FIELD'],
      [{ groupBy: ['kind'], having: { n: { $gt: 1 } } }, 'INVALID_FIELD'],
      [{ groupBy: ['kind'], where: { kind: { $like: 'a' } } }, 'INVALID_FILTER'],
    ]
    for (const [query, code] of cases) {
      let thrown: unknown
      try {
        run(query)
      } catch (error) {
        thrown = error
      }
      expect(hasErrorCode(thrown, code as 'INVALID_QUERY'), JSON.stringify(query)).toBe(true)
    }
  })
})
