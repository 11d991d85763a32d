import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kernel } from '../../kernel/kernel.js'
import { snapshot, startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { createRestServer } from './rest-server.js'

let kernel: Kernel
let app: FastifyInstance

beforeAll(async () => {
  kernel = await startTrackerKernel()
  app = createRestServer(kernel.bridge, { docs: false })
})

afterAll(async () => {
  await app.close()
  await kernel.stop()
})

async function create(body: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/data/users',
    headers: { 'content-type': 'application/json' },
    body,
  })
  return {
    status: response.statusCode,
    body: JSON.parse(response.body) as Record<string, unknown>,
    location: response.headers['location'],
  }
}

describe('POST /api/data/:object with a client-chosen id', () => {
  it('refuses an id with a lone surrogate (400 VALIDATION_FAILED) and writes nothing', async () => {
    const before = await snapshot(kernel)
    for (const id of ['a\\ud800b', '\\udfff', 'tail\\ud83d']) {
      const answer = await create(`{"id":"${id}","name":"Lone","email":"lone@example.com"}`)
      expect(answer).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED', details: { errors: [{ field: 'id' }] } } },
      })
      expect(answer.location).toBeUndefined()
    }
    expect(await kernel.findOne('users', 'a\uD800b')).toBeNull()
    expect(await kernel.count('users', { email: 'lone@example.com' })).toBe(0)
    expect(await snapshot(kernel)).toEqual(before)
  })

  it('accepts a well-formed astral id and answers with a Location that reads it back', async () => {
    const id = 'rocket-\u{1F680}'
    const answer = await create(JSON.stringify({ id, name: 'Astral', email: 'a@example.com' }))
    expect(answer.status).toBe(201)
    expect(answer.location).toBe(`/api/data/users/${encodeURIComponent(id)}`)
    const read = await app.inject({ method: 'GET', url: String(answer.location) })
    expect(JSON.parse(read.body)).toEqual(answer.body)
    expect(answer.body['id']).toBe(id)
  })

  it('a hook that sets an unaddressable id gets the same 400, and nothing is stored', async () => {
    kernel.on('beforeCreate', 'users', (hook) => {
      if (hook.data?.['name'] === 'Hooked') hook.data['id'] = 'h\uD800'
    })
    const before = await snapshot(kernel)
    const answer = await create(JSON.stringify({ name: 'Hooked', email: 'h@example.com' }))
    // The kernel checks the id a create ends up with, whoever chose it (KRN-ID-002).
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED', details: { errors: [{ field: 'id' }] } } },
    })
    expect(answer.location).toBeUndefined()
    expect(await kernel.findOne('users', 'h\uD800')).toBeNull()
    expect(await snapshot(kernel)).toEqual(before)
  })
})
