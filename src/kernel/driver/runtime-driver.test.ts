import { describe, expect, it } from 'vitest'
import { MemoryDriver } from '../../drivers/memory/index.js'
import { ObjectQLError, hasErrorCode } from '../errors.js'
import type { DataRecord } from '../spec/object-config.js'
import type { QueryAST } from '../spec/query-ast.js'
import { RuntimeDriver } from './runtime-driver.js'

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

/** Fault injection: counts connects, fails the first `failConnects`, and can throw natively. */
class FaultyDriver extends MemoryDriver {
  connects = 0
  failConnects = 0
  nativeFindError: Error | undefined
  badFindResult = false
  override async connect(): Promise<void> {
    this.connects++
    await new Promise((resolve) => setTimeout(resolve, 5))
    if (this.connects <= this.failConnects) throw new Error('ECONNREFUSED 127.0.0.1:1')
    await super.connect()
  }
  override async find(object: string, query: QueryAST): Promise<DataRecord[]> {
    if (this.nativeFindError !== undefined) throw this.nativeFindError
    if (this.badFindResult) return 'rows' as unknown as DataRecord[]
    return super.find(object, query)
  }
}

const query: QueryAST = { object: 'task' }

describe('RuntimeDriver connect', () => {
  it('connects once when called concurrently and afterwards', async () => {
    const inner = new FaultyDriver()
    const driver = new RuntimeDriver(inner)
    await Promise.all([driver.connect(), driver.connect(), driver.connect()])
    await driver.connect()
    expect(inner.connects).toBe(1)
    expect(driver.state).toBe('connected')
  })

  it('maps a failed connect to DRIVER_UNAVAILABLE with cause and allows a retry', async () => {
    const inner = new FaultyDriver()
    inner.failConnects = 1
    const driver = new RuntimeDriver(inner)
    const [a, b] = await Promise.allSettled([driver.connect(), driver.connect()])
    expect(a.status).toBe('rejected')
    expect(b.status).toBe('rejected')
    const error = a.status === 'rejected' ? (a.reason as unknown) : undefined
    expect(hasErrorCode(error, 'DRIVER_UNAVAILABLE')).toBe(true)
    expect((error as Error).cause).toBeInstanceOf(Error)
    expect(inner.connects).toBe(1)
    expect(driver.state).toBe('idle')
    await driver.connect()
    expect(inner.connects).toBe(2)
    expect(await driver.checkHealth()).toBe(true)
  })

  it('retries after a connect that throws synchronously', async () => {
    let calls = 0
    const inner = new MemoryDriver()
    inner.connect = () => {
      calls++
      if (calls === 1) throw new Error('sync failure')
      return Promise.resolve()
    }
    const driver = new RuntimeDriver(inner)
    expect(hasErrorCode(await rejection(driver.connect()), 'DRIVER_UNAVAILABLE')).toBe(true)
    await driver.connect()
    expect(driver.state).toBe('connected')
  })
})

describe('RuntimeDriver use outside the connection', () => {
  it('refuses every call before connect with DRIVER_NOT_CONNECTED, without reaching the driver', async () => {
    const inner = new FaultyDriver()
    inner.nativeFindError = new Error('must not be reached')
    const driver = new RuntimeDriver(inner)
    const error = await rejection(driver.find('task', query))
    expect(hasErrorCode(error, 'DRIVER_NOT_CONNECTED')).toBe(true)
    expect((error as Error).message).toMatch(/before connect/)
    expect(hasErrorCode(await rejection(driver.create('task', {})), 'DRIVER_NOT_CONNECTED')).toBe(
      true,
    )
    expect(await driver.checkHealth()).toBe(false)
  })

  it('refuses calls after disconnect and keeps disconnect idempotent', async () => {
    const driver = new RuntimeDriver(new MemoryDriver())
    await driver.connect()
    await driver.create('task', { id: 'a' })
    await driver.disconnect()
    await driver.disconnect()
    const error = await rejection(driver.findOne('task', 'a'))
    expect(hasErrorCode(error, 'DRIVER_NOT_CONNECTED')).toBe(true)
    expect((error as Error).message).toMatch(/after disconnect/)
    expect(driver.state).toBe('disconnected')
  })
})

