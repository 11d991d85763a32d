import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { Kernel } from '../../kernel/kernel.js'
import { startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { createRestServer } from './rest-server.js'

let kernel: Kernel
let app: FastifyInstance

interface Page {
  items: DataRecord[]
  meta: { total?: number; limit: number; offset: number; next_cursor?: string }
}

async function list(
  query: string,
): Promise<{ status: number; body: Page & { error?: { code: string } } }> {
  const response = await app.inject({ method: 'GET', url: `/api/data/tasks${query}` })
  return {
    status: response.statusCode,
    body: JSON.parse(response.body) as Page & { error?: { code: string } },
  }
}

const q = (value: unknown): string => encodeURIComponent(JSON.stringify(value))

beforeAll(async () => {
  kernel = await startTrackerKernel()
  app = createRestServer(kernel.bridge, { limits: { maxPageSize: 50, defaultPageSize: 10 } })
  const project = await kernel.create('projects', { name: 'Apollo', code: 'APL' })
  const priorities = ['low', 'normal', 'high']
  for (let i = 0; i < 23; i++) {
    await kernel.create('tasks', {
      title: `Task ${String(i % 7).padStart(2, '0')}`,
      project: project.id,
      priority: priorities[i % 3],
      estimate_hours: i % 5 === 0 ? null : i,
      done: i % 2 === 0,
    })
  }
})

afterAll(async () => {
  await app.close()
  await kernel.stop()
})

describe('REST list', () => {
  it('PRT-REST filters with canonical FilterCondition and legacy arrays alike', async () => {
    const canonical = await list(
      `?filter=${q({ priority: 'high', estimate_hours: { $gte: 5 } })}&count=true&limit=50`,
    )
    const expected = await kernel.find('tasks', {
      where: { priority: 'high', estimate_hours: { $gte: 5 } },
      limit: 50,
    })
    expect(canonical.body.items).toEqual(expected)
    expect(canonical.body.meta.total).toBe(expected.length)
    const legacy = await list(
      `?filters=${q([['priority', '=', 'high'], 'and', ['estimate_hours', '>=', 5]])}&limit=50`,
    )
    expect(legacy.body.items).toEqual(expected)
  })

  it('sorts with -field and "field dir" forms, projects fields, pages with limit/offset and aliases', async () => {
    const dash = await list('?sort=priority,-estimate_hours&limit=50')
    const words = await list(
      `?sort=${encodeURIComponent('priority asc, estimate_hours desc')}&top=50`,
    )
    const expected = await kernel.find('tasks', {
      orderBy: [
        { field: 'priority', order: 'asc' },
        { field: 'estimate_hours', order: 'desc' },
      ],
      limit: 50,
    })
    expect(dash.body.items).toEqual(expected)
    expect(words.body.items).toEqual(expected)
    const projected = await list('?fields=title,done&limit=3&offset=2')
    expect(projected.body.items).toEqual(
      await kernel.find('tasks', { fields: ['title', 'done'], limit: 3, offset: 2 }),
    )
    for (const item of projected.body.items)
      expect(Object.keys(item).sort()).toEqual(['done', 'id', 'title'])
    const skip = await list('?select=title&skip=2&top=3')
    expect(skip.body.items).toEqual(
      await kernel.find('tasks', { fields: ['title'], limit: 3, offset: 2 }),
    )
    expect((await list('')).body.meta).toMatchObject({ limit: 10, offset: 0 })
  })

  it('cursor pages partition the result exactly, in order', async () => {
    const all = await kernel.find('tasks', {
      orderBy: [{ field: 'title', order: 'desc' }],
      limit: 1000,
    })
    const seen: DataRecord[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await list(
        `?sort=-title&limit=4${cursor === undefined ? '' : `&cursor=${cursor}`}`,
      )
      expect(page.status).toBe(200)
      seen.push(...page.body.items)
      cursor = page.body.meta.next_cursor
      pages++
    } while (cursor !== undefined && pages < 20)
    expect(seen).toEqual(all)
    expect(pages).toBe(Math.ceil(all.length / 4))
  })

  it('rejects bad paging and parameters with coded 400s', async () => {
    const first = await list('?sort=-title&limit=4')
    const cursor = first.body.meta.next_cursor ?? ''
    const cases: Array<[string, string]> = [
      ['?limit=51', 'LIMIT_EXCEEDED'],
      ['?top=1000000', 'LIMIT_EXCEEDED'],
      ['?limit=-1', 'INVALID_QUERY'],
      ['?limit=abc', 'INVALID_QUERY'],
      ['?limit=1&top=2', 'INVALID_QUERY'],
      ['?limit=1&limit=2', 'INVALID_QUERY'],
      ['?colour=red', 'INVALID_QUERY'],
      ['?sort=title%20sideways', 'INVALID_QUERY'],
      ['?sort=', 'INVALID_QUERY'],
      ['?sort=nope', 'INVALID_FIELD'],
      ['?fields=nope', 'INVALID_FIELD'],
      ['?filter=%7Bbad', 'INVALID_FILTER'],
      ['?filter=42', 'INVALID_FILTER'],
      ['?filter=null', 'INVALID_FILTER'],
      [`?filter=${q({ title: { $like: 'x' } })}`, 'INVALID_FILTER'],
      [`?filter=${q({ nope: 1 })}`, 'INVALID_FIELD'],
      ['?count=maybe', 'INVALID_QUERY'],
      ['?cursor=!!!', 'INVALID_QUERY'],
      [`?cursor=${cursor}`, 'INVALID_QUERY'], // from another sort
      [`?sort=-title&cursor=${cursor}&offset=3`, 'INVALID_QUERY'],
    ]
    for (const [query, code] of cases) {
      const response = await list(query)
      expect({ query, status: response.status, code: response.body.error?.code }).toEqual({
        query,
        status: 400,
        code,
      })
    }
  })
})
