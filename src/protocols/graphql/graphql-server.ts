import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ObjectQLError } from '../../kernel/errors.js'
import { toHttpError } from '../common/http-error.js'
import { registerStrictJsonParser } from '../common/json-body-parser.js'
import type { ProtocolBridge } from '../common/protocol-bridge.js'
import { createSingleProtocolServer } from '../common/protocol-host.js'
import type { ProtocolLimits } from '../common/protocol-limits.js'
import type { ProtocolMountOptions, ProtocolPlugin } from '../common/protocol-plugin.js'
import { requestErrorBody } from './graphql-error-map.js'
import { GraphQLExecutor } from './graphql-executor.js'
import { DEFAULT_GRAPHQL_LIMITS } from './graphql-limits.js'
import type { GraphQLLimits } from './graphql-limits.js'
import { getParams, negotiateMediaType, postParams } from './graphql-request-params.js'
import type { GraphQLMediaType, GraphQLRequestParams } from './graphql-request-params.js'

/** Options of the GraphQL protocol. */
export interface GraphQLProtocolOptions {
  /** Deepest field nesting (default 10, upstream's `maxDepth`). */
  readonly maxDepth?: number
  /** Most estimated work per operation (default 50 000; see graphql-limits.ts). */
  readonly maxComplexity?: number
  /** Allow introspection (default true, as upstream). */
  readonly introspection?: boolean
  /** How many distinct query texts keep their parsed document (default 500). */
  readonly documentCacheSize?: number
}

/** Options of {@link createGraphQLServer}. */
export interface GraphQLServerOptions extends GraphQLProtocolOptions {
  readonly limits?: Partial<ProtocolLimits>
  /** Where the endpoint is (default `/graphql`). */
  readonly path?: string
}

/** The port upstream's GraphQL plugin listens on alone. */
export const GRAPHQL_DEFAULT_PORT = 4000
/** Where upstream's GraphQL plugin serves. */
export const GRAPHQL_DEFAULT_PATH = '/graphql'

function endpointPath(path: string | undefined): string {
  if (path === undefined) return GRAPHQL_DEFAULT_PATH
  const trimmed = path.replace(/^\/+|\/+$/g, '')
  return trimmed === '' ? '/' : `/${trimmed}`
}

function send(
  reply: FastifyReply,
  status: number,
  media: GraphQLMediaType | undefined,
  body: unknown,
): FastifyReply {
  return reply
    .status(status)
    .header('content-type', `${media ?? 'application/json'}; charset=utf-8`)
    .send(JSON.stringify(body))
}

function mediaOf(request: FastifyRequest): GraphQLMediaType | undefined {
  const accept = request.headers.accept
  return negotiateMediaType(Array.isArray(accept) ? accept.join(',') : accept)
}

/**
 * The GraphQL protocol over HTTP, following the GraphQL-over-HTTP specification (checked
 * against every audit of `graphql-http`): `POST` with `application/json`, `GET` with the query
 * string (queries only: a mutation over GET is 405), responses as
 * `application/graphql-response+json` or `application/json` by `Accept` (406 otherwise), request
 * errors as 400 with `{ errors: [{ message, extensions: { code } }] }`. The schema is generated
 * from metadata (see graphql-schema-generator.ts) and follows metadata changes.
 */
export function createGraphQLProtocol(options: GraphQLProtocolOptions = {}): ProtocolPlugin {
  return {
    name: 'graphql',
    defaultPort: GRAPHQL_DEFAULT_PORT,
    defaultPath: GRAPHQL_DEFAULT_PATH,
    endpoints: [''],
    async mount(fastify: FastifyInstance, bridge: ProtocolBridge, mount: ProtocolMountOptions) {
      const { limits } = mount
      const graphql: GraphQLLimits = {
        maxDepth: options.maxDepth ?? DEFAULT_GRAPHQL_LIMITS.maxDepth,
        maxComplexity: options.maxComplexity ?? DEFAULT_GRAPHQL_LIMITS.maxComplexity,
        defaultPageSize: limits.defaultPageSize,
      }
      const path = endpointPath(mount.path)
      await fastify.register(async (child) => {
        const executor = new GraphQLExecutor(bridge, {
          limits,
          graphql,
          introspection: options.introspection !== false,
          ...(options.documentCacheSize === undefined
            ? {}
            : { documentCacheSize: options.documentCacheSize }),
          onInternalError: (error) => child.log.error({ err: error }, 'GraphQL resolver failed'),
        })
        registerStrictJsonParser(child, limits.maxDepth, ['application/json'])
        child.setErrorHandler((thrown, request, reply) => {
          const { status, error } = toHttpError(thrown)
          if (status >= 500) request.log.error({ err: thrown }, 'GraphQL request failed')
          return send(reply, status, mediaOf(request), requestErrorBody(error))
        })

        const answer = async (
          request: FastifyRequest,
          reply: FastifyReply,
          read: () => GraphQLRequestParams,
        ) => {
          const media = mediaOf(request)
          if (media === undefined) {
            const error = new ObjectQLError(
              'INVALID_REQUEST',
              'Accept must allow application/graphql-response+json or application/json',
              { details: { accept: request.headers.accept ?? null } },
            )
            return send(reply, 406, undefined, requestErrorBody(error))
          }
          const params = read()
          if (request.method === 'GET' && executor.operationType(params) === 'mutation') {
            const error = new ObjectQLError('INVALID_REQUEST', 'mutations must be sent with POST')
            reply.header('allow', 'POST')
            return send(reply, 405, media, requestErrorBody(error))
          }
          const outcome = await executor.run(params)
          const status =
            outcome.kind === 'request' && media === 'application/graphql-response+json' ? 400 : 200
          return send(reply, status, media, outcome.body)
        }

        child.get(path, async (request, reply) =>
          answer(request, reply, () => getParams(request.query, limits.maxDepth)),
        )
        child.post(path, async (request, reply) =>
          answer(request, reply, () => postParams(request.body)),
        )
        child.route({
          method: ['PUT', 'PATCH', 'DELETE'],
          url: path,
          handler: async (request, reply) => {
            const error = new ObjectQLError('INVALID_REQUEST', 'use GET or POST', {
              details: { method: request.method },
            })
            reply.header('allow', 'GET, POST')
            return send(reply, 405, mediaOf(request), requestErrorBody(error))
          },
        })
      })
    },
  }
}

/** The GraphQL protocol with default options. */
export const graphqlProtocol: ProtocolPlugin = createGraphQLProtocol()

/**
 * A Fastify instance serving only GraphQL (at `/graphql` unless `path` says otherwise), not yet
 * listening: use `fastify.inject()` for requests without a socket, or `fastify.listen()`.
 */
export function createGraphQLServer(
  bridge: ProtocolBridge,
  options: GraphQLServerOptions = {},
): FastifyInstance {
  return createSingleProtocolServer(createGraphQLProtocol(options), bridge, options)
}
