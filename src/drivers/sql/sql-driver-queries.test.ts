import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import type { QueryAST, SortNode } from '../../kernel/spec/query-ast.js'
import type { SqlDriver } from './sql-driver.js'
import {
  ITEM_OBJECT,
  SQL_TEST_DIALECTS,
  openDriver,
  removeTempFiles,
} from './sql-dialects.test-utils.js'
import type { OpenedDriver } from './sql-dialects.test-utils.js'
import { compareCodePoints, matches, sortRows } from './sql-reference-model.test-utils.js'

const ROWS: readonly Record<string, unknown>[] = [
  { id: 'a1', title: 'b', qty: 10, done: true, status: 'open', due: '2024-01-02T00:00:00.000Z' },
  { id: 'a2', title: 'B', qty: 9, done: false, status: 'open', due: '2023-01-02T00:00:00.000Z' },
  { id: 'a3', title: 'a', qty: 100, status: 'closed', due: '2024-01-01T23:59:59.999Z' },
  { id: 'a4', qty: -5, done: true, status: 'closed' },
  { id: 'a5', title: '😀', qty: 9, done: false },
  { id: 'a6', title: '\uffff', qty: 2.5, done: true, status: 'open' },
  { id: 'a7', title: 'a ', done: false, status: 'closed', due: '1999-12-31T00:00:00.000Z' },
  { id: 'a8', title: 'é', qty: 9 },
  { id: 'a9', title: 'e\u0301', qty: 1e-9, done: true, status: 'open' },
  { id: 'a10', title: '', qty: 0, done: false },
]

const withId = (orderBy: SortNode[]): SortNode[] => [...orderBy, { field: 'id', order: 'asc' }]
const ids = (rows: readonly Record<string, unknown>[]): unknown[] => rows.map((r) => r['id'])

