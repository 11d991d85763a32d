import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kernel } from '../../kernel/kernel.js'
import { createProtocolHost } from '../common/protocol-host.js'
import { snapshot, startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { jsonRpcProtocol } from '../json-rpc/json-rpc-server.js'
import { createRestServer, restProtocol } from './rest-server.js'

let kernel: Kernel
let app: FastifyInstance
let projectId: string

type Json = Record<string, unknown>

async function send(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  const response = await app.inject(
    payload === undefined ? { method, url } : { method, url, payload: payload as Json },
  )
  return {
    status: response.statusCode,
    body: JSON.parse(response.body) as Json,
    headers: response.headers,
  }
}

beforeAll(async () => {
  kernel = await startTrackerKernel()
  app = createRestServer(kernel.bridge, { limits: { maxBodyBytes: 8192, maxDepth: 10 } })
  projectId = (await kernel.create('projects', { name: 'Apollo', code: 'APL' })).id
})

afterAll(async () => {
  await app.close()
  await kernel.stop()
})

describe('REST records', () => {
  it('PRT-REST creates (201 + Location), gets, patches, puts and deletes', async () => {
    const created = await send('POST', '/api/data/tasks', {
      title: 'Write docs',
      project: projectId,
      tags: ['a'],
    })
    expect(created.status).toBe(201)
    const id = created.body['id'] as string
    expect(created.headers['location']).toBe(`/api/data/tasks/${id}`)
    expect(created.body).toEqual(await kernel.findOne('tasks', id))
    expect((await send('GET', `/api/data/tasks/${id}`)).body).toEqual(created.body)

    const patched = await send('PATCH', `/api/data/tasks/${id}`, { done: true })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ done: true, tags: ['a'], title: 'Write docs' })

    const replaced = await send('PUT', `/api/data/tasks/${id}`, {
      title: 'Rewritten',
      project: projectId,
    })
    expect(replaced.status).toBe(200)
    // Replace: omitted fields take their default (priority, done) or become null (tags).
    expect(replaced.body).toMatchObject({
      title: 'Rewritten',
      priority: 'normal',
      done: false,
      tags: null,
    })
    expect(replaced.body).toEqual(await kernel.findOne('tasks', id))

    expect(await send('DELETE', `/api/data/tasks/${id}`)).toMatchObject({
      status: 200,
      body: { id, deleted: true },
    })
    expect(await kernel.findOne('tasks', id)).toBeNull()
    expect(await send('DELETE', `/api/data/tasks/${id}`)).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    })
    expect(await send('GET', `/api/data/tasks/${id}`)).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    })
    expect(await send('PATCH', `/api/data/tasks/${id}`, { done: true })).toMatchObject({
      status: 404,
    })
  })

  it('rejects invalid bodies with 400 and field details, writing nothing', async () => {
    const before = await snapshot(kernel)
    const invalid = await send('POST', '/api/data/tasks', {
      title: '',
      project: 5,
      priority: 'urgent',
      estimate_hours: 2000,
    })
    expect(invalid.status).toBe(400)
    expect(invalid.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
    const errors = (
      invalid.body['error'] as { details: { errors: { field: string; rule: string }[] } }
    ).details.errors
    expect(Object.fromEntries(errors.map((e) => [e.field, e.rule]))).toEqual({
      title: 'required',
      project: 'type',
      priority: 'options',
      estimate_hours: 'max',
    })
    const unknown = await send('POST', '/api/data/tasks', {
      title: 'Fine',
      project: projectId,
      colour: 'red',
    })
    expect(unknown).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_FIELD', details: { fields: ['colour'] } } },
    })
    const pattern = await send('POST', '/api/data/projects', { name: 'X', code: 'lower' })
    expect(pattern).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } })
    const notObject = await send('POST', '/api/data/tasks', [1, 2])
    expect(notObject).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } })
    const dup = await send('POST', '/api/data/projects', {
      id: projectId,
      name: 'Again',
      code: 'AGN',
    })
    expect(dup).toMatchObject({ status: 409, body: { error: { code: 'DUPLICATE_RECORD' } } })
    const unique = await send('POST', '/api/data/projects', { name: 'Again', code: 'APL' })
    expect(unique).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } })
    const putMissing = await send('PUT', `/api/data/projects/${projectId}`, { name: 'No code' })
    expect(putMissing).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    })
    expect(await snapshot(kernel)).toEqual(before)
  })

  it('answers protocol errors with the envelope and the right status', async () => {
    const before = await snapshot(kernel)
    expect(await send('GET', '/api/data/nope')).toMatchObject({
      status: 404,
      body: { error: { code: 'OBJECT_NOT_FOUND' } },
    })
    expect(await send('GET', '/nowhere')).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    })
    const badJson = await app.inject({
      method: 'POST',
      url: '/api/data/tasks',
      headers: { 'content-type': 'application/json' },
      body: '{"title":',
    })
    expect(badJson.statusCode).toBe(400)
    expect(JSON.parse(badJson.body)).toMatchObject({
      error: { code: 'INVALID_REQUEST', details: { reason: 'invalid_json' } },
    })
    const text = await app.inject({
      method: 'POST',
      url: '/api/data/tasks',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    })
    expect(text.statusCode).toBe(415)
    expect(JSON.parse(text.body)).toMatchObject({ error: { code: 'INVALID_REQUEST' } })
    const huge = await send('POST', '/api/data/tasks', {
      title: 'x'.repeat(10_000),
      project: projectId,
    })
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } })
    let nested: unknown = {}
    for (let i = 0; i < 20; i++) nested = { a: nested }
    const deep = await send('POST', '/api/data/tasks', {
      title: 'Deep',
      project: projectId,
      meta: nested,
    })
    expect(deep).toMatchObject({ status: 400, body: { error: { code: 'LIMIT_EXCEEDED' } } })
    const utf8 = Buffer.concat([
      Buffer.from('{"title":"'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from(`","project":"${projectId}"}`),
    ])
    const badUtf8 = await app.inject({
      method: 'POST',
      url: '/api/data/tasks',
      headers: { 'content-type': 'application/json' },
      body: utf8,
    })
    expect(JSON.parse(badUtf8.body)).toMatchObject({
      error: { code: 'INVALID_REQUEST', details: { reason: 'invalid_utf8' } },
    })
    expect(await snapshot(kernel)).toEqual(before)
  })

  it('handles malformed URLs and long ids in the envelope', async () => {
    expect(await send('GET', '/api/data/tasks/%')).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_REQUEST' } },
    })
    const longId = 'k'.repeat(300)
    const created = await send('POST', '/api/data/users', {
      id: longId,
      name: 'Long',
      email: 'long@example.com',
    })
    expect(created.status).toBe(201)
    expect((await send('GET', `/api/data/users/${longId}`)).body).toEqual(created.body)
    expect(await send('GET', `/api/data/users/${'k'.repeat(2000)}`)).toMatchObject({
      status: 414,
      body: { error: { code: 'LIMIT_EXCEEDED' } },
    })
    expect(await send('DELETE', `/api/data/users/${longId}`)).toMatchObject({ status: 200 })
  })
})

