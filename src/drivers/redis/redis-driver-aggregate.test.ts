import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  RedisTestBed,
  REDIS_URL,
  expectCode,
  findTasks,
  suiteTitle,
} from './redis-driver.test-utils.js'
import type { RedisDriver } from './redis-driver.js'
import type { AggregationNode, FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'

const AGG_RECORDS = [
  { id: '1', status: 'open', n: 3, title: 'x', due: '2024-01-02T00:00:00.000Z' },
  { id: '2', status: 'closed', n: 5, title: 'y', due: '2024-05-01T00:00:00.000Z' },
  { id: '3', status: 'open', n: null, title: 'x' },
  { id: '4', n: 7, title: null },
  { id: '5', status: null, n: 1, title: 'z', due: '2023-01-01T00:00:00.000Z' },
  { id: '6', status: 'open', n: 3, title: 'x', tags: ['a', 'b'] },
]

const ALL_FUNCTIONS: AggregationNode[] = [
  { function: 'count', alias: 'rows' },
  { function: 'count', field: 'n', alias: 'counted' },
  { function: 'sum', field: 'n', alias: 'sum' },
  { function: 'avg', field: 'n', alias: 'avg' },
  { function: 'min', field: 'due', alias: 'first' },
  { function: 'max', field: 'n', alias: 'max' },
  { function: 'count_distinct', field: 'title', alias: 'titles' },
]

/** Values whose spec order differs from naive orders (code points, numbers, null first). */
const ORDER_RECORDS = [
  { id: 'r1', title: 'b', n: 10 },
  { id: 'r2', title: 'B', n: 9 },
  { id: 'r3', title: '\u{1F600}', n: null },
  { id: 'r4' },
  { id: 'r5', title: '\uFFFD', n: -2 },
  { id: 'r6', title: 'a', n: 9 },
]

describe.skipIf(REDIS_URL === undefined)(
  suiteTitle('redis driver: counting and aggregation (DRV-AGG)'),
  () => {
    const bed = new RedisTestBed('aggregate')
    let ordered: RedisDriver
    let grouped: RedisDriver
    beforeAll(async () => {
      ordered = await bed.driver(ORDER_RECORDS)
      grouped = await bed.driver(AGG_RECORDS)
    })
    afterAll(() => bed.close())

    const aggregate = (query: Omit<QueryAST, 'object'>): Promise<Record<string, unknown>[]> =>
      grouped.aggregate('task', { object: 'task', ...query })

    it('DRV-AGG-001 count(where) equals the length of the unpaged find(where)', async () => {
      const filters: (FilterCondition | undefined)[] = [
        undefined,
        { status: { $ne: 'open' } },
        { n: { $gte: 3 } },
        { $not: { title: { $eq: 'x' } } },
        { tags: { $contains: 'a' } },
        { id: { $in: ['1', '2', 'nope'] } },
      ]
      for (const where of filters) {
        expect(await grouped.count('task', where)).toBe(
          (await findTasks(grouped, { where })).length,
        )
      }
      expect(await grouped.count('task', undefined)).toBe(AGG_RECORDS.length)
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
      const onlyNulls = await aggregate({
        where: { id: { $eq: '3' } },
        aggregations: ALL_FUNCTIONS,
      })
      expect(onlyNulls[0]).toMatchObject({ rows: 1, counted: 0, sum: null, avg: null, max: null })
    })

    it('DRV-AGG-004 groupBy makes one row per value combination, null as its own group', async () => {
      const aggregations: AggregationNode[] = [
        { function: 'count', alias: 'c' },
        { function: 'sum', field: 'n', alias: 's' },
      ]
      expect(await aggregate({ groupBy: ['status'], aggregations })).toEqual([
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
      await expectCode(
        aggregate({ groupBy: ['status'], having: { n: { $gt: 1 } } }),
        'INVALID_FIELD',
      )
    })

    it('DRV-AGG-006 distinct returns each non-null value among matching records once', async () => {
      expect(await grouped.distinct('task', 'title')).toEqual(['x', 'y', 'z'])
      expect(await grouped.distinct('task', 'n', { status: { $eq: 'open' } })).toEqual([3])
      expect(await grouped.distinct('task', 'tags')).toEqual([['a', 'b']])
      await expectCode(grouped.distinct('task', 'nope'), 'INVALID_FIELD')
    })

    it('DRV-AGG-007 group rows and distinct values come in spec order', async () => {
      expect(await ordered.distinct('task', 'title')).toEqual([
        'B',
        'a',
        'b',
        '\uFFFD',
        '\u{1F600}',
      ])
      expect(await ordered.distinct('task', 'n')).toEqual([-2, 9, 10])
      const rows = await ordered.aggregate('task', { object: 'task', groupBy: ['n'] })
      expect(rows).toEqual([{ n: null }, { n: -2 }, { n: 9 }, { n: 10 }])
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
      await expectCode(
        grouped.find('task', { object: 'task', groupBy: ['status'] }),
        'INVALID_QUERY',
      )
      await expectCode(
        grouped.find('task', { object: 'task', search: { query: 'x' } }),
        'NOT_SUPPORTED',
      )
    })
  },
)
