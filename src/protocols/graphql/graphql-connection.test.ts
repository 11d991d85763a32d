import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import type { Kernel } from '../../kernel/kernel.js'
import { resolveLimits } from '../common/protocol-limits.js'
import { connectionWindow, decodeCursor, encodeCursor } from './graphql-connection.js'
import { createGraphQLServer } from './graphql-server.js'
import { gql, seedTracker, startCountingKernel } from './graphql.test-utils.js'

const SEED = 20260301
const limits = resolveLimits({ maxPageSize: 50, defaultPageSize: 10 })

describe('connection windows (Relay algorithm over positions)', () => {
  const digest = 'd'
  const at = (offset: number) => encodeCursor(offset, digest)

  it('applies after/before, then first/last, then the default page', () => {
    expect(connectionWindow({ first: 3 }, 10, digest, limits)).toEqual({ start: 0, end: 3 })
    expect(connectionWindow({ first: 3, after: at(2) }, 10, digest, limits)).toEqual({
      start: 3,
      end: 6,
    })
    expect(connectionWindow({ last: 3 }, 10, digest, limits)).toEqual({ start: 7, end: 10 })
    expect(connectionWindow({ last: 3, before: at(5) }, 10, digest, limits)).toEqual({
      start: 2,
      end: 5,
    })
    expect(connectionWindow({ after: at(1), before: at(4) }, 10, digest, limits)).toEqual({
      start: 2,
      end: 4,
    })
    expect(connectionWindow({}, 100, digest, limits)).toEqual({ start: 0, end: 10 })
    expect(connectionWindow({ after: at(50) }, 10, digest, limits)).toEqual({ start: 10, end: 10 })
    expect(connectionWindow({ first: 0 }, 10, digest, limits)).toEqual({ start: 0, end: 0 })
  })

  it('rejects foreign or broken cursors and bad page sizes with coded errors', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run()
      } catch (error) {
        return hasErrorCode(error, 'INVALID_QUERY')
          ? 'INVALID_QUERY'
          : hasErrorCode(error, 'LIMIT_EXCEEDED')
            ? 'LIMIT_EXCEEDED'
            : 'other'
      }
      return 'none'
    }
    expect(codeOf(() => decodeCursor(encodeCursor(3, 'other'), digest, 'after'))).toBe(
      'INVALID_QUERY',
    )
    expect(codeOf(() => decodeCursor('%%%', digest, 'after'))).toBe('INVALID_QUERY')
    expect(
      codeOf(() =>
        decodeCursor(Buffer.from('{"v":1,"o":-1,"q":"d"}').toString('base64url'), digest, 'after'),
      ),
    ).toBe('INVALID_QUERY')
    expect(codeOf(() => connectionWindow({ first: -1 }, 10, digest, limits))).toBe('INVALID_QUERY')
    expect(codeOf(() => connectionWindow({ last: 51 }, 10, digest, limits))).toBe('LIMIT_EXCEEDED')
    expect(decodeCursor(encodeCursor(7, digest), digest, 'after')).toBe(7)
  })
})

describe('PRT-GQL Relay pagination against a live kernel', () => {
  let kernel: Kernel
  let app: FastifyInstance

  beforeAll(async () => {
    ;({ kernel } = await startCountingKernel())
    await seedTracker(kernel, 2, 23)
    app = createGraphQLServer(kernel.bridge, { limits: { maxPageSize: 50, defaultPageSize: 10 } })
    await app.ready()
  })

  afterAll(async () => {
    await app.close()
    await kernel.stop()
  })

  const QUERY = `query($first: Int, $after: String, $last: Int, $before: String, $where: TasksFilter, $order: [TasksOrderBy!]) {
    tasksConnection(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: $order) {
      totalCount
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`

  interface Page {
    totalCount: number
    edges: { cursor: string; node: { id: string } }[]
    pageInfo: {
      hasNextPage: boolean
      hasPreviousPage: boolean
      startCursor: string | null
      endCursor: string | null
    }
  }

  async function page(variables: Record<string, unknown>): Promise<Page> {
    const response = await gql(app, QUERY, variables)
    expect(response.errors).toBeUndefined()
    return response.data?.['tasksConnection'] as Page
  }

  const filters: (Record<string, Record<string, unknown>> | undefined)[] = [
    undefined,
    { done: { eq: false } },
    { estimate_hours: { gte: 5 } },
    { title: { contains: '9' } },
  ]
  const orders = [
    undefined,
    [{ field: 'estimate_hours', direction: 'DESC' }],
    [{ field: 'done' }, { field: 'title', direction: 'DESC' }],
  ]

  it('forward and backward pages partition the ordered result exactly (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(...filters),
        fc.constantFrom(...orders),
        async (size, where, order) => {
          const expected = (
            await kernel.find('tasks', {
              ...(where === undefined ? {} : { where: whereOf(where) }),
              ...(order === undefined
                ? {}
                : {
                    orderBy: order.map((o) => ({
                      field: o.field,
                      order: o.direction === 'DESC' ? 'desc' : 'asc',
                    })),
                  }),
              fields: ['id'],
            })
          ).map((r) => r.id)
          const base = { where, order }
          const forward: string[] = []
          let after: string | null = null
          for (let guard = 0; guard < 30; guard++) {
            const p = await page({ ...base, first: size, after })
            expect(p.totalCount).toBe(expected.length)
            forward.push(...p.edges.map((e) => e.node.id))
            expect(p.pageInfo.hasPreviousPage).toBe(
              after !== null && forward.length > p.edges.length,
            )
            if (!p.pageInfo.hasNextPage) break
            after = p.pageInfo.endCursor
          }
          expect(forward).toEqual(expected)
          const backward: string[] = []
          let before: string | null = null
          for (let guard = 0; guard < 30; guard++) {
            const p = await page({ ...base, last: size, before })
            backward.unshift(...p.edges.map((e) => e.node.id))
            if (!p.pageInfo.hasPreviousPage) break
            before = p.pageInfo.startCursor
          }
          expect(backward).toEqual(expected)
        },
      ),
      { numRuns: 25, seed: SEED },
    )
  })

  it('rejects a cursor from another query', async () => {
    const first = await page({ first: 2 })
    const response = await gql(app, QUERY, {
      first: 2,
      after: first.pageInfo.endCursor,
      where: { done: { eq: true } },
    })
    expect(response.errors?.[0]?.extensions['code']).toBe('INVALID_QUERY')
  })
})

function whereOf(filter: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const [field, ops] = Object.entries(filter)[0] ?? ['id', {}]
  const [op, value] = Object.entries(ops)[0] ?? ['eq', null]
  const map: Record<string, string> = { eq: '$eq', gte: '$gte', contains: '$contains' }
  return { [field]: { [map[op] ?? op]: value } }
}