for (const dialect of SQL_TEST_DIALECTS) {
  describe.skipIf(dialect.skip)(`${dialect.title}: order, paging, aggregation`, () => {
    let opened: OpenedDriver
    let driver: SqlDriver
    const find = (query: Partial<QueryAST>) => driver.find('item', { object: 'item', ...query })

    beforeAll(async () => {
      opened = await openDriver(dialect, 'qry', [ITEM_OBJECT])
      driver = opened.driver
      await driver.bulkCreate('item', ROWS)
    })

    afterAll(async () => {
      await opened.close()
      removeTempFiles()
    })

    const sorts: readonly [string, SortNode[]][] = [
      ['DRV-ORD-001 numbers sort numerically', [{ field: 'qty', order: 'asc' }]],
      ['DRV-ORD-002 strings sort by code point', [{ field: 'title', order: 'asc' }]],
      ['DRV-ORD-002 strings sort by code point, descending', [{ field: 'title', order: 'desc' }]],
      ['DRV-ORD-003 datetimes sort chronologically', [{ field: 'due', order: 'asc' }]],
      ['DRV-ORD-004 booleans sort false before true', [{ field: 'done', order: 'asc' }]],
      ['DRV-ORD-005 nulls sort first ascending', [{ field: 'status', order: 'asc' }]],
      ['DRV-ORD-005 nulls sort last descending', [{ field: 'done', order: 'desc' }]],
      [
        'DRV-ORD-006 later keys break ties of earlier ones',
        [
          { field: 'status', order: 'desc' },
          { field: 'qty', order: 'desc' },
          { field: 'title', order: 'asc' },
        ],
      ],
    ]

    it.each(sorts)('%s', async (_name, orderBy) => {
      const expected = sortRows(ROWS, withId(orderBy))
      expect(ids(await find({ orderBy: withId(orderBy) }))).toEqual(ids(expected))
    })

    it('DRV-PAGE-001 pages of a totally ordered query partition its result', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('qty', 'title', 'done', 'status', 'due'),
          fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
          fc.integer({ min: 1, max: 4 }),
          async (field, order, size) => {
            const orderBy = withId([{ field, order }])
            const pages: unknown[] = []
            for (let offset = 0; offset < ROWS.length + size; offset += size) {
              pages.push(...ids(await find({ orderBy, limit: size, offset })))
            }
            expect(pages).toEqual(ids(sortRows(ROWS, orderBy)))
          },
        ),
        { seed: 7, numRuns: 20 },
      )
    })

    it('DRV-PAGE-002 limit 0 and an offset past the end return no records', async () => {
      expect(await find({ limit: 0 })).toEqual([])
      expect(await find({ offset: 1000, orderBy: withId([]) })).toEqual([])
      expect(ids(await find({ offset: 8, orderBy: withId([]) }))).toEqual(['a8', 'a9'])
      await expect(find({ limit: -1 })).rejects.toSatisfy((e) => hasErrorCode(e, 'INVALID_QUERY'))
      await expect(find({ orderBy: [{ field: 'meta', order: 'asc' }] })).rejects.toSatisfy((e) =>
        hasErrorCode(e, 'INVALID_QUERY'),
      )
    })

    it('DRV-AGG-002/003 aggregates ignore nulls; empty sets give 0 and null', async () => {
      const [row] = await driver.aggregate('item', {
        object: 'item',
        aggregations: [
          { function: 'count', alias: 'rows' },
          { function: 'count', field: 'title', alias: 'titled' },
          { function: 'sum', field: 'qty', alias: 'total' },
          { function: 'avg', field: 'qty', alias: 'mean' },
          { function: 'min', field: 'title', alias: 'first' },
          { function: 'max', field: 'due', alias: 'latest' },
          { function: 'count_distinct', field: 'status', alias: 'statuses' },
        ],
      })
      const qty = ROWS.map((r) => r['qty']).filter((q): q is number => typeof q === 'number')
      expect(row).toEqual({
        rows: 10,
        titled: 9,
        total: qty.reduce((a, b) => a + b, 0),
        mean: expect.closeTo(qty.reduce((a, b) => a + b, 0) / qty.length, 9) as unknown,
        first: '',
        latest: '2024-01-02T00:00:00.000Z',
        statuses: 2,
      })
      const [empty] = await driver.aggregate('item', {
        object: 'item',
        where: { qty: { $gt: 1e6 } },
        aggregations: [
          { function: 'count', alias: 'n' },
          { function: 'sum', field: 'qty', alias: 's' },
          { function: 'avg', field: 'qty', alias: 'a' },
          { function: 'min', field: 'qty', alias: 'lo' },
          { function: 'max', field: 'done', alias: 'hi' },
        ],
      })
      expect(empty).toEqual({ n: 0, s: null, a: null, lo: null, hi: null })
    })

    it('DRV-AGG-004 groupBy makes one row per value with null as its own group', async () => {
      const rows = await driver.aggregate('item', {
        object: 'item',
        groupBy: ['status', 'done'],
        aggregations: [
          { function: 'count', alias: 'n' },
          { function: 'max', field: 'qty', alias: 'top' },
        ],
      })
      const groups = new Map<string, Record<string, unknown>[]>()
      for (const r of ROWS) {
        const key = JSON.stringify([r['status'] ?? null, r['done'] ?? null])
        groups.set(key, [...(groups.get(key) ?? []), r])
      }
      const expected = [...groups.entries()].map(([key, members]) => {
        const [status, done] = JSON.parse(key) as [unknown, unknown]
        const qty = members.map((m) => m['qty']).filter((q): q is number => typeof q === 'number')
        return { status, done, n: members.length, top: qty.length === 0 ? null : Math.max(...qty) }
      })
      // DRV-AGG-007 (SHOULD): groups come in spec order of their values.
      const ordered = sortRows(expected, [
        { field: 'status', order: 'asc' },
        { field: 'done', order: 'asc' },
      ])
      expect(rows).toEqual(ordered)
    })

    it('DRV-AGG-005 having filters groups by values and aliases', async () => {
      const rows = await driver.aggregate('item', {
        object: 'item',
        groupBy: ['status'],
        aggregations: [
          { function: 'count', alias: 'n' },
          { function: 'sum', field: 'qty', alias: 's' },
        ],
        having: { $and: [{ n: { $gte: 3 } }, { $not: { status: { $eq: 'closed' } } }] },
        orderBy: [{ field: 'n', order: 'desc' }],
      })
      // The null group passes: NOT (status = 'closed') is true for null (two-valued logic).
      expect(rows).toEqual([
        { status: 'open', n: 4, s: 10 + 9 + 2.5 + 1e-9 },
        { status: null, n: 3, s: 9 + 9 + 0 },
      ])
      await expect(
        driver.aggregate('item', {
          object: 'item',
          groupBy: ['status'],
          aggregations: [{ function: 'sum', field: 'title', alias: 's' }],
        }),
      ).rejects.toSatisfy((e) => hasErrorCode(e, 'INVALID_QUERY'))
    })

    it('DRV-AGG-006 distinct returns each non-null value once, in spec order', async () => {
      const where = { qty: { $gte: 0 } }
      const expectedTitles = [
        ...new Set(
          ROWS.filter((r) => matches(r, where))
            .map((r) => r['title'])
            .filter((t): t is string => typeof t === 'string'),
        ),
      ].sort(compareCodePoints)
      expect(await driver.distinct('item', 'title', where)).toEqual(expectedTitles)
      expect(await driver.distinct('item', 'qty')).toEqual([-5, 0, 1e-9, 2.5, 9, 10, 100])
      expect(await driver.distinct('item', 'done')).toEqual([false, true])
    })

    it('find with aggregations answers like aggregate (upstream engines call find)', async () => {
      const query: QueryAST = {
        object: 'item',
        groupBy: ['done'],
        aggregations: [{ function: 'count', alias: 'n' }],
        orderBy: [{ field: 'id', order: 'asc' }],
      }
      expect(await driver.find('item', query)).toEqual(await driver.aggregate('item', query))
    })
  })
}
