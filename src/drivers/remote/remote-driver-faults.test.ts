import { HttpResponse, delay, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { RemoteDriver } from './remote-driver.js'
import type { RemoteDriverConfig } from './remote-driver-config.js'
import { FAST_RETRIES, rejection } from './remote-driver.test-utils.js'

// Fault injection only: msw answers in place of a server, so each failure mode (no answer in
// time, 5xx with and without the error envelope, a body that is not JSON, a dropped connection)
// is produced on demand and the requests are counted. Everything else runs against real servers.
const BASE = 'http://remote.test'
const LIST = `${BASE}/api/data/notes`
const ITEM = `${BASE}/api/data/notes/:id`
const mock = setupServer(
  http.get(`${BASE}/api/metadata/objects`, () => HttpResponse.json({ items: ['notes'] })),
)

beforeAll(() => mock.listen({ onUnhandledRequest: 'error' }))
afterEach(() => mock.resetHandlers())
afterAll(() => mock.close())

/** A connected driver on the mock; `fetch` is left to `globalThis.fetch`, which msw patches. */
async function driverOn(config: Partial<RemoteDriverConfig> = {}): Promise<RemoteDriver> {
  const driver = new RemoteDriver({ baseUrl: BASE, retries: FAST_RETRIES, ...config })
  await driver.connect()
  return driver
}

/** Counts requests and answers the n-th one (1-based) with `answers[n-1]`, the last one after. */
function sequence(answers: ReadonlyArray<() => Response | Promise<Response>>) {
  const counter = { count: 0 }
  const resolver = async () => {
    counter.count++
    const answer = answers[Math.min(counter.count, answers.length) - 1]
    if (answer === undefined) throw new Error('no answer configured')
    return answer()
  }
  return { counter, resolver }
}

const envelope = (code: string, status: number, details?: Record<string, unknown>) => () =>
  HttpResponse.json({ error: { code, message: `server says ${code}`, details } }, { status })
const listOf = (items: unknown[]) => () =>
  HttpResponse.json({ items, meta: { limit: 1000, offset: 0 } })
const dropped = () => HttpResponse.error()

describe('RemoteDriver under injected faults (msw)', () => {
  it('DRV-ERR-001 gives up after timeoutMs with DRIVER_UNAVAILABLE, once per allowed attempt', async () => {
    const { counter, resolver } = sequence([
      async () => {
        await delay('infinite')
        return HttpResponse.json({})
      },
    ])
    mock.use(http.get(LIST, resolver))
    const driver = await driverOn({ timeoutMs: 50 })
    const error = await rejection(driver.count('notes', undefined))
    expect(error).toMatchObject({ code: 'DRIVER_UNAVAILABLE', details: { reason: 'timeout' } })
    expect((error.cause as Error).name).toBe('TimeoutError')
    expect(counter.count).toBe(FAST_RETRIES.attempts)
  }, 15_000)

  it('retries a GET after dropped connections and 503s, and returns the answer that came', async () => {
    const { counter, resolver } = sequence([
      dropped,
      envelope('DRIVER_UNAVAILABLE', 503),
      listOf([{ id: 'a' }]),
    ])
    mock.use(http.get(LIST, resolver))
    const driver = await driverOn()
    expect(await driver.find('notes', { object: 'notes' })).toEqual([{ id: 'a' }])
    expect(counter.count).toBe(3)
  })

  it('DRV-ERR-001 a GET that keeps failing ends in DRIVER_UNAVAILABLE after every attempt', async () => {
    const { counter, resolver } = sequence([
      () => new HttpResponse('<h1>Bad Gateway</h1>', { status: 502 }),
    ])
    mock.use(http.get(LIST, resolver))
    const driver = await driverOn()
    const error = await rejection(driver.find('notes', { object: 'notes' }))
    expect(error).toMatchObject({ code: 'DRIVER_UNAVAILABLE', details: { status: 502 } })
    expect(error.cause).toMatchObject({ status: 502, body: '<h1>Bad Gateway</h1>' })
    expect(counter.count).toBe(FAST_RETRIES.attempts)
  })

  it('retries a PUT (object registration) after a dropped connection', async () => {
    const config = { name: 'notes', fields: { title: { type: 'text' } } }
    const { counter, resolver } = sequence([dropped, () => HttpResponse.json(config)])
    mock.use(http.put(`${BASE}/api/metadata/objects/notes`, resolver))
    const driver = await driverOn({ schema: 'register' })
    await driver.syncSchema([{ name: 'notes', fields: { title: { type: 'text' } } }])
    expect(counter.count).toBe(2)
  })

  it('never retries a POST: one dropped connection is one DRIVER_UNAVAILABLE', async () => {
    const { counter, resolver } = sequence([
      dropped,
      () => HttpResponse.json({ id: 'x' }, { status: 201 }),
    ])
    mock.use(http.post(LIST, resolver))
    const driver = await driverOn()
    const error = await rejection(driver.create('notes', { id: 'x', title: 't' }))
    expect(error).toMatchObject({ code: 'DRIVER_UNAVAILABLE', details: { reason: 'network' } })
    expect(counter.count).toBe(1)
  })

  it('never retries a PATCH, not even on a 503', async () => {
    const { counter, resolver } = sequence([
      envelope('DRIVER_UNAVAILABLE', 503),
      () => HttpResponse.json({ id: 'x' }),
    ])
    mock.use(http.patch(ITEM, resolver))
    const driver = await driverOn()
    expect(await rejection(driver.update('notes', 'x', { title: 't' }))).toMatchObject({
      code: 'DRIVER_UNAVAILABLE',
    })
    expect(counter.count).toBe(1)
  })

  it('a 500 with the envelope keeps its code, message and details, and is not retried', async () => {
    const { counter, resolver } = sequence([envelope('INTERNAL_ERROR', 500, { hint: 'h' })])
    mock.use(http.get(LIST, resolver))
    const driver = await driverOn()
    const error = await rejection(driver.count('notes', undefined))
    expect(error).toMatchObject({
      code: 'INTERNAL_ERROR',
      message: 'server says INTERNAL_ERROR',
      details: { hint: 'h' },
    })
    expect(counter.count).toBe(1)
  })

  it('a 500 without the envelope is DRIVER_ERROR, not retried', async () => {
    const { counter, resolver } = sequence([() => new HttpResponse('oops', { status: 500 })])
    mock.use(http.get(LIST, resolver))
    const driver = await driverOn()
    const error = await rejection(driver.count('notes', undefined))
    expect(error).toMatchObject({ code: 'DRIVER_ERROR', details: { status: 500 } })
    expect(counter.count).toBe(1)
  })

  it('a success whose body is not JSON is DRIVER_ERROR with the parse error as cause', async () => {
    const { counter, resolver } = sequence([
      () =>
        new HttpResponse('{"items": [', {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    ])
    mock.use(http.get(LIST, resolver))
    const driver = await driverOn()
    const error = await rejection(driver.find('notes', { object: 'notes' }))
    expect(error).toMatchObject({ code: 'DRIVER_ERROR' })
    expect(error.cause).toBeInstanceOf(SyntaxError)
    expect(counter.count).toBe(1)
  })

  it('JSON of the wrong shape and unknown server codes are DRIVER_ERROR', async () => {
    mock.use(
      http.get(LIST, () => HttpResponse.json({ rows: [] })),
      http.get(ITEM, envelope('TEAPOT', 418)),
    )
    const driver = await driverOn()
    expect(await rejection(driver.find('notes', { object: 'notes' }))).toMatchObject({
      code: 'DRIVER_ERROR',
    })
    expect(await rejection(driver.findOne('notes', 'x'))).toMatchObject({
      code: 'DRIVER_ERROR',
      details: { serverCode: 'TEAPOT', status: 418 },
    })
  })

  it('DRV-WRITE-004 a retried DELETE that finds nothing after a lost answer cannot claim false', async () => {
    const missing = envelope('NOT_FOUND', 404, { object: 'notes', id: 'x' })
    const lost = sequence([dropped, missing])
    mock.use(http.delete(ITEM, lost.resolver))
    const driver = await driverOn()
    const error = await rejection(driver.delete('notes', 'x'))
    expect(error).toMatchObject({ code: 'DRIVER_UNAVAILABLE', details: { id: 'x', attempts: 2 } })
    // A 503 says the first attempt did nothing, so the retry's "not found" is the answer.
    const refused = sequence([envelope('DRIVER_UNAVAILABLE', 503), missing])
    mock.use(http.delete(ITEM, refused.resolver))
    expect(await driver.delete('notes', 'x')).toBe(false)
    expect(refused.counter.count).toBe(2)
  })

  it('a NOT_FOUND that does not name the record is a DRIVER_ERROR, never "missing"', async () => {
    mock.use(
      http.get(ITEM, envelope('NOT_FOUND', 404)),
      http.delete(ITEM, envelope('NOT_FOUND', 404)),
    )
    const driver = await driverOn()
    expect(await rejection(driver.findOne('notes', 'x'))).toMatchObject({ code: 'DRIVER_ERROR' })
    expect(await rejection(driver.delete('notes', 'x'))).toMatchObject({ code: 'DRIVER_ERROR' })
  })

  it('401/403 without the envelope are DRIVER_UNAVAILABLE and not retried; 429 is retried', async () => {
    const denied = sequence([() => new HttpResponse(null, { status: 401 })])
    mock.use(http.get(LIST, denied.resolver))
    const driver = await driverOn()
    expect(await rejection(driver.count('notes', undefined))).toMatchObject({
      code: 'DRIVER_UNAVAILABLE',
    })
    expect(denied.counter.count).toBe(1)
    const busy = sequence([
      () => new HttpResponse(null, { status: 429 }),
      () => HttpResponse.json({ items: [], meta: { total: 7 } }),
    ])
    mock.use(http.get(LIST, busy.resolver))
    expect(await driver.count('notes', undefined)).toBe(7)
    expect(busy.counter.count).toBe(2)
  })

  it('DRV-LIFE-001 connect fails and checkHealth answers false, never throwing, when the server is gone', async () => {
    const driver = await driverOn()
    expect(await driver.checkHealth()).toBe(true)
    const probes = sequence([dropped])
    mock.use(http.get(`${BASE}/api/metadata/objects`, probes.resolver))
    expect(await driver.checkHealth()).toBe(false)
    expect(probes.counter.count).toBe(1) // health checks try once
    const fresh = new RemoteDriver({ baseUrl: BASE, retries: FAST_RETRIES })
    expect(await rejection(fresh.connect())).toMatchObject({ code: 'DRIVER_UNAVAILABLE' })
    expect(await fresh.checkHealth()).toBe(false)
  })

  it('DRV-ERR-001 data JSON cannot carry is INVALID_REQUEST, and nothing is sent', async () => {
    const posts = sequence([() => HttpResponse.json({ id: 'x' }, { status: 201 })])
    mock.use(http.post(LIST, posts.resolver))
    const driver = await driverOn()
    const error = await rejection(driver.create('notes', { id: 'x', big: 10n }))
    expect(error).toMatchObject({ code: 'INVALID_REQUEST' })
    expect(error.cause).toBeInstanceOf(TypeError)
    expect(posts.counter.count).toBe(0)
  })

  it('sends the configured headers with every request', async () => {
    const seen: Array<string | null> = []
    mock.use(
      http.get(LIST, ({ request }) => {
        seen.push(request.headers.get('authorization'))
        return HttpResponse.json({ items: [], meta: { total: 0 } })
      }),
    )
    const driver = await driverOn({ headers: { authorization: 'Bearer t0ken' } })
    await driver.count('notes', undefined)
    expect(seen).toEqual(['Bearer t0ken'])
  })
})
