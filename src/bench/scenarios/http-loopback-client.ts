import { Agent, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { ObjectQLError } from '../../kernel/errors.js'

/**
 * A keep-alive HTTP client on one loopback socket: requests run one after another, so each
 * sample is one full round trip (client serialisation, server, parsing), as a p50 should be.
 */
export class LoopbackClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 })
  readonly #port: number

  constructor(port: number) {
    this.#port = port
  }

  /** Sends a request and resolves the body; anything but 200 is an error (a fast 404 is no win). */
  send(method: 'GET' | 'POST', path: string, body?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.#port,
          method,
          path,
          agent: this.#agent,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (text += chunk))
          res.on('end', () => {
            if (res.statusCode === 200) resolve(text)
            else {
              const status = String(res.statusCode)
              reject(
                new ObjectQLError(
                  'INTERNAL_ERROR',
                  `${method} ${path}: HTTP ${status} ${text.slice(0, 200)}`,
                ),
              )
            }
          })
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end(body)
    })
  }

  close(): void {
    this.#agent.destroy()
  }
}

/** Listens on a free loopback port and resolves it. */
export async function listenOnLoopback(server: FastifyInstance): Promise<number> {
  await server.listen({ host: '127.0.0.1', port: 0 })
  return (server.server.address() as AddressInfo).port
}

/**
 * Fails loudly unless two responses carry the same JSON: a reference that answers something
 * else (an error envelope, another record) would make the ratio meaningless.
 */
export function assertSameJson(what: string, expected: string, actual: string): void {
  const normal = (text: string): string => JSON.stringify(JSON.parse(text))
  if (normal(expected) !== normal(actual)) {
    throw new ObjectQLError(
      'INTERNAL_ERROR',
      `${what}: the reference answers ${actual.slice(0, 120)}, the protocol ${expected.slice(0, 120)}`,
    )
  }
}
