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
import type { FuzzBody } from '../common/protocol-fuzz.test-utils.js'
import { TASK_FIELDS as TRACKER_TASK_FIELDS } from '../common/protocol-fixtures.test-utils.js'
import { snapshot, startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { createODataServer } from './odata-server.js'

/**
 * Bad input against the OData service: broken and hostile `$filter` text, random system query
 * options, malformed and ill-typed bodies with unknown fields, random batches. No 500 ever;
 * 5xx only as 501 NOT_SUPPORTED for valid constructs this service does not implement; every
 * error in OData's error format; every rejected write leaves the data exactly as it was.
 */
const MAX_BODY = 16 * 1024
let kernel: Kernel
let app: FastifyInstance
const ids: Record<string, string> = {}
const tally = { requests: 0, rejected: 0, notSupported: 0, rejectedWrites: 0, accepted: 0 }
const TASK_FIELDS = [...TRACKER_TASK_FIELDS, 'project_ref']
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

beforeAll(async () => {
  kernel = await startTrackerKernel()
  app = createODataServer(kernel.bridge, {
    kernel,
    limits: { maxBodyBytes: MAX_BODY, maxDepth: 16, maxPageSize: 50 },
  })
  const project = await kernel.create('projects', { name: 'Apollo', code: 'APL' })
  const task = await kernel.create('tasks', { title: 'Launch', project: project.id, tags: ['a'] })
  Object.assign(ids, { projects: project.id, tasks: task.id })
  console.log(`OData fuzz: seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs per property`)
})

afterAll(async () => {
  console.log(`OData fuzz: ${JSON.stringify(tally)}`)
  await app.close()
  await kernel.stop()
})

async function exercise(
  method: Method,
  url: string,
  body?: FuzzBody,
  headers: Record<string, string> = {},
): Promise<void> {
  const isWrite = method !== 'GET'
  const before = isWrite ? await snapshot(kernel) : undefined
  const all: Record<string, string> = { ...headers }
  if (body?.contentType !== undefined) all['content-type'] = body.contentType
  const response = await app.inject({
    method,
    url,
    headers: all,
    ...(body?.payload === undefined ? {} : { payload: body.payload }),
  })
  tally.requests++
  const context = `${method} ${url} ${String(body?.payload).slice(0, 200)} -> ${response.statusCode} ${response.body.slice(0, 300)}`
  expect(response.statusCode, context).not.toBe(500)
  expect(response.headers['odata-version'], context).toBeDefined()
  if (response.statusCode >= 400) {
    const parsed = JSON.parse(response.body) as { error: { code: string; message: string } }
    expect(parsed.error.message, context).toEqual(expect.any(String))
    expect(parsed.error.code, context).not.toBe('INTERNAL_ERROR')
    if (response.statusCode >= 500) {
      expect([response.statusCode, parsed.error.code], context).toEqual([501, 'NOT_SUPPORTED'])
      tally.notSupported++
    } else tally.rejected++
    if (isWrite) {
      tally.rejectedWrites++
      expect(await snapshot(kernel), `rejected write changed data: ${context}`).toEqual(before)
    }
  } else tally.accepted++
}

/** Percent-encodes the UTF-8 bytes of `text` (lone surrogates become U+FFFD, as on the wire). */
function enc(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => `%${byte.toString(16).padStart(2, '0')}`)
    .join('')
}

const filterPiece = fc.constantFrom(
  'title',
  'estimate_hours',
  'done',
  'tags',
  'due_at',
  'meta',
  'project_ref',
  'nope',
  '$it',
  'eq',
  'ne',
  'gt',
  'lt',
  'and',
  'or',
  'not',
  'in',
  'has',
  'add',
  'mul',
  'div',
  '(',
  ')',
  ',',
  '/',
  ':',
  '-',
  "'x'",
  "''",
  "'a''b'",
  "'",
  '1',
  '2.5',
  '-3',
  'INF',
  'null',
  'true',
  '2024-01-01',
  '2024-01-01T00:00:00Z',
  '12:30',
  '01234567-89ab-cdef-0123-456789abcdef',
  'contains(',
  'tolower(',
  'year(',
  'now()',
  'any(',
  'all(',
  't:',
  't',
  '@p',
  '[1]',
  "duration'P1D'",
)
const filterText = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.array(filterPiece, { maxLength: 18 }).map((parts) => parts.join(' ')),
  fc.array(filterPiece, { maxLength: 18 }).map((parts) => parts.join('')),
)

