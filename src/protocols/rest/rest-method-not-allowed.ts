import type { FastifyInstance, HTTPMethods } from 'fastify'
import { ObjectQLError } from '../../kernel/errors.js'
import { httpErrorBody } from '../common/http-error.js'

/** The methods a REST path may answer; anything else on a known path is 405. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

/** One of {@link METHODS}. */
export type RestMethod = (typeof METHODS)[number]

/**
 * Answers every other method on `url` with 405 Method Not Allowed and the `Allow` header listing
 * `allowed` (RFC 9110 §15.5.6: the server MUST send `Allow`), in the REST error envelope with
 * code `INVALID_REQUEST` (the catalog has no code of its own for it; OData's 405 uses the same).
 * Without this a wrong method on a path that exists falls through to the 404 of an unknown
 * route, which tells a client the resource is not there.
 *
 * `GET` implies `HEAD`: Fastify answers HEAD for every GET route itself.
 */
export function refuseOtherMethods(
  fastify: FastifyInstance,
  url: string,
  allowed: readonly RestMethod[],
): void {
  const supported = allowed.includes('GET') ? [...allowed, 'HEAD' as const] : [...allowed]
  const allow = METHODS.filter((method) => supported.includes(method))
  const refused: HTTPMethods[] = METHODS.filter((method) => !supported.includes(method))
  if (refused.length === 0) return
  const header = allow.join(', ')
  fastify.route({
    method: refused,
    url,
    handler: async (request, reply) => {
      const error = new ObjectQLError(
        'INVALID_REQUEST',
        `${request.method} is not allowed on ${request.url.split('?')[0] ?? ''} (allowed: ${header})`,
        { details: { method: request.method, allow } },
      )
      return reply.status(405).header('allow', header).send(httpErrorBody(error))
    },
  })
}
