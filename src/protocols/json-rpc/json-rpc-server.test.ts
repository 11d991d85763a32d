import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kernel } from '../../kernel/kernel.js'
import { listenAlone } from '../common/protocol-host.js'
import { snapshot, startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { createJsonRpcServer, jsonRpcProtocol } from './json-rpc-server.js'

let kernel: Kernel
let app: FastifyInstance
let projectId: string

async function call(
  method: string,
  params?: unknown,
  id: unknown = 1,
): Promise<Record<string, unknown>> {
  const payload =
    params === undefined ? { jsonrpc: '2.0', method, id } : { jsonrpc: '2.0', method, params, id }
  const response = await app.inject({ method: 'POST', url: '/rpc', payload })
  expect(response.statusCode).toBe(200)
  return JSON.parse(response.body) as Record<string, unknown>
}

beforeAll(async () => {
  kernel = await startTrackerKernel()
  app = createJsonRpcServer(kernel.bridge, {
    limits: { maxBodyBytes: 4096, maxDepth: 8, maxBatchSize: 3 },
  })
  projectId = (await kernel.create('projects', { id: 'p1', name: 'Apollo', code: 'APL' })).id
})

afterAll(async () => {
  await app.close()
  await kernel.stop()
})

describe('JSON-RPC methods over the bridge', () => {
  it('PRT-RPC CRUD round trip with upstream method names', async () => {
    const created = (await call('object.create', ['tasks', { title: 'Write', project: projectId }]))
      .result as {
      id: string
    }
    expect(await kernel.findOne('tasks', created.id)).toEqual(created)
    const updated = await call('object.update', {
      objectName: 'tasks',
      id: created.id,
      data: { done: true },
    })
    expect(updated['result']).toEqual(await kernel.findOne('tasks', created.id))
    const found = await call('object.find', ['tasks', { where: { done: true }, fields: ['title'] }])
    expect(found['result']).toEqual([{ id: created.id, title: 'Write' }])
    expect((await call('object.count', ['tasks', { done: true }]))['result']).toBe(1)
    expect((await call('object.delete', ['tasks', created.id]))['result']).toBe(true)
    expect((await call('object.delete', ['tasks', created.id]))['result']).toBe(false)
  })

  it('maps kernel errors to application codes with the catalog code in data', async () => {
    expect(await call('object.get', ['tasks', 'missing'])).toMatchObject({
      error: { code: -32001, data: { code: 'NOT_FOUND' } },
    })
    expect(await call('object.find', ['nope', {}])).toMatchObject({
      error: { code: -32002, data: { code: 'OBJECT_NOT_FOUND' } },
    })
    expect(
      await call('object.create', ['projects', { id: 'p1', name: 'Dup', code: 'DUP' }]),
    ).toMatchObject({
      error: { code: -32004, data: { code: 'DUPLICATE_RECORD' } },
    })
    const invalid = await call('object.create', [
      'tasks',
      { title: 'x', project: projectId, estimate_hours: -1 },
    ])
    expect(invalid).toMatchObject({ error: { code: -32602, data: { code: 'VALIDATION_FAILED' } } })
    const fields = (
      invalid['error'] as { data: { details: { errors: { field: string }[] } } }
    ).data.details.errors.map((e) => e.field)
    expect(fields.sort()).toEqual(['estimate_hours', 'title'])
    expect(
      await call('object.find', ['tasks', { where: { title: { $regex: 'x' } } }]),
    ).toMatchObject({
      error: { code: -32602, data: { code: 'INVALID_FILTER' } },
    })
    expect(await call('object.get', ['tasks'])).toMatchObject({ error: { code: -32602 } })
    expect(await call('object.get', ['tasks', 5])).toMatchObject({ error: { code: -32602 } })
  })

  it('refuses a create whose id has a lone surrogate and stores nothing (KRN-ID-002)', async () => {
    const before = await snapshot(kernel)
    const reply = await call('object.create', [
      'projects',
      { id: 'p\uD800', name: 'Lone', code: 'LON' },
    ])
    expect(reply).toMatchObject({
      error: {
        code: -32602,
        data: { code: 'VALIDATION_FAILED', details: { errors: [{ field: 'id', rule: 'type' }] } },
      },
    })
    expect(await snapshot(kernel)).toEqual(before)
  })

  it('metadata, actions and introspection', async () => {
    expect((await call('metadata.list'))['result']).toEqual(kernel.bridge.getMetaTypes())
    expect((await call('metadata.get', ['tasks']))['result']).toEqual(
      JSON.parse(JSON.stringify(kernel.getObject('tasks'))),
    )
    expect(await call('metadata.get', ['nope'])).toMatchObject({ error: { code: -32002 } })
    const task = await kernel.create('tasks', { title: 'Act', project: projectId })
    const done = await call('action.execute', ['tasks:complete', { id: task.id, note: 'ok' }])
    expect(done['result']).toEqual(await kernel.findOne('tasks', task.id))
    expect((done['result'] as { done: boolean }).done).toBe(true)
    expect(await call('action.execute', ['tasks:nope', {}])).toMatchObject({
      error: { code: -32003 },
    })
    expect(await call('action.execute', ['nocolon', {}])).toMatchObject({ error: { code: -32602 } })
    expect((await call('action.list'))['result']).toEqual(
      JSON.parse(JSON.stringify(kernel.listActions())),
    )
    const methods = (await call('system.listMethods'))['result'] as string[]
    for (const name of [
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
    ]) {
      expect(methods).toContain(name)
    }
    expect((await call('system.describe', ['object.update']))['result']).toMatchObject({
      name: 'object.update',
      params: [{ name: 'objectName' }, { name: 'id' }, { name: 'data' }],
    })
  })
})

describe('JSON-RPC transport', () => {
  it('rejects non-POST with 405, oversized bodies with 413, deep bodies with -32600', async () => {
    const get = await app.inject({ method: 'GET', url: '/rpc' })
    expect(get.statusCode).toBe(405)
    expect(JSON.parse(get.body)).toMatchObject({ error: { code: -32600 }, id: null })
    const before = await snapshot(kernel)
    const big = JSON.stringify({
      jsonrpc: '2.0',
      method: 'object.create',
      params: ['users', { name: 'x'.repeat(5000), email: 'a@b.c' }],
      id: 1,
    })
    const tooLarge = await app.inject({
      method: 'POST',
      url: '/rpc',
      headers: { 'content-type': 'application/json' },
      body: big,
    })
    expect(tooLarge.statusCode).toBe(413)
    expect(JSON.parse(tooLarge.body)).toMatchObject({
      error: { code: -32600, data: { code: 'PAYLOAD_TOO_LARGE' } },
    })
    const deep = `{"jsonrpc":"2.0","method":"object.count","params":["tasks",${'{"$and":['.repeat(10)}{}${']}'.repeat(10)}],"id":1}`
    const tooDeep = await app.inject({
      method: 'POST',
      url: '/rpc',
      headers: { 'content-type': 'application/json' },
      body: deep,
    })
    expect(JSON.parse(tooDeep.body)).toMatchObject({
      error: { code: -32600, data: { code: 'LIMIT_EXCEEDED' } },
      id: null,
    })
    expect(await snapshot(kernel)).toEqual(before)
  })

  it('invalid UTF-8 is a parse error; any media type is read as JSON', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"jsonrpc":"2.0","method":"metadata.list","id":"'),
      Buffer.from([0xff]),
      Buffer.from('"}'),
    ])
    const bad = await app.inject({
      method: 'POST',
      url: '/rpc',
      headers: { 'content-type': 'application/json' },
      body: bytes,
    })
    expect(JSON.parse(bad.body)).toEqual({
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error' },
      id: null,
    })
    const text = await app.inject({
      method: 'POST',
      url: '/rpc',
      headers: { 'content-type': 'text/plain' },
      body: '{"jsonrpc":"2.0","method":"metadata.list","id":1}',
    })
    expect(JSON.parse(text.body)).toMatchObject({ result: kernel.bridge.getMetaTypes() })
    const batch = JSON.stringify(
      Array.from({ length: 4 }, (_, i) => ({ jsonrpc: '2.0', method: 'metadata.list', id: i })),
    )
    const tooMany = await app.inject({
      method: 'POST',
      url: '/rpc',
      headers: { 'content-type': 'application/json' },
      body: batch,
    })
    expect(JSON.parse(tooMany.body)).toMatchObject({
      error: { code: -32600, data: { code: 'LIMIT_EXCEEDED' } },
    })
  })

  it('listens alone on a real loopback socket (port 0) at /rpc', async () => {
    const server = await listenAlone(jsonRpcProtocol, { bridge: kernel.bridge, port: 0 })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const response = await fetch(`${server.url}/rpc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          { jsonrpc: '2.0', method: 'object.get', params: ['projects', projectId], id: 1 },
          { jsonrpc: '2.0', method: 'metadata.list' },
        ]),
      })
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual([
        { jsonrpc: '2.0', result: await kernel.findOne('projects', projectId), id: 1 },
      ])
    } finally {
      await server.close()
    }
  })
})
