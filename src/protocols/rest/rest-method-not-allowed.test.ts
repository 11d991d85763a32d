import type { FastifyInstance, HTTPMethods } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kernel } from '../../kernel/kernel.js'
import { snapshot, startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { createRestServer } from './rest-server.js'

let kernel: Kernel
let app: FastifyInstance
let prefixed: FastifyInstance
let taskId: string

beforeAll(async () => {
  kernel = await startTrackerKernel()
  app = createRestServer(kernel.bridge, { docs: false })
  prefixed = createRestServer(kernel.bridge, {
    docs: false,
    path: '/v1',
    registerObject: (config) => kernel.registerObject(config),
  })
  const project = await kernel.create('projects', { name: 'Apollo', code: 'APL' })
  taskId = (await kernel.create('tasks', { title: 'Keep', project: project.id })).id
})

afterAll(async () => {
  await app.close()
  await prefixed.close()
  await kernel.stop()
})

async function send(server: FastifyInstance, method: HTTPMethods, url: string, payload?: object) {
  const response = await server.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload }),
  })
  return { status: response.statusCode, allow: response.headers['allow'], body: response.body }
}

describe('REST: a method the path does not support is 405 with Allow (RFC 9110 §15.5.6)', () => {
  it('answers 405, the Allow header and the coded envelope, and changes nothing', async () => {
    const before = await snapshot(kernel)
    const answer = await send(app, 'POST', `/api/data/tasks/${taskId}`, { title: 'Overwrite' })
    expect(answer).toMatchObject({ status: 405, allow: 'GET, HEAD, PUT, PATCH, DELETE' })
    expect(JSON.parse(answer.body)).toEqual({
      error: {
        code: 'INVALID_REQUEST',
        message: `POST is not allowed on /api/data/tasks/${taskId} (allowed: GET, HEAD, PUT, PATCH, DELETE)`,
        details: { method: 'POST', allow: ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'] },
      },
    })
    expect(await snapshot(kernel)).toEqual(before)
  })

  it.each([
    ['OPTIONS', '/api/data/tasks', 'GET, HEAD, POST, PUT, PATCH, DELETE'],
    ['GET', '/api/actions/tasks/complete', 'POST'],
    ['DELETE', '/api/actions/tasks/complete', 'POST'],
    ['PUT', '/api/metadata/objects', 'GET, HEAD'],
    ['PUT', '/api/metadata/objects/tasks', 'GET, HEAD'],
    ['DELETE', '/openapi.json', 'GET, HEAD'],
  ] as const)('%s %s is 405, Allow: %s', async (method, url, allow) => {
    expect(await send(app, method, url)).toMatchObject({ status: 405, allow })
  })

  it('lists in Allow exactly the methods that are not refused', async () => {
    const everything: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
    for (const url of ['/api/data/tasks/missing', '/api/data/tasks', '/api/metadata/objects']) {
      const answers = await Promise.all(everything.map((method) => send(app, method, url)))
      const refused = answers.find((answer) => answer.status === 405)
      const allowed = everything.filter((_, i) => answers[i]?.status !== 405)
      expect(refused?.allow, url).toBe(allowed.join(', '))
    }
  })

  it('follows the mount prefix and the optional metadata write route', async () => {
    expect(await send(prefixed, 'POST', '/v1/api/data/tasks/x')).toMatchObject({ status: 405 })
    expect(await send(prefixed, 'DELETE', '/v1/api/metadata/objects/tasks')).toMatchObject({
      status: 405,
      allow: 'GET, HEAD, PUT',
    })
    // Paths the server does not serve stay unknown routes.
    for (const [server, url] of [
      [prefixed, '/api/data/tasks/x'],
      [app, '/api/nothing/here'],
    ] as const) {
      const answer = await send(server, 'POST', url)
      expect(answer.status, url).toBe(404)
      expect(JSON.parse(answer.body), url).toMatchObject({ error: { code: 'NOT_FOUND' } })
    }
  })
})
