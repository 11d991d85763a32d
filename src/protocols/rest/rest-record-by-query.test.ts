import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { MemoryDriver } from '../../drivers/memory/index.js'
import { createKernel } from '../../kernel/kernel.js'
import type { Kernel } from '../../kernel/kernel.js'
import { OpenApiResponseChecker } from './openapi-conformance.test-utils.js'
import { createRestServer } from './rest-server.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }
const NOTES = { name: 'notes', fields: { title: { type: 'text' as const } } }

let kernel: Kernel
let app: FastifyInstance
let checker: OpenApiResponseChecker

beforeAll(async () => {
  kernel = createKernel({
    objects: [NOTES],
    drivers: { default: new MemoryDriver() },
    logger: quiet,
  })
  await kernel.start()
  app = createRestServer(kernel.bridge, { docs: false })
  const doc = JSON.parse((await app.inject({ url: '/openapi.json' })).body) as Record<
    string,
    unknown
  >
  checker = new OpenApiResponseChecker(doc)
})

afterAll(async () => {
  await app.close()
  await kernel.stop()
})

async function send(method: 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) {
  const response = await app.inject(
    payload === undefined ? { method, url } : { method, url, payload },
  )
  const body = JSON.parse(response.body) as Record<string, unknown>
  expect(checker.check(method, url, response.statusCode, body)).toBeUndefined()
  return { status: response.statusCode, body }
}

describe('PATCH, PUT and DELETE /api/data/:object?id= (ids no path segment can carry)', () => {
  it('URL parsers drop `.` and `..` segments even percent-encoded, hence the query form', () => {
    expect(new URL('http://h/api/data/notes/%2E%2E').pathname).toBe('/api/data/')
    expect(new URL('http://h/api/data/notes/.').pathname).toBe('/api/data/notes/')
  })

  it('updates, replaces and deletes the record the id parameter names', async () => {
    for (const id of ['.', '..']) await kernel.create('notes', { id, title: 'before' })
    expect((await send('PATCH', '/api/data/notes?id=..', { title: 'patched' })).body).toMatchObject(
      {
        id: '..',
        title: 'patched',
      },
    )
    expect((await send('PUT', '/api/data/notes?id=.', {})).body).toMatchObject({
      id: '.',
      title: null,
    })
    expect(await send('DELETE', '/api/data/notes?id=..')).toMatchObject({
      status: 200,
      body: { id: '..', deleted: true },
    })
    expect(await send('DELETE', '/api/data/notes?id=..')).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND', details: { id: '..' } } },
    })
    expect(await kernel.findOne('notes', '.')).toMatchObject({ title: null })
  })

  it('needs exactly one id parameter and nothing else', async () => {
    for (const url of [
      '/api/data/notes',
      '/api/data/notes?id=a&id=b',
      '/api/data/notes?id=a&x=1',
    ]) {
      expect(await send('DELETE', url)).toMatchObject({
        status: 400,
        body: { error: { code: 'INVALID_QUERY' } },
      })
    }
    expect(await send('PATCH', '/api/data/ghosts?id=a', { title: 'x' })).toMatchObject({
      status: 404,
      body: { error: { code: 'OBJECT_NOT_FOUND' } },
    })
  })
})
