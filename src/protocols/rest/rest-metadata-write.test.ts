import { afterEach, describe, expect, it } from 'vitest'
import { MemoryDriver } from '../../drivers/memory/index.js'
import { createKernel } from '../../kernel/kernel.js'
import type { Kernel } from '../../kernel/kernel.js'
import { OpenApiResponseChecker } from './openapi-conformance.test-utils.js'
import { createRestServer } from './rest-server.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }
const kernels: Kernel[] = []

async function startKernel(): Promise<Kernel> {
  const kernel = createKernel({ drivers: { default: new MemoryDriver() }, logger: quiet })
  await kernel.start()
  kernels.push(kernel)
  return kernel
}

afterEach(async () => {
  for (const kernel of kernels.splice(0)) await kernel.stop()
})

const NOTES = { fields: { title: { type: 'text', required: true }, stars: { type: 'number' } } }

describe('PUT /api/metadata/objects/:name (opt-in object registration)', () => {
  it('is not mounted and not documented unless registerObject is given', async () => {
    const kernel = await startKernel()
    const app = createRestServer(kernel.bridge, { docs: false })
    const put = await app.inject({
      method: 'PUT',
      url: '/api/metadata/objects/notes',
      payload: NOTES,
    })
    // The definition can be read but not written: 405, and Allow says so (RFC 9110 §15.5.6).
    expect(put.statusCode).toBe(405)
    expect(put.headers['allow']).toBe('GET, HEAD')
    expect(kernel.bridge.hasObject('notes')).toBe(false)
    const doc = JSON.parse((await app.inject({ url: '/openapi.json' })).body) as {
      paths: Record<string, Record<string, unknown>>
    }
    expect(Object.keys(doc.paths['/api/metadata/objects/{name}'] ?? {})).toEqual(['get'])
    await app.close()
  })

  it('registers an object the data routes then serve, and answers as documented', async () => {
    const kernel = await startKernel()
    const app = createRestServer(kernel.bridge, {
      docs: false,
      registerObject: (config) => kernel.registerObject(config),
    })
    const put = await app.inject({
      method: 'PUT',
      url: '/api/metadata/objects/notes',
      payload: NOTES,
    })
    expect(put.statusCode).toBe(200)
    expect(JSON.parse(put.body)).toMatchObject({
      name: 'notes',
      fields: { stars: { type: 'number' } },
    })
    expect(kernel.bridge.hasObject('notes')).toBe(true)
    const created = await app.inject({
      method: 'POST',
      url: '/api/data/notes',
      payload: { id: 'n1', title: 'first', stars: 3 },
    })
    expect(created.statusCode).toBe(201)
    // Replacing the definition with one field fewer makes that field unknown to the kernel.
    const replaced = await app.inject({
      method: 'PUT',
      url: '/api/metadata/objects/notes',
      payload: { name: 'notes', fields: { title: { type: 'text' } } },
    })
    expect(replaced.statusCode).toBe(200)
    const stale = await app.inject({ url: '/api/data/notes?filter={"stars":{"$eq":3}}' })
    expect(JSON.parse(stale.body)).toMatchObject({ error: { code: 'INVALID_FIELD' } })
    const doc = JSON.parse((await app.inject({ url: '/openapi.json' })).body) as Record<
      string,
      unknown
    >
    const checker = new OpenApiResponseChecker(doc)
    expect(
      checker.check('PUT', '/api/metadata/objects/notes', put.statusCode, JSON.parse(put.body)),
    ).toBeUndefined()
    await app.close()
  })

  it('rejects bodies that are not object definitions and registers nothing', async () => {
    const kernel = await startKernel()
    const app = createRestServer(kernel.bridge, {
      docs: false,
      registerObject: (config) => kernel.registerObject(config),
    })
    const cases: Array<{ payload: unknown; code: string }> = [
      { payload: [NOTES], code: 'INVALID_REQUEST' },
      { payload: { ...NOTES, name: 'other' }, code: 'INVALID_REQUEST' },
      { payload: { fields: { title: { type: 'no-such-type' } } }, code: 'METADATA_INVALID' },
    ]
    for (const { payload, code } of cases) {
      const response = await app.inject({
        method: 'PUT',
        url: '/api/metadata/objects/notes',
        payload: payload as Record<string, unknown>,
      })
      expect(response.statusCode).toBe(400)
      expect(JSON.parse(response.body)).toMatchObject({ error: { code } })
    }
    expect(kernel.bridge.hasObject('notes')).toBe(false)
    await app.close()
  })
})
