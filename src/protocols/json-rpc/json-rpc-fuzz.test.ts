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
import { snapshot, startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { JSON_RPC_APPLICATION_CODES } from './json-rpc-error-map.js'
import { createJsonRpcServer } from './json-rpc-server.js'

/**
 * Bad input against `/rpc`: malformed envelopes and batches, wrong param types, unknown
 * methods, and hostile bodies. Zero 5xx, every answer a well-formed JSON-RPC response with a
 * code from the specification or our application table (never -32603, which would be a bug),
 * and every rejected write leaves the data as it was.
 */
const MAX_BODY = 16 * 1024
const WRITES = new Set(['object.create', 'object.update', 'object.delete', 'action.execute'])
const ALLOWED_CODES = new Set([
  -32700,
  -32600,
  -32601,
  -32602,
  ...Object.values(JSON_RPC_APPLICATION_CODES),
])
const METHODS = [
  'object.find',
  'object.get',
  'object.create',
  'object.update',
  'object.delete',
  'object.count',
  'metadata.list',
  'metadata.get',
  'action.execute',
  'action.list',
  'system.listMethods',
  'system.describe',
]
let kernel: Kernel
let app: FastifyInstance
let taskId = ''
const tally = { requests: 0, errors: 0, results: 0, noResponse: 0, checkedWrites: 0 }

beforeAll(async () => {
  kernel = await startTrackerKernel()
  app = createJsonRpcServer(kernel.bridge, {
    limits: { maxBodyBytes: MAX_BODY, maxDepth: 16, maxBatchSize: 8 },
  })
  const project = await kernel.create('projects', { name: 'Apollo', code: 'APL' })
  taskId = (await kernel.create('tasks', { title: 'Launch', project: project.id })).id
  console.log(
    `JSON-RPC fuzz: seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs per property (OBJECTQL_FUZZ_SEED to replay)`,
  )
})

afterAll(async () => {
  console.log(`JSON-RPC fuzz: ${JSON.stringify(tally)}`)
  await app.close()
  await kernel.stop()
})

function checkResponse(value: unknown, context: string): boolean {
  expect(value, context).toMatchObject({ jsonrpc: '2.0' })
  const response = value as Record<string, unknown>
  expect(Object.hasOwn(response, 'result') !== Object.hasOwn(response, 'error'), context).toBe(true)
  expect(
    response['id'] === null || ['string', 'number'].includes(typeof response['id']),
    context,
  ).toBe(true)
  if (!Object.hasOwn(response, 'error')) return false
  const error = response['error'] as { code: number; message: unknown }
  expect(ALLOWED_CODES.has(error.code), `${context}: code ${error.code}`).toBe(true)
  expect(typeof error.message, context).toBe('string')
  return true
}

/** Sends a body; returns whether every answered call failed (and nothing went unanswered). */
async function exercise(body: FuzzBody, writes: boolean): Promise<void> {
  const before = writes ? await snapshot(kernel) : undefined
  const headers: Record<string, string> = {}
  if (body.contentType !== undefined) headers['content-type'] = body.contentType
  const response = await app.inject({
    method: 'POST',
    url: '/rpc',
    headers,
    ...(body.payload === undefined ? {} : { payload: body.payload }),
  })
  tally.requests++
  const context = `${String(body.payload).slice(0, 200)} -> ${response.statusCode} ${response.body.slice(0, 300)}`
  expect([200, 204, 413], context).toContain(response.statusCode)
  if (response.statusCode === 204) {
    tally.noResponse++
    expect(response.body, context).toBe('')
    return
  }
  const parsed: unknown = JSON.parse(response.body)
  const list = Array.isArray(parsed) ? parsed : [parsed]
  expect(list.length, context).toBeGreaterThan(0)
  const failed = list.map((item) => checkResponse(item, context))
  tally.errors += failed.filter(Boolean).length
  tally.results += failed.filter((f) => !f).length
  // Only when every call was answered with an error do we know nothing may have changed.
  const calls = typeof body.payload === 'string' ? countCalls(body.payload) : undefined
  if (
    before !== undefined &&
    failed.every(Boolean) &&
    (calls === undefined || calls <= list.length)
  ) {
    tally.checkedWrites++
    expect(await snapshot(kernel), `rejected write changed data: ${context}`).toEqual(before)
  }
}

function countCalls(text: string): number | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? value.length : 1
  } catch {
    return undefined
  }
}

