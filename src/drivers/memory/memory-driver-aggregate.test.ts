import { describe, expect, it } from 'vitest'
import { expectCode, findTasks, taskDriver } from './memory-driver.test-utils.js'
import type { AggregationNode, FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'

const RECORDS = [
  { id: '1', status: 'open', n: 3, title: 'x', due: '2024-01-02T00:00:00.000Z' },
  { id: '2', status: 'closed', n: 5, title: 'y', due: '2024-05-01T00:00:00.000Z' },
  { id: '3', status: 'open', n: null, title: 'x' },
  { id: '4', n: 7, title: null },
  { id: '5', status: null, n: 1, title: 'z', due: '2023-01-01T00:00:00.000Z' },
  { id: '6', status: 'open', n: 3, title: 'x', tags: ['a', 'b'] },
]

async function aggregate(query: Omit<QueryAST, 'object'>): Promise<Record<string, unknown>[]> {
  return (await taskDriver(RECORDS)).aggregate('task', { object: 'task', ...query })
}

const ALL_FUNCTIONS: AggregationNode[] = [
  { function: 'count', alias: 'rows' },
  { function: 'count', field: 'n', alias: 'counted' },
  { function: 'sum', field: 'n', alias: 'sum' },
  { function: 'avg', field: 'n', alias: 'avg' },
  { function: 'min', field: 'due', alias: 'first' },
  { function: 'max', field: 'n', alias: 'max' },
  { function: 'count_distinct', field: 'title', alias: 'titles' },
]

describe('memory driver: counting and aggregation (DRV-AGG)', () => {
  it('DRV-AGG-001 count(where) equals the length of the unpaged find(where)', async () => {
    const driver = await taskDriver(RECORDS)
    const filters: (FilterCondition | undefined)[] = [
      undefined,
      { status: { $ne: 'open' } },
      { n: { $gte: 3 } },
      { $not: { title: { $eq: 'x' } } },
      { tags: { $contains: 'a' } },
    ]
    for (const where of filters) {
      expect(await driver.count('task', where)).toBe((await findTasks(driver, { where })).length)
    }
  })

  it('DRV-AGG-002 aggregates ignore nulls; count without a field counts records', async () => {
    expect(await aggregate({ aggregations: ALL_FUNCTIONS })).toEqual([
      {
        rows: 6,
        counted: 5,
        sum: 19,
        avg: 3.8,
        first: '2023-01-01T00:00:00.000Z',
        max: 7,
        titles: 3,
      },
    ])
  })

  it('DRV-AGG-003 over no values count is 0 and sum avg min max are null', async () => {
    expect(await aggregate({ where: { n: { $gt: 100 } }, aggregations: ALL_FUNCTIONS })).toEqual([
      { rows: 0, counted: 0, sum: null, avg: null, first: null, max: null, titles: 0 },
    ])
    const onlyNulls = await aggregate({ where: { id: { $eq: '3' } }, aggregations: ALL_FUNCTIONS })
    expect(onlyNulls[0]).toMatchObject({ rows: 1, counted: 0, sum: null, avg: null, max: null })
  })

  it('DRV-AGG-004 groupBy makes one row per value combination, null as its own group', async () => {
    const rows = await aggregate({
      groupBy: ['status'],
      aggregations: [
        { function: 'count', alias: 'c' },
        { function: 'sum', field: 'n', alias: 's' },
      ],
    })
    expect(rows).toEqual([
      { status: null, c: 2, s: 8 },
      { status: 'closed', c: 1, s: 5 },
      { status: 'open', c: 3, s: 6 },
    ])
  })

  it('DRV-AGG-005 having filters grouped rows by group values and aliases', async () => {
    const rows = await aggregate({
      groupBy: ['status', 'title'],
      aggregations: [{ function: 'count', alias: 'c' }],
      having: { $or: [{ c: { $gte: 2 } }, { status: { $null: true } }] },
    })
    expect(rows).toEqual([
      { status: null, title: null, c: 1 },
      { status: null, title: 'z', c: 1 },
      { status: 'open', title: 'x', c: 3 },
    ])
    await expectCode(aggregate({ groupBy: ['status'], having: { n: { $gt: 1 } } }), 'INVALID_FIELD')
  })

  it('DRV-AGG-006 distinct returns each non-null value among matching records once', async () => {
    const driver = await taskDriver(RECORDS)
    expect(await driver.distinct('task', 'title')).toEqual(['x', 'y', 'z'])
    expect(await driver.distinct('task', 'n', { status: { $eq: 'open' } })).toEqual([3])
    expect(await driver.distinct('task', 'tags')).toEqual([['a', 'b']])
    await expectCode(driver.distinct('task', 'nope'), 'INVALID_FIELD')
  })

  it('DRV-AGG-007 group rows and distinct values come in spec order', async () => {
    const driver = await taskDriver([
      { id: 'a', title: '\u{1F600}', n: 10 },
      { id: 'b', title: '\uFFFD', n: 9 },
      { id: 'c', title: 'Z', n: -1 },
      { id: 'd', title: 'a', n: 9 },
    ])
    expect(await driver.distinct('task', 'title')).toEqual(['Z', 'a', '\uFFFD', '\u{1F600}'])
    expect(await driver.distinct('task', 'n')).toEqual([-1, 9, 10])
    const rows = await driver.aggregate('task', { object: 'task', groupBy: ['n'] })
    expect(rows).toEqual([{ n: -1 }, { n: 9 }, { n: 10 }])
  })

  it('rejects malformed aggregations with coded errors', async () => {
    await expectCode(aggregate({}), 'INVALID_QUERY')
    await expectCode(
      aggregate({ aggregations: [{ function: 'sum', field: 'title', alias: 's' }] }),
      'INVALID_QUERY',
    )
    await expectCode(
      aggregate({ aggregations: [{ function: 'avg', field: 'zz', alias: 'a' }] }),
      'INVALID_FIELD',
    )
    await expectCode(aggregate({ groupBy: ['zz'] }), 'INVALID_FIELD')
    await expectCode(
      aggregate({ groupBy: ['status'], where: { status: { $like: 'o' } } }),
      'INVALID_FILTER',
    )
  })
})