describe('REST actions and metadata', () => {
  it('runs a registered action and validates its input', async () => {
    const task = await kernel.create('tasks', { title: 'Act on me', project: projectId })
    const done = await send('POST', '/api/actions/tasks/complete', { id: task.id, note: 'shipped' })
    expect(done).toMatchObject({ status: 200, body: { result: { id: task.id, done: true } } })
    expect(
      await send('POST', '/api/actions/tasks/complete', { id: task.id, note: 'x'.repeat(600) }),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    })
    expect(
      await send('POST', '/api/actions/tasks/complete', { id: task.id, extra: 1 }),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_FIELD' } },
    })
    expect(await send('POST', '/api/actions/tasks/explode', {})).toMatchObject({
      status: 404,
      body: { error: { code: 'ACTION_NOT_FOUND' } },
    })
  })

  it('lists objects and returns one definition', async () => {
    expect((await send('GET', '/api/metadata/objects')).body).toEqual({
      items: kernel.bridge.getMetaTypes(),
    })
    expect((await send('GET', '/api/metadata/objects/tasks')).body).toEqual(
      JSON.parse(JSON.stringify(kernel.getObject('tasks'))),
    )
    expect(await send('GET', '/api/metadata/objects/nope')).toMatchObject({ status: 404 })
  })
})

describe('shared host', () => {
  it('PRT-REST serves REST, OpenAPI, Swagger UI and JSON-RPC from one instance on a real socket', async () => {
    const host = await createProtocolHost({ kernel, protocols: [restProtocol, jsonRpcProtocol] })
    const url = await host.listen({ port: 0 })
    try {
      const list = await fetch(`${url}/api/data/projects?count=true`)
      expect(list.status).toBe(200)
      const body = (await list.json()) as { items: unknown[]; meta: { total: number } }
      expect(body.meta.total).toBe(await kernel.count('projects'))
      expect(
        ((await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string }).openapi,
      ).toBe('3.1.0')
      const docs = await fetch(`${url}/docs/static/index.html`)
      expect(docs.status).toBe(200)
      expect(await docs.text()).toContain('swagger')
      const rpc = await fetch(`${url}/rpc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"jsonrpc":"2.0","method":"object.count","params":["projects"],"id":1}',
      })
      expect(await rpc.json()).toEqual({
        jsonrpc: '2.0',
        result: await kernel.count('projects'),
        id: 1,
      })
    } finally {
      await host.close()
    }
  })
})