const idArb = fc.oneof(
  { weight: 8, arbitrary: fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null)) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.double(),
      fc.array(fc.integer(), { maxLength: 2 }),
      fc.object({ maxDepth: 1 }),
    ),
  },
)
const objectArb = fc.constantFrom('tasks', 'projects', 'users', 'nope', '')
const paramsArb = fc.oneof(
  fc.tuple(objectArb, anyValue, anyValue).map((t) => t.slice(0, 2)),
  fc.tuple(
    objectArb,
    fc.constantFrom(taskId, 'missing'),
    recordLike(['title', 'project', 'done', 'priority', 'estimate_hours', 'name', 'code', 'email']),
  ),
  fc.tuple(
    objectArb,
    recordLike(['title', 'project', 'done', 'priority', 'name', 'code', 'email', 'active']),
  ),
  fc.tuple(
    fc.constantFrom('tasks:complete', 'tasks.complete', 'tasks:nope', 'x'),
    recordLike(['id', 'note']),
  ),
  fc.dictionary(
    fc.constantFrom(
      'objectName',
      'id',
      'data',
      'query',
      'filters',
      'actionName',
      'params',
      'methodName',
      'x',
    ),
    anyValue,
    { maxKeys: 4 },
  ),
  fc.array(anyValue, { maxLength: 5 }),
  anyValue,
)
const envelopeArb = fc
  .record(
    {
      jsonrpc: fc.oneof(
        { weight: 8, arbitrary: fc.constant('2.0') },
        { weight: 1, arbitrary: fc.constantFrom('1.0', 2, null, '2.0 ') },
      ),
      method: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...METHODS) },
        {
          weight: 1,
          arbitrary: fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant('rpc.x')),
        },
      ),
      params: paramsArb,
      id: idArb,
      extra: anyValue,
    },
    { requiredKeys: ['jsonrpc', 'method'] },
  )
  .map((envelope) => {
    // Extra members are rare in practice; keep them at roughly one in ten.
    const { extra, ...rest } = envelope
    return JSON.stringify(rest).length % 10 === 0 ? { ...rest, extra } : rest
  })

const touchesWrites = (value: unknown): boolean => JSON.stringify(value).includes('"method"')
const opts = (offset: number) => ({ numRuns: FUZZ_RUNS, seed: FUZZ_SEED + 100 + offset })

describe('JSON-RPC fuzz (fast-check)', () => {
  it('single envelopes with hostile members and params', async () => {
    await fc.assert(
      fc.asyncProperty(envelopeArb, async (envelope) => {
        const writes = WRITES.has(String((envelope as { method?: unknown }).method))
        await exercise(
          { payload: JSON.stringify(envelope), contentType: 'application/json' },
          writes,
        )
      }),
      opts(1),
    )
  })

  it('batches of envelopes, junk elements and notifications', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof({ weight: 4, arbitrary: envelopeArb }, { weight: 1, arbitrary: anyValue }),
          { maxLength: 10 },
        ),
        async (batch) => {
          await exercise(
            { payload: JSON.stringify(batch), contentType: 'application/json' },
            touchesWrites(batch),
          )
        },
      ),
      opts(2),
    )
  })

  it('hostile bodies: malformed JSON, invalid UTF-8, deep, huge, wrong media types', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzBody(['jsonrpc', 'method', 'params', 'id'], MAX_BODY), async (body) => {
        await exercise(body, true)
      }),
      opts(3),
    )
  })
})
