import { describe, expect, it } from 'vitest'
import { findTasks, taskDriver } from './memory-driver.test-utils.js'
import type { SortNode } from '../../kernel/spec/query-ast.js'

const RECORDS = [
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

async function order(orderBy: SortNode[]): Promise<string[]> {
  return (await findTasks(await taskDriver(RECORDS), { orderBy })).map((r) => r.id)
}

describe('memory driver: order (DRV-ORD)', () => {
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
    const asc = await order([{ field: 'n', order: 'asc' }])
    const desc = await order([{ field: 'n', order: 'desc' }])
    expect(asc.slice(0, 2)).toEqual(['r3', 'r4'])
    expect(desc.slice(-2)).toEqual(['r3', 'r4'])
  })

  it('DRV-ORD-006 later sort keys only break ties of earlier ones', async () => {
    expect(
      await order([
        { field: 'day', order: 'asc' },
        { field: 'title', order: 'desc' },
      ]),
    ).toEqual(['r3', 'r4', 'r5', 'r6', 'r2', 'r1'])
  })
})

describe('memory driver: paging (DRV-PAGE) and projection (DRV-PROJ)', () => {
  it('DRV-PAGE-001 offset and limit apply after ordering; pages partition the result', async () => {
    const driver = await taskDriver(RECORDS)
    const orderBy: SortNode[] = [{ field: 'n', order: 'desc' }]
    const all = (await findTasks(driver, { orderBy })).map((r) => r.id)
    for (const size of [1, 2, 4]) {
      const pages: string[] = []
      for (let offset = 0; offset < all.length; offset += size) {
        const page = await findTasks(driver, { orderBy, offset, limit: size })
        pages.push(...page.map((r) => r.id))
      }
      expect(pages).toEqual(all)
    }
    expect((await findTasks(driver, { orderBy, offset: 1, limit: 2 })).map((r) => r.id)).toEqual(
      all.slice(1, 3),
    )
  })

  it('DRV-PAGE-002 limit 0 and an offset past the end return nothing', async () => {
    const driver = await taskDriver(RECORDS)
    expect(await findTasks(driver, { limit: 0 })).toEqual([])
    expect(await findTasks(driver, { offset: RECORDS.length })).toEqual([])
    expect(await findTasks(driver, { offset: 100, limit: 5 })).toEqual([])
  })

  it('DRV-PROJ-001 fields returns only those keys (plus id) with the stored values', async () => {
    const driver = await taskDriver(RECORDS)
    const rows = await findTasks(driver, { fields: ['id', 'title', 'day'] })
    for (const row of rows) {
      expect(Object.keys(row).every((key) => ['id', 'title', 'day'].includes(key))).toBe(true)
      const stored = RECORDS.find((r) => r.id === row.id) as Record<string, unknown>
      expect(row['title']).toEqual(stored['title'])
    }
    const one = await driver.findOne('task', 'r1', { object: 'task', fields: ['n'] })
    expect(one).toEqual({ id: 'r1', n: 10 })
  })
})
