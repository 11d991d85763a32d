import { createServer, connect as netConnect } from 'node:net'
import type { Server, Socket } from 'node:net'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { isObjectQLError } from '../../kernel/errors.js'
import { RedisDriver } from './redis-driver.js'
import {
  RedisTestBed,
  REDIS_URL,
  TASK,
  expectCode,
  snapshot,
  suiteTitle,
} from './redis-driver.test-utils.js'
import type { Driver } from '../../kernel/driver/driver.js'

/**
 * A real TCP proxy on loopback in front of Redis, for fault injection: `cut()` drops every
 * connection and stops listening (a lost server), `listen()` again on the same port brings it
 * back, `stall` swallows client bytes (a server that stopped answering).
 */
class TcpProxy {
  readonly #target: URL
  readonly #sockets = new Set<Socket>()
  #server: Server | undefined
  port = 0
  stall = false

  constructor(target: string) {
    this.#target = new URL(target)
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}${this.#target.pathname}`
  }

  async listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = netConnect(Number(this.#target.port || 6379), this.#target.hostname)
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket)
        socket.on('error', () => socket.destroy())
        socket.on('close', () => this.#sockets.delete(socket))
      }
      client.on('data', (chunk: Buffer) => (this.stall ? undefined : upstream.write(chunk)))
      upstream.pipe(client)
    })
    this.#server = server
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve))
    const address = server.address()
    if (typeof address === 'object' && address !== null) this.port = address.port
  }

  async cut(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    for (const socket of this.#sockets) socket.destroy()
    if (server !== undefined) await new Promise((resolve) => server.close(resolve))
  }
}

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  return typeof address === 'object' && address !== null ? address.port : 1
}

function dataCalls(driver: Driver): (() => Promise<unknown>)[] {
  const q = { object: 'task' }
  return [
    () => driver.find('task', q),
    () => driver.findOne('task', 'a'),
    () => driver.count('task', undefined),
    () => driver.create('task', {}),
    () => driver.update('task', 'a', {}),
    () => driver.delete('task', 'a'),
    () => driver.bulkCreate('task', [{}]),
    () => driver.bulkUpdate('task', [{ id: 'a', data: {} }]),
    () => driver.bulkDelete('task', ['a']),
    () => driver.aggregate('task', { object: 'task', groupBy: ['title'] }),
    () => driver.distinct('task', 'title'),
    () => driver.beginTransaction(),
    () => driver.executeQuery(q),
  ]
}

