import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kernel } from '../../kernel/kernel.js'
import {
  FUZZ_RUNS,
  FUZZ_SEED,
  anyValue,
  fuzzBody,
  recordLike,
} from '../common/protocol-fuzz.test-utils.js'
import { TASK_FIELDS } from '../common/protocol-fixtures.test-utils.js'
import { snapshot, startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { createGraphQLServer } from './graphql-server.js'

/**
 * Bad input against the GraphQL endpoint: random bodies and content types, random query text,
 * well-formed operations with hostile arguments and variables, and hostile GET parameters.
 * Zero 5xx, zero INTERNAL_ERROR, every error coded, and every rejected mutation leaves the data
 * exactly as it was (read back through the kernel).
 */
const MAX_BODY = 16 * 1024
let kernel: Kernel
let app: FastifyInstance
const ids: Record<string, string> = {}
const tally = { requests: 0, rejected: 0, rejectedWrites: 0, accepted: 0 }

beforeAll(async () => {
  kernel = await startTrackerKernel()
  app = createGraphQLServer(kernel.bridge, {
    limits: { maxBodyBytes: MAX_BODY, maxDepth: 16, maxPageSize: 50 },
    maxComplexity: 2000,
  })
  const project = await kernel.create('projects', { name: 'Apollo', code: 'APL' })
  const task = await kernel.create('tasks', { title: 'Launch', project: project.id })
  Object.assign(ids, { projects: project.id, tasks: task.id })
  console.log(`GraphQL fuzz: seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs per property`)
})

afterAll(async () => {
  console.log(`GraphQL fuzz: ${JSON.stringify(tally)}`)
  await app.close()
  await kernel.stop()
})

interface Sent {
  readonly method: 'GET' | 'POST'
  readonly url: string
  readonly payload?: Buffer | string
  readonly contentType?: string
  readonly accept?: string
  /** The single mutation field the request runs, when it is a write. */
  readonly mutation?: string
}

async function exercise(sent: Sent): Promise<void> {
  const before = sent.mutation === undefined ? undefined : await snapshot(kernel)
  const headers: Record<string, string> = {}
  if (sent.contentType !== undefined) headers['content-type'] = sent.contentType
  if (sent.accept !== undefined) headers['accept'] = sent.accept
  const response = await app.inject({
    method: sent.method,
    url: sent.url,
    headers,
    ...(sent.payload === undefined ? {} : { payload: sent.payload }),
  })
  tally.requests++
  const context = `${sent.method} ${sent.url} ${String(sent.payload).slice(0, 200)} -> ${response.statusCode} ${response.body.slice(0, 300)}`
  expect(response.statusCode, context).toBeLessThan(500)
  const body = JSON.parse(response.body) as {
    data?: Record<string, unknown> | null
    errors?: { message: string; extensions: { code: string } }[]
  }
  expect('data' in body || 'errors' in body, context).toBe(true)
  for (const error of body.errors ?? []) {
    expect(typeof error.message, context).toBe('string')
    expect(error.extensions.code, context).toMatch(/^[A-Z_]+$/)
    expect(error.extensions.code, context).not.toBe('INTERNAL_ERROR')
  }
  const rejected = body.errors !== undefined
  if (rejected) tally.rejected++
  else tally.accepted++
  if (sent.mutation !== undefined && (body.data?.[sent.mutation] ?? null) === null) {
    tally.rejectedWrites++
    expect(await snapshot(kernel), `rejected write changed data: ${context}`).toEqual(before)
  }
}

function post(query: unknown, variables?: unknown, mutation?: string): Sent {
  return {
    method: 'POST',
    url: '/graphql',
    contentType: 'application/json',
    payload: JSON.stringify(variables === undefined ? { query } : { query, variables }),
    ...(mutation === undefined ? {} : { mutation }),
  }
}

const graphqlText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc
    .array(
      fc.constantFrom(
        '{',
        '}',
        '(',
        ')',
        '[',
        ']',
        ':',
        '$',
        '...',
        '"x"',
        'tasksList',
        'id',
        'where',
        'limit',
        '1',
        'query',
        'mutation',
        'fragment',
        'on',
        '@skip',
        '#',
        '\\u',
        '"""',
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join(' ')),
)

describe('GraphQL fuzzing (fast-check)', () => {
  it('random bodies and content types never cause a 5xx or a write', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzBody(TASK_FIELDS, MAX_BODY), async (body) => {
        await exercise({
          method: 'POST',
          url: '/graphql',
          ...(body.payload === undefined ? {} : { payload: body.payload }),
          ...(body.contentType === undefined ? {} : { contentType: body.contentType }),
        })
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    )
  })

  it('random query text and GET parameters are coded errors, never crashes', async () => {
    const getParam = fc.tuple(
      fc.constantFrom('query', 'variables', 'operationName', 'extensions', 'x'),
      fc.oneof(
        graphqlText,
        fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      ),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          graphqlText.map((text) => post(text)),
          fc.array(getParam, { maxLength: 4 }).map((pairs) => ({
            method: 'GET' as const,
            url: `/graphql?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`,
          })),
        ),
        fc.constantFrom(undefined, 'application/json', 'application/graphql-response+json', '*/*'),
        async (sent, accept) => {
          await exercise({ ...sent, ...(accept === undefined ? {} : { accept }) })
        },
      ),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    )
  })

  it('hostile filters, paging and cursors on valid queries are coded errors', async () => {
    const filter = fc.dictionary(
      fc.constantFrom(
        'title',
        'estimate_hours',
        'done',
        'tags',
        'meta',
        'due_at',
        'AND',
        'OR',
        'NOT',
      ),
      fc.oneof(
        fc.dictionary(
          fc.constantFrom('eq', 'ne', 'gt', 'in', 'notIn', 'contains', 'isNull'),
          anyValue,
          { maxKeys: 3 },
        ),
        anyValue,
      ),
      { maxKeys: 3 },
    )
    await fc.assert(
      fc.asyncProperty(
        filter,
        anyValue,
        anyValue,
        fc.string({ maxLength: 30 }),
        async (where, limit, first, after) => {
          await exercise(
            post(
              'query($w: TasksFilter, $l: Int) { tasksList(where: $w, limit: $l) { id } tasksCount(where: $w) }',
              { w: where, l: limit },
            ),
          )
          await exercise(
            post(
              'query($f: Int, $a: String) { tasksConnection(first: $f, after: $a) { totalCount edges { cursor } } }',
              { f: first, a: after },
            ),
          )
        },
      ),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    )
  })

  it('rejected mutations change nothing', async () => {
    const mutation = fc.oneof(
      recordLike(TASK_FIELDS).map((input) =>
        post(
          'mutation($i: TasksInput!) { createTasks(input: $i) { id } }',
          { i: input },
          'createTasks',
        ),
      ),
      fc
        .tuple(fc.constantFrom(ids['tasks'] ?? 'x', 'missing', ''), recordLike(TASK_FIELDS))
        .map(([id, input]) =>
          post(
            'mutation($id: ID!, $i: TasksUpdateInput!) { updateTasks(id: $id, input: $i) { id } }',
            { id, i: input },
            'updateTasks',
          ),
        ),
      fc
        .jsonValue({ maxDepth: 2 })
        .map((id) => post('mutation($id: ID!) { deleteTasks(id: $id) }', { id }, 'deleteTasks')),
    )
    await fc.assert(
      fc.asyncProperty(mutation, async (sent) => {
        await exercise(sent)
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    )
  })
})
