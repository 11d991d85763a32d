import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kernel } from '../../kernel/kernel.js'
import { snapshot, startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { createODataServer } from './odata-server.js'
import { odata } from './odata.test-utils.js'

let kernel: Kernel
let app: FastifyInstance
let plain: FastifyInstance
let projectId: string

interface JsonResponse {
  id: string
  status: number
  headers: Record<string, string>
  body?: Record<string, unknown> | string
  atomicityGroup?: string
}

beforeAll(async () => {
  kernel = await startTrackerKernel()
  projectId = (await kernel.create('projects', { name: 'Apollo', code: 'APL' })).id
  app = createODataServer(kernel.bridge, { kernel })
  plain = createODataServer(kernel.bridge)
  await Promise.all([app.ready(), plain.ready()])
})

afterAll(async () => {
  await Promise.all([app.close(), plain.close()])
  await kernel.stop()
})

async function jsonBatch(requests: unknown[], headers: Record<string, string> = {}, server = app) {
  const reply = await odata(server, 'POST', '/odata/$batch', { requests }, headers)
  return {
    status: reply.status,
    responses: (reply.body['responses'] ?? []) as JsonResponse[],
    body: reply.body,
  }
}

function multipart(boundary: string, parts: string[][]): string {
  return [...parts.flatMap((part) => [`--${boundary}`, ...part]), `--${boundary}--`, ''].join(
    '\r\n',
  )
}

function httpPart(requestLine: string, body?: unknown, contentId?: string): string[] {
  return [
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    ...(contentId === undefined ? [] : [`Content-ID: ${contentId}`]),
    '',
    requestLine,
    ...(body === undefined ? [] : ['Content-Type: application/json']),
    '',
    body === undefined ? '' : JSON.stringify(body),
  ]
}

describe('PRT-ODATA $batch, JSON format', () => {
  it('runs requests in order, resolves $id references and commits an atomicity group', async () => {
    const { status, responses } = await jsonBatch([
      {
        id: 'p',
        method: 'POST',
        url: 'projects',
        body: { name: 'Batch', code: 'BAT' },
        atomicityGroup: 'g1',
      },
      {
        id: 't',
        method: 'POST',
        url: '/odata/tasks',
        body: { title: 'In batch', project: projectId },
        atomicityGroup: 'g1',
      },
      {
        id: 'u',
        method: 'PATCH',
        url: '$p',
        body: { name: 'Batch 2' },
        atomicityGroup: 'g1',
        dependsOn: ['p'],
      },
      { id: 'c', method: 'GET', url: "projects/$count?$filter=code eq 'BAT'", dependsOn: ['g1'] },
      { id: 'r', method: 'GET', url: 'http://localhost/odata/projects?$select=name&$orderby=name' },
    ])
    expect(status).toBe(200)
    expect(responses.map((r) => [r.id, r.status])).toEqual([
      ['p', 201],
      ['t', 201],
      ['u', 204],
      ['c', 200],
      ['r', 200],
    ])
    expect(responses[3]?.body).toBe('1')
    expect(responses[0]?.atomicityGroup).toBe('g1')
    expect((responses[4]?.body as { value: { name: string }[] }).value.map((p) => p.name)).toEqual([
      'Apollo',
      'Batch 2',
    ])
  })

  it('rolls an atomicity group back when one request fails, and reports 424 for its others', async () => {
    const before = await snapshot(kernel)
    const { responses } = await jsonBatch(
      [
        {
          id: 'a',
          method: 'POST',
          url: 'projects',
          body: { name: 'Kept?', code: 'KPT' },
          atomicityGroup: 'g',
        },
        { id: 'b', method: 'DELETE', url: `projects('${projectId}')`, atomicityGroup: 'g' },
        {
          id: 'c',
          method: 'POST',
          url: 'projects',
          body: { name: 'Bad', code: 'lower' },
          atomicityGroup: 'g',
        },
        { id: 'd', method: 'GET', url: 'projects/$count', dependsOn: ['g'] },
        { id: 'e', method: 'GET', url: 'projects/$count' },
      ],
      { prefer: 'odata.continue-on-error' },
    )
    expect(responses.map((r) => [r.id, r.status])).toEqual([
      ['a', 424],
      ['b', 424],
      ['c', 400],
      ['d', 424],
      ['e', 200],
    ])
    expect(responses[2]?.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
    expect(responses[4]?.body).toBe(String((before['projects'] as unknown[]).length))
    expect(await snapshot(kernel)).toEqual(before)
  })

  it('stops after the first failure unless continue-on-error is preferred', async () => {
    const { responses } = await jsonBatch([
      { id: '1', method: 'GET', url: "projects('missing')" },
      { id: '2', method: 'GET', url: 'projects/$count' },
    ])
    expect(responses.map((r) => [r.id, r.status])).toEqual([['1', 404]])
  })

  it('refuses atomic groups without transactions (501) and malformed batches (400)', async () => {
    const before = await snapshot(kernel)
    const { responses } = await jsonBatch(
      [
        {
          id: '1',
          method: 'POST',
          url: 'projects',
          body: { name: 'X', code: 'XX' },
          atomicityGroup: 'g',
        },
      ],
      {},
      plain,
    )
    expect(responses[0]).toMatchObject({ status: 501, body: { error: { code: 'NOT_SUPPORTED' } } })
    expect(await snapshot(kernel)).toEqual(before)
    for (const requests of [
      [{ id: '1', method: 'GET' }],
      [
        { id: '1', method: 'GET', url: 'projects' },
        { id: '1', method: 'GET', url: 'projects' },
      ],
      [
        { id: '1', method: 'GET', url: 'projects', dependsOn: ['2'] },
        { id: '2', method: 'GET', url: 'projects' },
      ],
      [
        { id: '1', method: 'GET', url: 'projects', atomicityGroup: 'g' },
        { id: '2', method: 'GET', url: 'projects' },
        { id: '3', method: 'GET', url: 'projects', atomicityGroup: 'g' },
      ],
    ]) {
      const reply = await jsonBatch(requests)
      expect(reply.status, JSON.stringify(requests)).toBe(400)
    }
    const nested = await jsonBatch([
      { id: '1', method: 'POST', url: '$batch', body: { requests: [] } },
    ])
    expect(nested.responses[0]?.status).toBe(400)
  })
})

describe('PRT-ODATA $batch, multipart format', () => {
  async function send(body: string, boundary = 'batch_1') {
    const reply = await app.inject({
      method: 'POST',
      url: '/odata/$batch',
      headers: { 'content-type': `multipart/mixed; boundary=${boundary}` },
      payload: body,
    })
    return {
      status: reply.statusCode,
      type: String(reply.headers['content-type']),
      text: reply.body,
    }
  }

  it('commits a changeset, answering with nested multipart and Content-IDs', async () => {
    const body = multipart('batch_1', [
      [
        'Content-Type: multipart/mixed; boundary=cs_1',
        '',
        `--cs_1`,
        ...httpPart('POST projects HTTP/1.1', { name: 'Multi', code: 'MUL' }, '1'),
        `--cs_1`,
        ...httpPart('PATCH $1 HTTP/1.1', { name: 'Multi 2' }, '2'),
        '--cs_1--',
      ],
      httpPart("GET projects?$filter=code%20eq%20'MUL'&$select=name HTTP/1.1"),
    ])
    const reply = await send(body)
    expect(reply.status).toBe(200)
    expect(reply.type).toMatch(/^multipart\/mixed; boundary=batchresponse_/)
    expect(reply.text).toMatch(/Content-Type: multipart\/mixed; boundary=changesetresponse_/)
    expect(reply.text).toContain('Content-ID: 1\r\n\r\nHTTP/1.1 201 Created')
    expect(reply.text).toContain('Content-ID: 2\r\n\r\nHTTP/1.1 204 No Content')
    expect(reply.text).toContain('"name":"Multi 2"')
    expect(await kernel.count('projects', { code: 'MUL' })).toBe(1)
  })

  it('rolls a failing changeset back and answers it with the single error', async () => {
    const before = await snapshot(kernel)
    const body = multipart('b', [
      [
        'Content-Type: multipart/mixed; boundary=cs',
        '',
        '--cs',
        ...httpPart('POST projects HTTP/1.1', { name: 'Gone', code: 'GON' }, '1'),
        '--cs',
        ...httpPart(`PATCH projects('${projectId}') HTTP/1.1`, { code: 'not valid' }, '2'),
        '--cs--',
      ],
    ])
    const reply = await send(body, 'b')
    expect(reply.status).toBe(200)
    expect(reply.text).not.toContain('changesetresponse_')
    expect(reply.text).toContain('HTTP/1.1 400 Bad Request')
    expect(reply.text).toContain('VALIDATION_FAILED')
    expect(await snapshot(kernel)).toEqual(before)
  })

  it('rejects malformed multipart bodies with 400 and writes nothing', async () => {
    const before = await snapshot(kernel)
    for (const body of [
      'no boundary at all',
      multipart('batch_1', [['Content-Type: text/plain', '', 'hello']]),
      multipart('batch_1', [httpPart('NOT A REQUEST LINE')]),
      multipart('batch_1', [httpPart('POST projects HTTP/1.1', undefined).concat(['{"name":'])]),
    ]) {
      expect((await send(body)).status, body).toBe(400)
    }
    expect(await snapshot(kernel)).toEqual(before)
  })
})