describe('RuntimeDriver error mapping', () => {
  it('maps native errors to DRIVER_ERROR keeping the cause, and passes coded ones through', async () => {
    const inner = new FaultyDriver()
    const driver = new RuntimeDriver(inner)
    await driver.connect()
    const native = new RangeError('socket hang up')
    inner.nativeFindError = native
    const mapped = await rejection(driver.find('task', query))
    expect(hasErrorCode(mapped, 'DRIVER_ERROR')).toBe(true)
    expect((mapped as Error).cause).toBe(native)
    expect((mapped as Error).message).toMatch(/memory.*find.*socket hang up/)

    const coded = new ObjectQLError('INVALID_FILTER', 'bad')
    inner.nativeFindError = coded
    expect(await rejection(driver.find('task', query))).toBe(coded)

    inner.nativeFindError = undefined
    await driver.create('task', { id: 'a' })
    expect(
      hasErrorCode(await rejection(driver.create('task', { id: 'a' })), 'DUPLICATE_RECORD'),
    ).toBe(true)
  })

  it('maps synchronous throws and rejections of find, findOne and count alike', async () => {
    const inner = new MemoryDriver()
    const driver = new RuntimeDriver(inner)
    await driver.connect()
    const boom = new Error('boom')
    const calls = {
      find: () => driver.find('task', query),
      findOne: () => driver.findOne('task', 'x'),
      count: () => driver.count('task', undefined),
    }
    for (const [operation, call] of Object.entries(calls)) {
      for (const fail of [
        () => {
          throw boom
        },
        () => Promise.reject(boom),
      ]) {
        Object.assign(inner, { [operation]: fail })
        // A synchronous throw must still come back as a rejection, never as a throw.
        const pending = call()
        const error = await rejection(pending)
        expect(hasErrorCode(error, 'DRIVER_ERROR')).toBe(true)
        expect((error as Error).cause).toBe(boom)
        expect((error as Error).message).toContain(`${operation} failed: boom`)
      }
    }
  })

  it('rejects results of the wrong shape with DRIVER_ERROR', async () => {
    const inner = new FaultyDriver()
    const driver = new RuntimeDriver(inner)
    await driver.connect()
    inner.badFindResult = true
    expect(hasErrorCode(await rejection(driver.find('task', query)), 'DRIVER_ERROR')).toBe(true)
    inner.count = () => Promise.resolve(-1)
    expect(hasErrorCode(await rejection(driver.count('task', undefined)), 'DRIVER_ERROR')).toBe(
      true,
    )
  })

  it('normalizes findOne undefined to null and delete results to booleans', async () => {
    const inner = new MemoryDriver()
    const driver = new RuntimeDriver(inner)
    await driver.connect()
    inner.findOne = () => Promise.resolve(undefined as unknown as null)
    expect(await driver.findOne('task', 'x')).toBeNull()
    inner.delete = () => Promise.resolve(1 as unknown as boolean)
    expect(await driver.delete('task', 'x')).toBe(true)
  })

  it('delegates data calls to the wrapped driver', async () => {
    const driver = new RuntimeDriver(new MemoryDriver())
    await driver.connect()
    await driver.syncSchema([{ name: 'task', fields: { title: { type: 'text' } } }])
    await driver.bulkCreate('task', [
      { id: 'a', title: 'x' },
      { id: 'b', title: 'y' },
    ])
    expect(await driver.count('task', { title: { $eq: 'x' } })).toBe(1)
    expect((await driver.update('task', 'a', { title: 'z' })).title).toBe('z')
    expect(await driver.distinct('task', 'title')).toEqual(['y', 'z'])
    expect(await driver.delete('task', 'b')).toBe(true)
    expect((await driver.find('task', { object: 'task' })).map((r) => r.id)).toEqual(['a'])
    expect(driver.capabilities.transactions).toBe(true)
    expect(driver.name).toBe('memory')
  })
})
