import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  RedisTestBed,
  REDIS_URL,
  expectCode,
  findTasks,
  suiteTitle,
} from './redis-driver.test-utils.js'
import type { RedisDriver } from './redis-driver.js'
import type { SortNode } from '../../kernel/spec/query-ast.js'

const ORDER_RECORDS = [
  { id: 'r1', title: 'b', n: 10, done: true, due: '2024-03-01T00:00:00.000Z', day: '2024-03-01' },
  { id: 'r2', title: 'B', n: 9, done: false, due: '2023-12-31T23:59:59.999Z', day: '2024-01-15' },
  { id: 'r3', title: '\u{1F600}', n: null, done: null, due: null, day: null },
  { id: 'r4' },
  {
    id: 'r5',
    title: '\uFFFD',
    n: -2,
    done: true,
    due: '2024-01-01T00:00:00.000Z',
    day: '2023-02-01',
  },
  { id: 'r6', title: 'a', n: 9, done: false, due: '2024-01-01T00:00:00.001Z', day: '2024-01-15' },
]

describe.skipIf(REDIS_URL === undefined)(
  suiteTitle('redis driver: order, paging, projection'),
  () => {
    const bed = new RedisTestBed('query')
    let ordered: RedisDriver
    beforeAll(async () => {
      ordered = await bed.driver(ORDER_RECORDS)
    })
    afterAll(() => bed.close())

    const order = async (orderBy: SortNode[]): Promise<string[]> =>
      (await findTasks(ordered, { orderBy })).map((r) => r.id)
    it('DRV-ORD-001 numbers sort numerically', async () => {
      expect(await order([{ field: 'n', order: 'asc' }])).toEqual([
        'r3',
        'r4',
        'r5',
        'r2',
        'r6',
        'r1',
      ])
    })

    it('DRV-ORD-002 strings sort by code point, not locale (emoji after U+FFFD, B before a)', async () => {
      expect(await order([{ field: 'title', order: 'asc' }])).toEqual([
        'r4',
        'r2',
        'r6',
        'r1',
        'r5',
        'r3',
      ])
    })

    it('DRV-ORD-003 datetimes and dates sort chronologically', async () => {
      expect(await order([{ field: 'due', order: 'asc' }])).toEqual([
        'r3',
        'r4',
        'r2',
        'r5',
        'r6',
        'r1',
      ])
      expect(await order([{ field: 'day', order: 'desc' }])).toEqual([
        'r1',
        'r2',
        'r6',
        'r5',
        'r3',
        'r4',
      ])
    })

    it('DRV-ORD-004 booleans sort false before true', async () => {
      expect(await order([{ field: 'done', order: 'asc' }])).toEqual([
        'r3',
        'r4',
        'r2',
        'r6',
        'r1',
        'r5',
      ])
    })

    it('DRV-ORD-005 null and missing sort first ascending and last descending', async () => {
      expect((await order([{ field: 'n', order: 'asc' }])).slice(0, 2)).toEqual(['r3', 'r4'])
      expect((await order([{ field: 'n', order: 'desc' }])).slice(-2)).toEqual(['r3', 'r4'])
    })

    it('DRV-ORD-006 later sort keys only break ties of earlier ones', async () => {
      const keys: SortNode[] = [
        { field: 'day', order: 'asc' },
        { field: 'title', order: 'desc' },
      ]
      expect(await order(keys)).toEqual(['r3', 'r4', 'r5', 'r6', 'r2', 'r1'])
    })

    it('DRV-PAGE-001 offset and limit apply after ordering; pages partition the result', async () => {
      for (const orderBy of [
        [{ field: 'n', order: 'desc' }],
        [{ field: 'title', order: 'asc' }],
      ] as SortNode[][]) {
        const all = (await findTasks(ordered, { orderBy })).map((r) => r.id)
        expect(all).toHaveLength(ORDER_RECORDS.length)
        for (const size of [1, 2, 4]) {
          const pages: string[] = []
          for (let offset = 0; offset < all.length; offset += size) {
            pages.push(
              ...(await findTasks(ordered, { orderBy, offset, limit: size })).map((r) => r.id),
            )
          }
          expect(pages).toEqual(all)
        }
        const middle = await findTasks(ordered, {
          orderBy,
          offset: 1,
          limit: 2,
          where: { n: { $gte: -5 } },
        })
        const filtered = (await findTasks(ordered, { orderBy, where: { n: { $gte: -5 } } })).map(
          (r) => r.id,
        )
        expect(middle.map((r) => r.id)).toEqual(filtered.slice(1, 3))
      }
    })

    it('DRV-PAGE-002 limit 0 and an offset past the end return nothing', async () => {
      expect(await findTasks(ordered, { limit: 0 })).toEqual([])
      expect(await findTasks(ordered, { offset: ORDER_RECORDS.length })).toEqual([])
      expect(await findTasks(ordered, { offset: 100, limit: 5 })).toEqual([])
      await expectCode(findTasks(ordered, { limit: -1 }), 'INVALID_QUERY')
      await expectCode(findTasks(ordered, { offset: 1.5 }), 'INVALID_QUERY')
    })

    it('DRV-PROJ-001 fields returns only those keys (plus id) with the stored values', async () => {
      const rows = await findTasks(ordered, { fields: ['id', 'title', 'day'] })
      expect(rows).toHaveLength(ORDER_RECORDS.length)
      for (const row of rows) {
        expect(Object.keys(row).every((key) => ['id', 'title', 'day'].includes(key))).toBe(true)
        const stored = ORDER_RECORDS.find((r) => r.id === row.id) as Record<string, unknown>
        expect(row['title']).toEqual(stored['title'])
        expect(row['day']).toEqual(stored['day'])
      }
      expect(await ordered.findOne('task', 'r1', { object: 'task', fields: ['n'] })).toEqual({
        id: 'r1',
        n: 10,
      })
      await expectCode(findTasks(ordered, { fields: ['id', 'nope'] }), 'INVALID_FIELD')
    })
  },
)
