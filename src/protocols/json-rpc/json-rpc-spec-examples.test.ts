import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kernel } from '../../kernel/kernel.js'
import { startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { createJsonRpcServer } from './json-rpc-server.js'

/**
 * Every example of the JSON-RPC 2.0 specification's "Examples" section (section 7), sent as raw
 * text to the real server over a real kernel, with our methods in place of `subtract`, `sum`,
 * `update`, `foobar`, `notify_hello` and `get_data`. Expected results are read back from the
 * kernel, never hard-coded.
 */
let kernel: Kernel
let app: FastifyInstance
let projectId: string

async function post(body: string): Promise<{ status: number; text: string; json: unknown }> {
  const response = await app.inject({
    method: 'POST',
    url: '/rpc',
    headers: { 'content-type': 'application/json' },
    body,
  })
  return {
    status: response.statusCode,
    text: response.body,
    json: response.body === '' ? undefined : JSON.parse(response.body),
  }
}

beforeAll(async () => {
  kernel = await startTrackerKernel()
  app = createJsonRpcServer(kernel.bridge)
  projectId = (await kernel.create('projects', { name: 'Apollo', code: 'APL' })).id
  await kernel.create('tasks', { title: 'Launch', project: projectId, done: true })
  await kernel.create('tasks', { title: 'Land', project: projectId })
})

afterAll(async () => {
  await app.close()
  await kernel.stop()
})

describe('PRT-RPC JSON-RPC 2.0 specification examples', () => {
  it('rpc call with positional parameters (subtract -> object.count, object.get)', async () => {
    const count = await post(
      '{"jsonrpc": "2.0", "method": "object.count", "params": ["tasks", {"done": true}], "id": 1}',
    )
    expect(count).toEqual({
      status: 200,
      text: expect.any(String),
      json: { jsonrpc: '2.0', result: await kernel.count('tasks', { done: true }), id: 1 },
    })
    const get = await post(
      `{"jsonrpc": "2.0", "method": "object.get", "params": ["projects", "${projectId}"], "id": 2}`,
    )
    expect(get.json).toEqual({
      jsonrpc: '2.0',
      result: await kernel.findOne('projects', projectId),
      id: 2,
    })
  })

  it('rpc call with named parameters (in any order)', async () => {
    const a = await post(
      `{"jsonrpc": "2.0", "method": "object.get", "params": {"objectName": "projects", "id": "${projectId}"}, "id": 3}`,
    )
    const b = await post(
      `{"jsonrpc": "2.0", "method": "object.get", "params": {"id": "${projectId}", "objectName": "projects"}, "id": 4}`,
    )
    const record = await kernel.findOne('projects', projectId)
    expect(a.json).toEqual({ jsonrpc: '2.0', result: record, id: 3 })
    expect(b.json).toEqual({ jsonrpc: '2.0', result: record, id: 4 })
  })

  it('a notification gets no response, but runs', async () => {
    const before = await kernel.count('users', { name: 'Notified' })
    const created = await post(
      '{"jsonrpc": "2.0", "method": "object.create", "params": ["users", {"name": "Notified", "email": "n@example.com"}]}',
    )
    expect(created).toEqual({ status: 204, text: '', json: undefined })
    expect(await kernel.count('users', { name: 'Notified' })).toBe(before + 1)
    const unknown = await post('{"jsonrpc": "2.0", "method": "foobar"}')
    expect(unknown).toEqual({ status: 204, text: '', json: undefined })
  })

  it('rpc call of non-existent method', async () => {
    const response = await post('{"jsonrpc": "2.0", "method": "foobar", "id": "1"}')
    expect(response.json).toEqual({
      jsonrpc: '2.0',
      error: { code: -32601, message: 'Method not found: foobar' },
      id: '1',
    })
  })

  it('rpc call with invalid JSON', async () => {
    const response = await post('{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]')
    expect(response.json).toEqual({
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error' },
      id: null,
    })
  })

  it('rpc call with invalid Request object', async () => {
    const response = await post('{"jsonrpc": "2.0", "method": 1, "params": "bar"}')
    expect(response.json).toMatchObject({
      jsonrpc: '2.0',
      error: { code: -32600, message: 'Invalid Request' },
      id: null,
    })
  })

  it('rpc call Batch, invalid JSON', async () => {
    const response = await post(`[
      {"jsonrpc": "2.0", "method": "object.count", "params": ["tasks"], "id": "1"},
      {"jsonrpc": "2.0", "method"
    ]`)
    expect(response.json).toEqual({
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error' },
      id: null,
    })
  })

  it('rpc call with an empty Array', async () => {
    const response = await post('[]')
    expect(response.json).toMatchObject({
      jsonrpc: '2.0',
      error: { code: -32600, message: 'Invalid Request' },
      id: null,
    })
    expect(Array.isArray(response.json)).toBe(false)
  })

  it('rpc call with an invalid Batch (but not empty)', async () => {
    const response = await post('[1]')
    expect(response.json).toEqual([
      expect.objectContaining({
        jsonrpc: '2.0',
        error: expect.objectContaining({ code: -32600, message: 'Invalid Request' }),
        id: null,
      }),
    ])
  })

  it('rpc call with invalid Batch', async () => {
    const response = await post('[1,2,3]')
    expect(response.json).toHaveLength(3)
    for (const item of response.json as unknown[]) {
      expect(item).toMatchObject({
        jsonrpc: '2.0',
        error: { code: -32600, message: 'Invalid Request' },
        id: null,
      })
    }
  })

  it('rpc call Batch (mixed: calls, a notification, an invalid object, an unknown method)', async () => {
    const usersBefore = await kernel.count('users')
    const response = await post(`[
      {"jsonrpc": "2.0", "method": "object.count", "params": ["tasks"], "id": "1"},
      {"jsonrpc": "2.0", "method": "object.create", "params": ["users", {"name": "Hello", "email": "h@example.com"}]},
      {"jsonrpc": "2.0", "method": "object.get", "params": ["projects", "${projectId}"], "id": "2"},
      {"foo": "boo"},
      {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
      {"jsonrpc": "2.0", "method": "metadata.list", "id": "9"}
    ]`)
    expect(response.status).toBe(200)
    expect(response.json).toEqual([
      { jsonrpc: '2.0', result: await kernel.count('tasks'), id: '1' },
      { jsonrpc: '2.0', result: await kernel.findOne('projects', projectId), id: '2' },
      expect.objectContaining({
        jsonrpc: '2.0',
        error: expect.objectContaining({ code: -32600 }),
        id: null,
      }),
      { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found: foo.get' }, id: '5' },
      { jsonrpc: '2.0', result: kernel.bridge.getMetaTypes(), id: '9' },
    ])
    expect(await kernel.count('users')).toBe(usersBefore + 1)
  })

  it('rpc call Batch (all notifications): nothing is returned, all run', async () => {
    const tasks = await kernel.find('tasks', {})
    const body = JSON.stringify(
      tasks.map((task) => ({
        jsonrpc: '2.0',
        method: 'object.update',
        params: ['tasks', task.id, { estimate_hours: 7 }],
      })),
    )
    expect(tasks.length).toBeGreaterThan(1)
    const response = await post(body)
    expect(response).toEqual({ status: 204, text: '', json: undefined })
    expect(await kernel.count('tasks', { estimate_hours: 7 })).toBe(tasks.length)
  })

  it('id: null is a request, not a notification', async () => {
    const response = await post('{"jsonrpc": "2.0", "method": "metadata.list", "id": null}')
    expect(response.json).toEqual({
      jsonrpc: '2.0',
      result: kernel.bridge.getMetaTypes(),
      id: null,
    })
  })
})
