import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FilterCondition } from '../../kernel/spec/query-ast.js'
import {
  NOTES,
  connectedDriver,
  recordingFetch,
  rejection,
  uniqueObject,
} from './remote-driver.test-utils.js'
import type { SentRequest } from './remote-driver.test-utils.js'
import { startRemoteTestServer } from './remote-test-server.test-utils.js'
import type { RemoteTestBackend, RemoteTestServer } from './remote-test-server.test-utils.js'

const backends: readonly RemoteTestBackend[] = ['memory', 'sqlite']

const RECORDS = [
  { id: 'r1', title: 'a+b', stars: 1, done: true, tags: ['x'] },
  { id: 'r2', title: '100%', stars: 2, done: false, tags: ['x', 'y'] },
  { id: 'r3', title: '&x=1 #frag', stars: 2, done: true },
  { id: 'r4', title: 'ü😀"q"', stars: null, done: false, tags: [] },
  { id: 'r5', title: null, stars: 5 },
]

function lists(sent: readonly SentRequest[]): SentRequest[] {
  return sent.filter((r) => r.method === 'GET' && r.url.pathname.startsWith('/api/data/'))
}

function ids(rows: readonly { id: string }[]): string[] {
  return rows.map((row) => row.id)
}

describe.each(backends)('RemoteDriver queries against a REST server over %s', (backend) => {
  let server: RemoteTestServer
  let small: RemoteTestServer
  beforeAll(async () => {
    server = await startRemoteTestServer({ backend })
    small = await startRemoteTestServer({ backend, limits: { maxPageSize: 2 } })
  })
  afterAll(async () => {
    await server.close()
    await small.close()
  })

  async function seeded(target: RemoteTestServer, pageSize?: number) {
    const notes = uniqueObject(NOTES)
    const recorder = recordingFetch()
    const config =
      pageSize === undefined ? { fetch: recorder.fetch } : { fetch: recorder.fetch, pageSize }
    const driver = await connectedDriver(target.url, [notes], config)
    for (const record of RECORDS) await driver.create(notes.name, { ...record })
    return { driver, object: notes.name, sent: recorder.sent }
  }

  it('DRV-FLT-004 DRV-NULL-002 sends the canonical where as the filter parameter, exactly', async () => {
    const { driver, object, sent } = await seeded(server)
    const cases: Array<{ where: FilterCondition; expect: string[] }> = [
      { where: { title: { $eq: 'a+b' } }, expect: ['r1'] },
      { where: { title: { $contains: '%' } }, expect: ['r2'] },
      { where: { title: { $startsWith: '&x=1 #' } }, expect: ['r3'] },
      { where: { title: { $eq: 'ü😀"q"' } }, expect: ['r4'] },
      { where: { stars: { $ne: 2 } }, expect: ['r1', 'r4', 'r5'] },
      {
        where: { $or: [{ stars: { $gt: 1 } }, { $not: { done: { $eq: true } } }] },
        expect: ['r2', 'r3', 'r4', 'r5'],
      },
      { where: { tags: { $contains: 'y' } }, expect: ['r2'] },
    ]
    for (const item of cases) {
      const rows = await driver.find(object, { object, where: item.where })
      expect(ids(rows)).toEqual(item.expect)
      const filter = lists(sent).at(-1)?.url.searchParams.get('filter')
      expect(JSON.parse(filter ?? 'null')).toEqual(item.where)
      expect(await driver.count(object, item.where)).toBe(item.expect.length)
    }
    await driver.disconnect()
  })

  it('DRV-PAGE-001 DRV-PAGE-002 pages through everything in order, one page size at a time', async () => {
    const { driver, object, sent } = await seeded(server, 2)
    const before = lists(sent).length
    const all = await driver.find(object, { object, orderBy: [{ field: 'id', order: 'desc' }] })
    expect(ids(all)).toEqual(['r5', 'r4', 'r3', 'r2', 'r1'])
    const pages = lists(sent).slice(before)
    expect(
      pages.map((r) => [r.url.searchParams.get('limit'), r.url.searchParams.get('offset')]),
    ).toEqual([
      ['2', null],
      ['2', '2'],
      ['2', '4'],
    ])
    expect(ids(await driver.find(object, { object, offset: 1, limit: 3 }))).toEqual([
      'r2',
      'r3',
      'r4',
    ])
    expect(await driver.find(object, { object, limit: 0 })).toEqual([])
    expect(await driver.find(object, { object, offset: 9 })).toEqual([])
    await driver.disconnect()
  })

  it("DRV-PAGE-001 follows a server's smaller maxPageSize (LIMIT_EXCEEDED names it)", async () => {
    const { driver, object, sent } = await seeded(small)
    const rows = await driver.find(object, { object, orderBy: [{ field: 'stars', order: 'asc' }] })
    expect(ids(rows)).toEqual(['r4', 'r1', 'r2', 'r3', 'r5'])
    const limits = lists(sent).map((r) => r.url.searchParams.get('limit'))
    expect(limits).toEqual(['1000', '2', '2', '2'])
    await driver.disconnect()
  })

  it('DRV-PROJ-001 projects find and findOne to the given fields plus id', async () => {
    const { driver, object } = await seeded(server)
    const rows = await driver.find(object, {
      object,
      fields: ['stars'],
      where: { id: { $in: ['r2'] } },
    })
    expect(rows).toEqual([{ id: 'r2', stars: 2 }])
    expect(await driver.findOne(object, 'r1', { object, fields: ['title'] })).toEqual({
      id: 'r1',
      title: 'a+b',
    })
    expect(await driver.findOne(object, 'r1', { object, where: { stars: { $gt: 1 } } })).toBeNull()
    expect(await driver.findOne(object, 'r1', { object, where: {} })).toMatchObject({ id: 'r1' })
    await driver.disconnect()
  })

  it('DRV-AGG-002 DRV-AGG-004 DRV-AGG-006 aggregates and distincts here over the server-filtered records', async () => {
    const { driver, object, sent } = await seeded(server)
    const rows = await driver.aggregate(object, {
      object,
      where: { id: { $ne: 'r1' } },
      groupBy: ['done'],
      aggregations: [
        { function: 'count', alias: 'n' },
        { function: 'sum', field: 'stars', alias: 'total' },
        { function: 'max', field: 'stars', alias: 'top' },
      ],
    })
    expect(rows).toEqual([
      { done: null, n: 1, total: 5, top: 5 },
      { done: false, n: 2, total: 2, top: 2 },
      { done: true, n: 1, total: 2, top: 2 },
    ])
    const request = lists(sent).at(-1)
    expect(request?.url.searchParams.get('fields')).toBe('id,done,stars')
    expect(JSON.parse(request?.url.searchParams.get('filter') ?? 'null')).toEqual({
      id: { $ne: 'r1' },
    })
    expect(await driver.distinct(object, 'stars', { done: { $null: false } })).toEqual([1, 2])
    const bad = await rejection(
      driver.aggregate(object, {
        object,
        aggregations: [{ function: 'sum', field: 'nope', alias: 'x' }],
      }),
    )
    expect(bad).toMatchObject({ code: 'INVALID_FIELD' })
    await driver.disconnect()
  })

  it('refuses what the REST protocol cannot carry, with coded errors', async () => {
    const { driver, object } = await seeded(server)
    const search = await rejection(driver.find(object, { object, search: { query: 'a' } }))
    expect(search).toMatchObject({ code: 'NOT_SUPPORTED' })
    const grouped = await rejection(driver.find(object, { object, groupBy: ['done'] }))
    expect(grouped).toMatchObject({ code: 'INVALID_QUERY' })
    const inTransaction = await rejection(
      driver.count(object, undefined, { transaction: { id: 't' } }),
    )
    expect(inTransaction).toMatchObject({ code: 'NOT_SUPPORTED' })
    expect(await rejection(driver.beginTransaction())).toMatchObject({ code: 'NOT_SUPPORTED' })
    await driver.disconnect()
  })
})
