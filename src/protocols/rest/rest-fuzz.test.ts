import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kernel } from '../../kernel/kernel.js'
import { FUZZ_RUNS, FUZZ_SEED, fuzzBody, fuzzQuery } from '../common/protocol-fuzz.test-utils.js'
import type { FuzzBody } from '../common/protocol-fuzz.test-utils.js'
import { snapshot, startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { OpenApiResponseChecker } from './openapi-conformance.test-utils.js'
import type { OpenApiDocument } from './openapi-document.js'
import { createRestServer } from './rest-server.js'

/**
 * Bad input against every REST endpoint: zero 5xx, every error in the documented envelope with
 * a documented status, every response matching the OpenAPI document, and every rejected write
 * leaving the data exactly as it was (read back through the kernel).
 */
const MAX_BODY = 16 * 1024
let kernel: Kernel
let app: FastifyInstance
let checker: OpenApiResponseChecker
const ids: Record<string, string> = {}
const tally = { requests: 0, rejected: 0, rejectedWrites: 0, accepted: 0 }
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

beforeAll(async () => {
  kernel = await startTrackerKernel()
  app = createRestServer(kernel.bridge, {
    limits: { maxBodyBytes: MAX_BODY, maxDepth: 16, maxPageSize: 50 },
  })
  const project = await kernel.create('projects', { name: 'Apollo', code: 'APL' })
  const user = await kernel.create('users', { name: 'Ada', email: 'ada@example.com' })
  const task = await kernel.create('tasks', {
    title: 'Launch',
    project: project.id,
    assignee: user.id,
  })
  Object.assign(ids, { projects: project.id, users: user.id, tasks: task.id })
  const doc = JSON.parse(
    (await app.inject({ method: 'GET', url: '/openapi.json' })).body,
  ) as OpenApiDocument
  checker = new OpenApiResponseChecker(doc)
  console.log(
    `REST fuzz: seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs per endpoint (OBJECTQL_FUZZ_SEED to replay)`,
  )
})

afterAll(async () => {
  console.log(`REST fuzz: ${JSON.stringify(tally)}`)
  await app.close()
  await kernel.stop()
})

async function exercise(method: Method, url: string, body?: FuzzBody): Promise<void> {
  const isWrite = method !== 'GET'
  const before = isWrite ? await snapshot(kernel) : undefined
  const headers: Record<string, string> = {}
  if (body?.contentType !== undefined) headers['content-type'] = body.contentType
  const response = await app.inject({
    method,
    url,
    headers,
    ...(body?.payload === undefined ? {} : { payload: body.payload }),
  })
  tally.requests++
  const context = `${method} ${url} -> ${response.statusCode} ${response.body.slice(0, 300)}`
  expect(response.statusCode, context).toBeLessThan(500)
  const parsed: unknown = JSON.parse(response.body)
  expect(checker.check(method, url, response.statusCode, parsed), context).toBeUndefined()
  if (response.statusCode >= 400) {
    tally.rejected++
    expect(parsed, context).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    })
    if (isWrite) {
      tally.rejectedWrites++
      expect(await snapshot(kernel), `rejected write changed data: ${context}`).toEqual(before)
    }
  } else {
    tally.accepted++
  }
}

const objectName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('tasks', 'projects', 'users') },
  { weight: 1, arbitrary: fc.constantFrom('nope', '%00', '..', 'tasks%2F1') },
)
const fieldsOf = (object: string): string[] => Object.keys(kernel.getObject(object).fields)
const recordId = (object: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(ids[object] ?? 'x') },
    { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 10 }).map(encodeURIComponent) },
    // Raw, unencoded segments: '%' sequences, slashes, spaces, unicode.
    {
      weight: 1,
      arbitrary: fc.string({ minLength: 1, maxLength: 10 }).filter((t) => !/[?#]/.test(t)),
    },
  )
const options = (offset: number) => ({ numRuns: FUZZ_RUNS, seed: FUZZ_SEED + offset })

describe('REST fuzz (fast-check)', () => {
  it('GET /api/data/:object with hostile query strings', async () => {
    await fc.assert(
      fc.asyncProperty(objectName, fuzzQuery, async (object, query) =>
        exercise('GET', `/api/data/${object}${query}`),
      ),
      options(1),
    )
  })

  it('POST /api/data/:object with hostile bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom('tasks', 'projects', 'users')
          .chain((object) => fc.tuple(fc.constant(object), fuzzBody(fieldsOf(object), MAX_BODY))),
        async ([object, body]) => exercise('POST', `/api/data/${object}`, body),
      ),
      options(2),
    )
  })

  it('GET, PATCH, PUT and DELETE /api/data/:object/:id', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom('tasks', 'projects', 'users')
          .chain((object) =>
            fc.tuple(
              fc.constant(object),
              recordId(object),
              fc.constantFrom<Method>('GET', 'PATCH', 'PUT', 'DELETE', 'PATCH', 'PUT'),
              fuzzBody(fieldsOf(object), MAX_BODY),
            ),
          ),
        async ([object, id, method, body]) => {
          // Deleting the seeded record would make later runs trivial; fuzz DELETE on others.
          const target = method === 'DELETE' && id === ids[object] ? `${id}-other` : id
          await exercise(
            method,
            `/api/data/${object}/${target}`,
            method === 'GET' ? undefined : body,
          )
        },
      ),
      options(3),
    )
  })

  it('POST /api/actions/:object/:action', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('complete', 'complete', 'nope'),
        fuzzBody(['id', 'note'], MAX_BODY),
        async (action, body) => exercise('POST', `/api/actions/tasks/${action}`, body),
      ),
      options(4),
    )
  })

  it('GET /api/metadata/objects/:name and unknown objects on every route', async () => {
    await fc.assert(
      fc.asyncProperty(
        objectName,
        fc.constantFrom<Method>('GET', 'POST', 'PATCH', 'DELETE'),
        async (object, method) => {
          await exercise('GET', `/api/metadata/objects/${object}`)
          const url =
            method === 'POST' || method === 'GET' ? `/api/data/${object}` : `/api/data/${object}/x`
          await exercise(
            method,
            url,
            method === 'GET' ? undefined : { payload: '{}', contentType: 'application/json' },
          )
        },
      ),
      options(5),
    )
  })
})