describe.skipIf(REDIS_URL === undefined)(
  suiteTitle('redis driver: lifecycle, errors, connections'),
  () => {
    const bed = new RedisTestBed('life')
    afterAll(() => bed.close())

    it('DRV-LIFE-001 after connect, checkHealth resolves true', async () => {
      const driver = bed.make()
      expect(await driver.checkHealth()).toBe(false)
      await driver.connect()
      expect(await driver.checkHealth()).toBe(true)
    })

    it('DRV-LIFE-002 after disconnect every data operation fails with DRIVER_NOT_CONNECTED', async () => {
      const driver = await bed.driver([{ id: 'a' }])
      await driver.disconnect()
      expect(await driver.checkHealth()).toBe(false)
      for (const call of dataCalls(driver)) await expectCode(call(), 'DRIVER_NOT_CONNECTED')
      await expectCode(driver.syncSchema([TASK]), 'DRIVER_NOT_CONNECTED')
      expect(
        await driver.executeCommand({ type: 'create', object: 'task', data: {} }),
      ).toMatchObject({
        success: false,
        code: 'DRIVER_NOT_CONNECTED',
      })
      await driver.connect() // data lives in Redis, so it survives a reconnect
      expect(await snapshot(driver)).toEqual([{ id: 'a' }])
    })

    it('refuses use before connect, and a disconnect leaves no socket open', async () => {
      const sockets = (): number =>
        process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length
      const before = sockets()
      const driver = bed.make()
      await expectCode(driver.find('task', { object: 'task' }), 'DRIVER_NOT_CONNECTED')
      await Promise.all([driver.connect(), driver.connect()]) // one attempt, one socket
      await driver.create('task', { id: 'x' })
      expect(sockets()).toBe(before + 1)
      await driver.disconnect()
      for (let i = 0; i < 100 && sockets() > before; i++)
        await new Promise((r) => setTimeout(r, 10))
      expect(sockets()).toBe(before)
    })

    it('connection refused fails connect() with DRIVER_UNAVAILABLE, keeping the native error as cause', async () => {
      const driver = new RedisDriver({
        url: `redis://127.0.0.1:${await closedPort()}`,
        keyPrefix: 'never',
      })
      const error = await expectCode(driver.connect(), 'DRIVER_UNAVAILABLE')
      expect((error as Error).cause).toBeInstanceOf(Error)
      expect(String((error as Error).message)).toMatch(/ECONNREFUSED|closed/)
      expect(await driver.checkHealth()).toBe(false)
      await expectCode(driver.find('task', { object: 'task' }), 'DRIVER_NOT_CONNECTED')
    })

    it('a server that accepts but never answers fails connect() with DRIVER_UNAVAILABLE', async () => {
      const proxy = new TcpProxy(REDIS_URL as string)
      proxy.stall = true
      await proxy.listen()
      try {
        const driver = new RedisDriver({
          url: proxy.url,
          keyPrefix: bed.prefix(),
          connectTimeoutMs: 300,
        })
        await expectCode(driver.connect(), 'DRIVER_UNAVAILABLE')
      } finally {
        await proxy.cut()
      }
    })

    it('a lost connection fails fast with DRIVER_UNAVAILABLE, a stalled one times out, and the driver recovers', async () => {
      const proxy = new TcpProxy(REDIS_URL as string)
      await proxy.listen()
      const driver = bed.make({ url: proxy.url, commandTimeoutMs: 300 })
      try {
        await driver.connect()
        await driver.syncSchema([TASK])
        await driver.create('task', { id: 'a', n: 1 })
        proxy.stall = true
        const stalled = await expectCode(driver.update('task', 'a', { n: 2 }), 'DRIVER_UNAVAILABLE')
        expect((stalled as Error).message).toMatch(/may or may not have been applied/)
        proxy.stall = false
        await proxy.cut()
        for (const call of dataCalls(driver).slice(0, 11))
          await expectCode(call(), 'DRIVER_UNAVAILABLE')
        expect(await driver.checkHealth()).toBe(false)
        await proxy.listen() // same port: ioredis reconnects in the background
        let healthy = false
        for (let i = 0; i < 100 && !healthy; i++) {
          healthy = await driver.checkHealth()
          if (!healthy) await new Promise((r) => setTimeout(r, 50))
        }
        expect(healthy).toBe(true)
        expect((await driver.findOne('task', 'a'))?.['n']).toBe(1)
      } finally {
        await driver.disconnect()
        await proxy.cut()
      }
    })

    it('DRV-ERR-001 every error is an ObjectQLError with a catalog code; native errors are the cause', async () => {
      const driver = await bed.driver([{ id: 'a' }])
      const raw = new Redis(REDIS_URL as string)
      try {
        await raw.set(`${driver.keyPrefix}::broken:ids`, 'not a sorted set')
        await raw.zadd(`${driver.keyPrefix}::garbled:ids`, 1, 'x')
        await raw.set(`${driver.keyPrefix}::garbled:rec:x`, '{not json')
        const failures: [() => Promise<unknown>, string][] = [
          [
            () => driver.find('task', { object: 'task', where: { title: { $foo: 1 } } }),
            'INVALID_FILTER',
          ],
          [() => driver.find('task', { object: 'task', limit: -1 }), 'INVALID_QUERY'],
          [() => driver.create('task', { id: 'a' }), 'DUPLICATE_RECORD'],
          [() => driver.update('task', 'zz', {}), 'NOT_FOUND'],
          [() => driver.bulkCreate('task', 'nope' as unknown as []), 'VALIDATION_FAILED'],
          [() => driver.commit({ id: 'bogus' }), 'TRANSACTION_FAILED'],
          [() => driver.beginTransaction({ isolationLevel: 'serializable' }), 'NOT_SUPPORTED'],
          [() => driver.introspectSchema(), 'NOT_SUPPORTED'],
          [() => driver.find('broken', { object: 'broken' }), 'DRIVER_ERROR'],
          [() => driver.create('broken', { id: 'y' }), 'DRIVER_ERROR'],
          [() => driver.find('garbled', { object: 'garbled' }), 'DRIVER_ERROR'],
        ]
        for (const [failure, code] of failures) {
          const error = await failure().then(
            () => undefined,
            (e: unknown) => e,
          )
          expect(isObjectQLError(error), String(error)).toBe(true)
          expect((error as { code: string }).code).toBe(code)
        }
        const native = await driver.find('broken', { object: 'broken' }).catch((e: unknown) => e)
        expect((native as Error).cause).toBeInstanceOf(Error)
        expect(String(((native as Error).cause as Error).message)).toMatch(/WRONGTYPE/)
      } finally {
        await raw.quit()
      }
    })

    it('two drivers with different prefixes on one server never see each other, and clear() is scoped', async () => {
      const base = bed.prefix()
      const one = bed.make({ keyPrefix: base })
      const nested = bed.make({ keyPrefix: `${base}:x` }) // starts with the first prefix
      for (const driver of [one, nested]) {
        await driver.connect()
        await driver.syncSchema([TASK])
      }
      await one.bulkCreate('task', [{ id: 'shared', title: 'one' }, { id: 'only-one' }])
      await nested.create('task', { id: 'shared', title: 'nested' })
      expect(await snapshot(one)).toEqual([{ id: 'only-one' }, { id: 'shared', title: 'one' }])
      expect(await snapshot(nested)).toEqual([{ id: 'shared', title: 'nested' }])
      expect(await one.clear()).toBeGreaterThan(0)
      expect(await snapshot(one)).toEqual([])
      expect(await snapshot(nested)).toEqual([{ id: 'shared', title: 'nested' }])
    })

    it('rejects bad configs with CONFIG_INVALID before any I/O', () => {
      const bad: unknown[] = [
        {},
        { keyPrefix: '' },
        { keyPrefix: 'a::b' },
        { keyPrefix: 'trailing:' },
        { keyPrefix: '\uD800' },
        { keyPrefix: 'p', url: 'http://x' },
        { keyPrefix: 'p', url: 'redis://x', client: new Redis({ lazyConnect: true }) },
        { keyPrefix: 'p', client: new Redis({ lazyConnect: true, keyPrefix: 'app:' }) },
        { keyPrefix: 'p', commandTimeoutMs: 0 },
      ]
      for (const config of bad) {
        let code: unknown
        try {
          new RedisDriver(config as never)
        } catch (error) {
          code = (error as { code?: unknown }).code
        }
        expect(code, JSON.stringify(Object.keys(config as object))).toBe('CONFIG_INVALID')
      }
    })

    it('uses a given ioredis client without closing it', async () => {
      const client = new Redis(REDIS_URL as string, { lazyConnect: true })
      try {
        const driver = bed.make({ url: undefined, client })
        await driver.connect()
        await driver.syncSchema([TASK])
        await driver.create('task', { id: 'c', n: 1 })
        expect(await driver.count('task', undefined)).toBe(1)
        await driver.disconnect()
        expect(await client.ping()).toBe('PONG')
      } finally {
        await client.quit()
      }
    })
  },
)
