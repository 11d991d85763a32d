import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isObjectQLError } from '../../kernel/errors.js'
import { RemoteDriver } from './remote-driver.js'
import {
  NOTES,
  connectedDriver,
  recordingFetch,
  rejection,
  uniqueObject,
} from './remote-driver.test-utils.js'
import { startRemoteTestServer } from './remote-test-server.test-utils.js'
import type { RemoteTestBackend, RemoteTestServer } from './remote-test-server.test-utils.js'

// Real REST servers on 127.0.0.1 over a kernel: one on the memory driver, one on the SQL
// driver with SQLite. The records come back as the server's kernel stores them, stamps included.
const backends: readonly RemoteTestBackend[] = ['memory', 'sqlite']

describe.each(backends)('RemoteDriver CRUD against a REST server over %s', (backend) => {
  let server: RemoteTestServer
  beforeAll(async () => {
    server = await startRemoteTestServer({ backend })
  })
  afterAll(async () => {
    await server.close()
  })

  it('DRV-WRITE-001 DRV-ID-002 creates with a generated id and reads the stored record back', async () => {
    const notes = uniqueObject(NOTES)
    const driver = await connectedDriver(server.url, [notes])
    const input = { title: 'héllo 😀', stars: 2.5, done: false, tags: ['a', 'b'], meta: { x: [1] } }
    const created = await driver.create(notes.name, input)
    expect(created).toMatchObject({ ...input, id: expect.any(String) })
    expect(await driver.findOne(notes.name, created.id)).toEqual(created)
    // The server's kernel owns the audit stamps (KRN-STAMP-001): they come back as it set them.
    expect(created['created_at']).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/))
    const again = await driver.create(notes.name, { title: 'second' })
    expect(again.id).not.toBe(created.id)
    await driver.disconnect()
  })

  it('DRV-ID-003 keeps odd ids exactly, including ids no URL path can carry', async () => {
    const notes = uniqueObject(NOTES)
    const driver = await connectedDriver(server.url, [notes])
    const ids = [
      '.',
      '..',
      'a/b',
      'a.b:c#d?e=f&g',
      '%2E%2E',
      ' x ',
      '100%',
      'ü😀',
      'UPPER',
      'upper',
    ]
    for (const id of ids) {
      expect((await driver.create(notes.name, { id, title: id })).id).toBe(id)
    }
    for (const id of ids) {
      expect(await driver.findOne(notes.name, id)).toMatchObject({ id, title: id })
      expect(await driver.update(notes.name, id, { stars: 1 })).toMatchObject({ id, stars: 1 })
    }
    expect(await driver.count(notes.name, { stars: { $eq: 1 } })).toBe(ids.length)
    for (const id of ids) expect(await driver.delete(notes.name, id)).toBe(true)
    for (const id of ids) expect(await driver.findOne(notes.name, id)).toBeNull()
    expect(await driver.count(notes.name, undefined)).toBe(0)
    await driver.disconnect()
  })

  it('DRV-WRITE-002 DRV-WRITE-003 DRV-WRITE-004 merges updates, NOT_FOUND on missing, delete true/false', async () => {
    const notes = uniqueObject(NOTES)
    const driver = await connectedDriver(server.url, [notes])
    await driver.create(notes.name, { id: 'n1', title: 'keep', stars: 1 })
    const updated = await driver.update(notes.name, 'n1', { stars: 2, done: true })
    expect(updated).toMatchObject({ id: 'n1', title: 'keep', stars: 2, done: true })
    const missing = await rejection(driver.update(notes.name, 'ghost', { stars: 3 }))
    expect(missing).toMatchObject({ code: 'NOT_FOUND', details: { id: 'ghost' } })
    expect(await driver.findOne(notes.name, 'ghost')).toBeNull()
    expect(await driver.delete(notes.name, 'n1')).toBe(true)
    expect(await driver.delete(notes.name, 'n1')).toBe(false)
    // The server's kernel refuses an empty id outright; the driver reports its answer as is.
    expect(await rejection(driver.delete(notes.name, ''))).toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    await driver.disconnect()
  })

  it('DRV-ID-004 DRV-ERR-001 keeps the server code, message and details, with the HTTP answer as cause', async () => {
    const notes = uniqueObject(NOTES)
    const driver = await connectedDriver(server.url, [notes])
    await driver.create(notes.name, { id: 'dup', title: 'first' })
    const duplicate = await rejection(driver.create(notes.name, { id: 'dup', title: 'second' }))
    expect(isObjectQLError(duplicate)).toBe(true)
    expect(duplicate).toMatchObject({ code: 'DUPLICATE_RECORD', status: 409 })
    expect(duplicate.cause).toMatchObject({
      status: 409,
      body: { error: { code: 'DUPLICATE_RECORD' } },
    })
    expect(await driver.findOne(notes.name, 'dup')).toMatchObject({ title: 'first' })
    const invalid = await rejection(driver.create(notes.name, { title: 'x', stars: 'many' }))
    expect(invalid).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'stars' }] },
    })
    const unknown = await rejection(driver.create(notes.name, { title: 'x', nope: 1 }))
    expect(unknown).toMatchObject({ code: 'INVALID_FIELD' })
    const noObject = await rejection(driver.find('no_such_object', { object: 'no_such_object' }))
    expect(noObject).toMatchObject({ code: 'OBJECT_NOT_FOUND' })
    await driver.disconnect()
  })

  it('DRV-FLT-001 DRV-FLT-003 rejects non-canonical filters before sending anything', async () => {
    const notes = uniqueObject(NOTES)
    const { fetch, sent } = recordingFetch()
    const driver = await connectedDriver(server.url, [notes], { fetch })
    const before = sent.length
    // The server's kernel would accept $between and implicit equality: the driver must not.
    const wheres = [
      { stars: { $between: [1, 2] } },
      { title: 'x' },
      { $and: [] },
      { stars: { $in: 1 } },
    ]
    for (const where of wheres) {
      expect(await rejection(driver.find(notes.name, { object: notes.name, where }))).toMatchObject(
        {
          code: 'INVALID_FILTER',
        },
      )
      expect(await rejection(driver.count(notes.name, where))).toMatchObject({
        code: 'INVALID_FILTER',
      })
    }
    expect(sent.length).toBe(before)
    await driver.disconnect()
  })

  it('DRV-FLT-002 unknown fields fail with INVALID_FIELD, locally after syncSchema and on the server before', async () => {
    const notes = uniqueObject(NOTES)
    const synced = await connectedDriver(server.url, [notes])
    const where = { nope: { $eq: 1 } }
    expect(await rejection(synced.count(notes.name, where))).toMatchObject({
      code: 'INVALID_FIELD',
    })
    // A driver that never synced the object has no schema: the server's kernel judges instead.
    const unsynced = await connectedDriver(server.url)
    expect(await rejection(unsynced.count(notes.name, where))).toMatchObject({
      code: 'INVALID_FIELD',
    })
    await synced.disconnect()
    await unsynced.disconnect()
  })

  it('DRV-LIFE-001 DRV-LIFE-002 health and the not-connected state on both ends of the lifecycle', async () => {
    const notes = uniqueObject(NOTES)
    const driver = new RemoteDriver({ baseUrl: server.url, schema: 'register' })
    expect(await driver.checkHealth()).toBe(false)
    expect(await rejection(driver.find(notes.name, { object: notes.name }))).toMatchObject({
      code: 'DRIVER_NOT_CONNECTED',
    })
    await driver.connect()
    expect(await driver.checkHealth()).toBe(true)
    await driver.syncSchema([notes])
    await driver.disconnect()
    expect(await driver.checkHealth()).toBe(false)
    for (const call of [
      () => driver.create(notes.name, { title: 'x' }),
      () => driver.delete(notes.name, 'x'),
      () => driver.count(notes.name, undefined),
    ]) {
      expect(await rejection(call())).toMatchObject({ code: 'DRIVER_NOT_CONNECTED' })
    }
  })

  it('connect() to a base URL that serves no REST protocol fails with DRIVER_ERROR', async () => {
    const driver = new RemoteDriver({ baseUrl: `${server.url}/not-here` })
    expect(await rejection(driver.connect())).toMatchObject({ code: 'DRIVER_ERROR' })
    expect(await driver.checkHealth()).toBe(false)
  })
})