describe('OData fuzzing (fast-check)', () => {
  it('broken $filter strings are 400s (or 501 for valid but unsupported), never 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        filterText,
        fc.constantFrom('/odata/tasks', '/odata/tasks/$count', '/odata/projects'),
        async (filter, path) => {
          await exercise('GET', `${path}?$filter=${enc(filter)}&@p=${enc(filter.slice(0, 5))}`)
        },
      ),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    )
  })

  it('random system query options and paths never cause a 500', async () => {
    const option = fc.tuple(
      fc.constantFrom(
        '$select',
        '$orderby',
        '$top',
        '$skip',
        '$count',
        '$expand',
        '$search',
        '$format',
        '$apply',
        '$levels',
        'top',
        '$Top',
        '$foo',
        'custom',
      ),
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.constantFrom(
          'title',
          'title desc,done',
          '-1',
          '99999999999999999999',
          'project_ref($select=name;$top=1)',
          'project_ref($expand=project_ref)',
          '*',
          'true',
          'json',
          'xml',
        ),
      ),
    )
    const path = fc.oneof(
      fc.constantFrom(
        '/odata/tasks',
        `/odata/tasks('${ids['tasks'] ?? ''}')`,
        "/odata/tasks('x')/title/$value",
        '/odata/$metadata',
        '/odata/',
        '/odata/tasks/$count',
        "/odata/tasks('a''b')",
        '/odata/tasks(1)/project_ref',
      ),
      fc.string({ maxLength: 20 }).map((s) => `/odata/${enc(s)}`),
    )
    await fc.assert(
      fc.asyncProperty(path, fc.array(option, { maxLength: 4 }), async (base, options) => {
        const query = options.map(([k, v]) => `${k}=${enc(v)}`).join('&')
        await exercise('GET', query === '' ? base : `${base}?${query}`)
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    )
  })

  it('malformed bodies and unknown fields are rejected and change nothing', async () => {
    const target = fc.constantFrom<[Method, string]>(
      ['POST', '/odata/tasks'],
      ['PATCH', `/odata/tasks('${ids['tasks'] ?? ''}')`],
      ['PUT', `/odata/tasks('${ids['tasks'] ?? ''}')`],
      ['PATCH', "/odata/tasks('fresh')"],
      ['POST', '/odata/projects'],
    )
    const headers = fc.constantFrom<Record<string, string>>(
      {},
      { 'if-match': 'W/"stale"' },
      { 'if-none-match': '*' },
      { prefer: 'return=minimal' },
    )
    await fc.assert(
      fc.asyncProperty(
        target,
        fuzzBody(TASK_FIELDS, MAX_BODY),
        headers,
        async ([method, url], body, extra) => {
          await exercise(method, url, body, extra)
        },
      ),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    )
  })

  it('random batches never cause a 500; unreadable batches change nothing', async () => {
    const request = fc.record({
      id: fc.oneof(fc.constantFrom('1', '2', '3'), fc.string({ maxLength: 3 })),
      method: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD'),
      url: fc.constantFrom(
        'tasks',
        'projects',
        `tasks('${ids['tasks'] ?? ''}')`,
        '$1',
        '/elsewhere',
        'tasks?$filter=title eq',
        'projects/$count',
      ),
      body: recordLike(TASK_FIELDS),
      atomicityGroup: fc.option(fc.constantFrom('g', 'h'), { nil: undefined }),
      dependsOn: fc.option(fc.array(fc.constantFrom('1', 'g'), { maxLength: 2 }), {
        nil: undefined,
      }),
    })
    const batch = fc.oneof(
      fc.array(request, { maxLength: 5 }).map((requests) => JSON.stringify({ requests })),
      anyValue.map((value) => JSON.stringify({ requests: value })),
      fc.string({ maxLength: 40 }),
    )
    await fc.assert(
      fc.asyncProperty(batch, async (payload) => {
        const before = await snapshot(kernel)
        const response = await app.inject({
          method: 'POST',
          url: '/odata/$batch',
          headers: { 'content-type': 'application/json' },
          payload,
        })
        tally.requests++
        expect(response.statusCode, response.body.slice(0, 300)).not.toBe(500)
        if (response.statusCode !== 200) {
          expect(await snapshot(kernel)).toEqual(before)
          return
        }
        const { responses } = JSON.parse(response.body) as {
          responses: {
            status: number
            atomicityGroup?: string
            body?: { error?: { code: string } }
          }[]
        }
        for (const r of responses) {
          expect(r.status).not.toBe(500)
          expect(r.body?.error?.code).not.toBe('INTERNAL_ERROR')
        }
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    )
  })
})
