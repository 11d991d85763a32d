import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryDriver } from '../memory/index.js'
import { createKernel } from '../../kernel/kernel.js'
import type { Kernel } from '../../kernel/kernel.js'
import { createProtocolHost } from '../../protocols/common/protocol-host.js'
import type { ProtocolHost } from '../../protocols/common/protocol-host.js'
import { restProtocol } from '../../protocols/rest/rest-server.js'
import { RemoteDriver } from './remote-driver.js'
import { NOTES, connectedDriver, rejection, uniqueObject } from './remote-driver.test-utils.js'
import { startRemoteTestServer } from './remote-test-server.test-utils.js'
import type { RemoteTestServer } from './remote-test-server.test-utils.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }

describe('RemoteDriver syncSchema against a server that owns its schema (verify)', () => {
  let kernel: Kernel
  let host: ProtocolHost
  let url: string
  beforeAll(async () => {
    // The REST protocol as `objectql serve` mounts it: no object registration route.
    kernel = createKernel({
      objects: [NOTES],
      drivers: { default: new MemoryDriver() },
      logger: quiet,
    })
    await kernel.start()
    host = await createProtocolHost({ kernel, protocols: [restProtocol] })
    url = await host.listen({ port: 0 })
  })
  afterAll(async () => {
    await host.close()
    await kernel.stop()
  })

  it('accepts objects the server declares alike, and changes nothing on the server', async () => {
    const driver = new RemoteDriver({ baseUrl: url })
    expect(driver.capabilities.schemaSync).toBe(false)
    await driver.connect()
    await driver.syncSchema([{ name: 'notes', fields: { title: { type: 'text' } } }])
    expect(kernel.bridge.getMetaTypes()).toEqual(['notes'])
    expect((await driver.create('notes', { title: 'x' })).title).toBe('x')
    await driver.disconnect()
  })

  it('fails with OBJECT_NOT_FOUND or METADATA_INVALID when the server disagrees', async () => {
    const driver = await connectedDriver(url, [], { schema: 'verify' })
    const missing = await rejection(driver.syncSchema([{ name: 'ghosts', fields: {} }]))
    expect(missing).toMatchObject({ code: 'OBJECT_NOT_FOUND' })
    const differs = await rejection(
      driver.syncSchema([
        { name: 'notes', fields: { title: { type: 'number' }, extra: { type: 'text' } } },
      ]),
    )
    expect(differs).toMatchObject({ code: 'METADATA_INVALID', details: { object: 'notes' } })
    expect((differs.details as { problems: string[] }).problems).toHaveLength(2)
    await driver.disconnect()
  })

  it('register mode says NOT_SUPPORTED when the server does not accept definitions', async () => {
    const driver = await connectedDriver(url, [], { schema: 'register' })
    expect(driver.capabilities.schemaSync).toBe(true)
    const refused = await rejection(driver.syncSchema([uniqueObject(NOTES)]))
    expect(refused).toMatchObject({ code: 'NOT_SUPPORTED' })
    expect(kernel.bridge.getMetaTypes()).toEqual(['notes'])
    await driver.disconnect()
  })

  it('introspectSchema lists what the server declares', async () => {
    const driver = await connectedDriver(url)
    const schema = await driver.introspectSchema()
    expect(Object.keys(schema.tables)).toEqual(['notes'])
    expect(schema.tables['notes']?.primaryKeys).toEqual(['id'])
    expect(schema.tables['notes']?.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'text'],
      ['title', 'text'],
      ['stars', 'number'],
      ['done', 'boolean'],
      ['due', 'datetime'],
      ['tags', 'tags'],
      ['meta', 'json'],
    ])
    await driver.disconnect()
  })
})

describe('a client kernel over RemoteDriver over a REST server over a kernel', () => {
  let server: RemoteTestServer
  beforeAll(async () => {
    server = await startRemoteTestServer({ backend: 'memory' })
  })
  afterAll(async () => {
    await server.close()
  })

  it('runs the whole pipeline end to end; the server owns the stamps', async () => {
    const notes = uniqueObject(NOTES)
    const client = createKernel({
      objects: [notes],
      drivers: { default: new RemoteDriver({ baseUrl: server.url, schema: 'register' }) },
      logger: quiet,
    })
    const seen: string[] = []
    client.on('beforeCreate', notes.name, (ctx) => void seen.push(String(ctx.data?.['title'])))
    await client.start()
    expect(server.kernel.bridge.hasObject(notes.name)).toBe(true)
    const created = await client.create(notes.name, { title: 'via client', stars: 3 })
    expect(seen).toEqual(['via client'])
    // The client kernel stamped created_at and the driver sent it; the server's kernel stamped
    // its own, which is what is stored and returned (KRN-STAMP-001 on the server).
    const stored = await server.kernel.findOne(notes.name, created.id)
    expect(stored?.['created_at']).toBe(created['created_at'])
    // Legacy shapes are normalized by the client kernel; the driver only sees canonical filters.
    const found = await client.find(notes.name, { filters: [['stars', '>', 1]], sort: '-stars' })
    expect(found.map((r) => r.id)).toEqual([created.id])
    expect(await client.count(notes.name, { stars: { $between: [1, 5] } })).toBe(1)
    const updated = await client.update(notes.name, created.id, { done: true })
    expect(updated).toMatchObject({
      title: 'via client',
      done: true,
      created_at: created['created_at'],
    })
    expect(await client.delete(notes.name, created.id)).toBe(true)
    await client.stop()
  })
})
