import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import { startInProcessProtocolServer } from '../../src/compliance/index.js'
import type { HttpMethod, InProcessProtocolServer } from '../../src/compliance/index.js'

/** A request as the broken server passes it on. */
export interface Exchange {
  readonly method: HttpMethod
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** An answer as the broken server sends it back. */
export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** One planted bug: how the server changes a request on the way in or an answer on the way out. */
export interface Breakage {
  readonly request?: (request: Exchange) => Exchange
  readonly response?: (request: Exchange, answer: Answer) => Answer
}

/** A running broken server: a real Fastify app in front of our honest one. */
export interface RunningBrokenServer {
  readonly fastify: FastifyInstance
  readonly inner: InProcessProtocolServer
  close(): Promise<void>
}

const METHODS: HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/**
 * Starts our server in process and a Fastify app that answers every route by asking it, with
 * `breakage` applied on the way: a server that behaves exactly like ours except for one bug.
 * Without a breakage it is an honest copy (the control).
 */
export async function startBrokenServer(breakage: Breakage = {}): Promise<RunningBrokenServer> {
  const inner = await startInProcessProtocolServer()
  const fastify = Fastify({ exposeHeadRoutes: false })
  fastify.removeAllContentTypeParsers()
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body)
  })
  fastify.route({
    method: METHODS,
    url: '/*',
    handler: async (request, reply) => {
      const contentType = request.headers['content-type']
      let exchange: Exchange = {
        method: request.method as HttpMethod,
        url: request.url,
        headers: contentType === undefined ? {} : { 'content-type': contentType },
        body: typeof request.body === 'string' ? request.body : '',
      }
      exchange = breakage.request?.(exchange) ?? exchange
      const answered = await inner.host.fastify.inject({
        method: exchange.method,
        url: exchange.url,
        headers: { ...exchange.headers },
        ...(exchange.body === '' ? {} : { payload: exchange.body }),
      })
      const headers: Record<string, string> = {}
      for (const name of ['content-type', 'location', 'allow']) {
        const value = answered.headers[name]
        if (typeof value === 'string') headers[name] = value
      }
      let answer: Answer = { status: answered.statusCode, headers, body: answered.body }
      answer = breakage.response?.(exchange, answer) ?? answer
      void reply.code(answer.status).headers(answer.headers)
      return reply.send(answer.body)
    },
  })
  return {
    fastify,
    inner,
    async close() {
      await fastify.close()
      await inner.close()
    },
  }
}
