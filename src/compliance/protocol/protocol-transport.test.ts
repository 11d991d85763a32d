import { createServer } from 'node:http'
import type { IncomingHttpHeaders, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { urlTransport } from './protocol-transport.js'

interface Seen {
  readonly url: string | undefined
  readonly headers: IncomingHttpHeaders
}

let server: Server
let port: number
const seen: Seen[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ url: request.url, headers: request.headers })
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

/** A loopback port nothing listens on: one a server just gave back. */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const free = (probe.address() as AddressInfo).port
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return free
}

async function rejection(run: () => unknown): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('urlTransport with credentials in the base URL', () => {
  it('names the target without the password, keeping the user name', () => {
    const transport = urlTransport(`http://ada:s3cret@127.0.0.1:${port}/base/`)
    expect(transport.target).toBe(`http://ada:***@127.0.0.1:${port}/base`)
    expect(urlTransport(`http://127.0.0.1:${port}`).target).toBe(`http://127.0.0.1:${port}`)
  })

  it('sends them as HTTP Basic credentials, never in the request line', async () => {
    seen.length = 0
    const transport = urlTransport(`http://ada:p%40ss%3Aword@127.0.0.1:${port}/base`)
    const response = await transport.request({ method: 'GET', path: '/x?y=1' })
    expect(response).toMatchObject({ status: 200, text: 'ok' })
    expect(seen[0]?.url).toBe('/base/x?y=1')
    const expected = Buffer.from('ada:p@ss:word').toString('base64')
    expect(seen[0]?.headers.authorization).toBe(`Basic ${expected}`)
  })

  it("leaves a request's own Authorization header alone", async () => {
    seen.length = 0
    const transport = urlTransport(`http://ada:s3cret@127.0.0.1:${port}`)
    await transport.request({ method: 'GET', path: '/', headers: { Authorization: 'Bearer t' } })
    expect(seen[0]?.headers.authorization).toBe('Bearer t')
  })

  it('sends no Authorization header when the URL has no credentials', async () => {
    seen.length = 0
    await urlTransport(`http://127.0.0.1:${port}`).request({ method: 'GET', path: '/' })
    expect(seen[0]?.headers.authorization).toBeUndefined()
  })

  it('keeps the password out of a failed request', async () => {
    const free = await closedPort()
    const transport = urlTransport(`http://ada:s3cret@127.0.0.1:${free}/base`)
    const error = await rejection(() => transport.request({ method: 'GET', path: '/x' }))
    expect(hasErrorCode(error, 'DRIVER_UNAVAILABLE')).toBe(true)
    const message = (error as Error).message
    expect(message).toContain(`GET http://ada:***@127.0.0.1:${free}/base/x failed`)
    expect(message).not.toContain('s3cret')
  })

  it('keeps the password out of a refused base URL', async () => {
    for (const url of ['ftp://ada:s3cret@127.0.0.1/', 'http://ada:s3cret@[not-a-host/']) {
      const error = await rejection(() => urlTransport(url))
      expect(hasErrorCode(error, 'CONFIG_INVALID'), url).toBe(true)
      expect((error as Error).message, url).not.toContain('s3cret')
    }
  })
})
