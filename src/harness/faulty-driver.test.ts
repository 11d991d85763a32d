import { describe, expect, it } from 'vitest'
import { MemoryDriver } from '../drivers/memory/index.js'
import { hasErrorCode } from '../kernel/errors.js'
import type { ObjectConfig } from '../kernel/spec/object-config.js'
import { FaultyDriver } from './faulty-driver.js'

const tasks: ObjectConfig = { name: 'tasks', fields: { title: { type: 'text' } } }
const notes: ObjectConfig = { name: 'notes', fields: { body: { type: 'text' } } }

async function connected(): Promise<FaultyDriver> {
  const driver = new FaultyDriver(new MemoryDriver())
  await driver.connect()
  await driver.syncSchema([tasks, notes])
  return driver
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  )
}

describe('FaultyDriver', () => {
  it('passes calls through and publishes the wrapped driver identity', async () => {
    const driver = await connected()
    expect(driver.name).toBe('memory')
    expect(driver.capabilities).toBe(driver.inner.capabilities)
    const created = await driver.create('tasks', { id: 't1', title: 'a' })
    expect(await driver.findOne('tasks', 't1')).toEqual(created)
    expect(driver.callCount('create')).toBe(1)
    expect(driver.calls.map((call) => call.method)).toEqual([
      'connect',
      'syncSchema',
      'create',
      'findOne',
    ])
  })

  it('failOnCall(n, code) fails exactly the Nth matching call, before anything is written', async () => {
    const driver = await connected()
    driver.failOnCall(2, 'DRIVER_UNAVAILABLE', { methods: ['create'] })
    await driver.create('tasks', { id: 't1', title: 'first' })
    await driver.find('tasks', { object: 'tasks' }) // not a create: not counted
    const error = await errorOf(driver.create('tasks', { id: 't2', title: 'second' }))
    expect(hasErrorCode(error, 'DRIVER_UNAVAILABLE')).toBe(true)
    expect(String(error)).toContain('injected fault: create(tasks)')
    expect(await driver.inner.findOne('tasks', 't2')).toBeNull()
    await driver.create('tasks', { id: 't3', title: 'third' })
    expect(await driver.count('tasks', undefined)).toBe(2)
    expect(driver.calls.filter((call) => call.outcome === 'injected')).toHaveLength(1)
  })

  it('counts from when the rule is added, honours times and scopes by object', async () => {
    const driver = await connected()
    await driver.create('tasks', { title: 'before the rule' })
    driver.failOnCall(1, 'DRIVER_ERROR', { object: 'notes', times: 2 })
    await driver.create('tasks', { title: 'other object' })
    const first = await errorOf(driver.create('notes', { body: 'x' }))
    const second = await errorOf(driver.find('notes', { object: 'notes' }))
    expect(hasErrorCode(first, 'DRIVER_ERROR')).toBe(true)
    expect(hasErrorCode(second, 'DRIVER_ERROR')).toBe(true)
    await expect(driver.create('notes', { body: 'y' })).resolves.toMatchObject({ body: 'y' })
  })

  it('records errors of the wrapped driver as failed, with their own code', async () => {
    const driver = await connected()
    await driver.create('tasks', { id: 'same' })
    const error = await errorOf(driver.create('tasks', { id: 'same' }))
    expect(hasErrorCode(error, 'DUPLICATE_RECORD')).toBe(true)
    expect(driver.calls.at(-1)).toMatchObject({ method: 'create', outcome: 'failed' })
  })

  it('disconnectAfter(n) loses the connection after n successful calls', async () => {
    const driver = await connected()
    driver.disconnectAfter(2)
    await driver.create('tasks', { title: 'one' })
    await driver.count('tasks', undefined)
    expect(driver.disconnected).toBe(true)
    const error = await errorOf(driver.find('tasks', { object: 'tasks' }))
    expect(hasErrorCode(error, 'DRIVER_UNAVAILABLE')).toBe(true)
    expect(await driver.checkHealth()).toBe(false)
    driver.reconnect()
    expect(await driver.checkHealth()).toBe(true)
    expect(await driver.count('tasks', undefined)).toBe(1)
  })

  it('disconnect() still reaches the wrapped driver after a loss, so cleanup works', async () => {
    const driver = await connected()
    driver.disconnectAfter(0)
    await driver.disconnect()
    const error = await errorOf(driver.inner.count('tasks', undefined))
    expect(hasErrorCode(error, 'DRIVER_NOT_CONNECTED')).toBe(true)
  })

  it('latency(ms) delays matching calls without changing results', async () => {
    const driver = await connected()
    driver.latency(5, { methods: ['find'] })
    await driver.create('tasks', { title: 'a' })
    const found = await driver.find('tasks', { object: 'tasks' })
    expect(found.map((record) => record.title)).toEqual(['a'])
  })

  it('reset() removes every fault', async () => {
    const driver = await connected()
    driver.failOnCall(1).disconnectAfter(0).reset()
    await expect(driver.count('tasks', undefined)).resolves.toBe(0)
  })

  it('rejects nonsensical rules with CONFIG_INVALID', () => {
    const driver = new FaultyDriver(new MemoryDriver())
    expect(() => driver.failOnCall(0)).toThrow(/integer >= 1/)
    expect(() => driver.latency(-1)).toThrow(/integer >= 0/)
    expect(() => driver.disconnectAfter(1.5)).toThrow(/integer >= 0/)
  })
})
