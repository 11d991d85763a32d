import type { FastifyInstance, FastifyReply } from 'fastify'
import { hasErrorCode, isObjectQLError } from '../../kernel/errors.js'
import { toHttpError } from '../common/http-error.js'
import { parseJsonBody } from '../common/json-body-parser.js'
import type { ProtocolBridge } from '../common/protocol-bridge.js'
import { createSingleProtocolServer } from '../common/protocol-host.js'
import type { ProtocolLimits } from '../common/protocol-limits.js'
import type { ProtocolMountOptions, ProtocolPlugin } from '../common/protocol-plugin.js'
import { dispatchJsonRpc } from './json-rpc-dispatcher.js'
import { failure, JSON_RPC_CODES } from './json-rpc-envelope.js'
import type { JsonRpcFailure } from './json-rpc-envelope.js'
import { createJsonRpcMethods } from './json-rpc-methods.js'
import type { JsonRpcMethodTable } from './json-rpc-methods.js'

/** Upstream's JSON-RPC port and path. */
export const JSON_RPC_DEFAULT_PORT = 9000
export const JSON_RPC_DEFAULT_PATH = '/rpc'

/** Options of the JSON-RPC protocol. */
export interface JsonRpcProtocolOptions {
  /** The method table; by default {@link createJsonRpcMethods} over the bridge. */
  readonly methods?: (bridge: ProtocolBridge) => JsonRpcMethodTable
}

/** Options of {@link createJsonRpcServer}. */
export interface JsonRpcServerOptions extends JsonRpcProtocolOptions {
  readonly limits?: Partial<ProtocolLimits>
  /** Where the endpoint is (default `/rpc`). */
  readonly path?: string
}

/**
 * Parses the body; a body that is not UTF-8 JSON is -32700 Parse error, one that is JSON but
 * unacceptable (too deep, a prototype key) is -32600 Invalid Request.
 */
function parsePayload(body: unknown, maxDepth: number): { payload: unknown } | JsonRpcFailure {
  const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0)
  try {
    return { payload: parseJsonBody(raw, maxDepth) }
  } catch (error) {
    const reason = isObjectQLError(error) ? error.details?.['reason'] : undefined
    if (reason === 'invalid_json' || reason === 'invalid_utf8') {
      return failure(null, { code: JSON_RPC_CODES.PARSE_ERROR, message: 'Parse error' })
    }
    const code = isObjectQLError(error) ? error.code : 'INVALID_REQUEST'
    const message = error instanceof Error ? error.message : 'invalid request'
    return failure(null, {
      code: JSON_RPC_CODES.INVALID_REQUEST,
      message: `Invalid Request: ${message}`,
      data: { code },
    })
  }
}

function sendRpc(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(body))
}

/**
 * The JSON-RPC 2.0 protocol: `POST <path>` (default `/rpc`) with single calls, batches and
 * notifications. Every answer is HTTP 200 with a JSON-RPC body, except a request made only of
 * notifications (204, no body), a body over the size limit (413 with -32600) and a method
 * other than POST (405 with -32600), as upstream's plugin does.
 */
export function createJsonRpcProtocol(options: JsonRpcProtocolOptions = {}): ProtocolPlugin {
  return {
    name: 'json-rpc',
    defaultPort: JSON_RPC_DEFAULT_PORT,
    defaultPath: JSON_RPC_DEFAULT_PATH,
    endpoints: [''],
    async mount(fastify: FastifyInstance, bridge: ProtocolBridge, mount: ProtocolMountOptions) {
      const { limits } = mount
      const methods = (options.methods ?? createJsonRpcMethods)(bridge)
      const prefix = `/${(mount.path ?? JSON_RPC_DEFAULT_PATH).replace(/^\/+|\/+$/g, '')}`
      await fastify.register(
        async (child) => {
          child.removeAllContentTypeParsers()
          // Any media type is read as raw bytes: the handler parses, so a parse failure is a
          // JSON-RPC -32700 instead of an HTTP error.
          child.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
            done(null, body)
          })
          child.setErrorHandler((thrown, request, reply) => {
            const { status, error } = toHttpError(thrown)
            if (status >= 500) request.log.error({ err: thrown }, 'JSON-RPC request failed')
            const code = hasErrorCode(error, 'INTERNAL_ERROR')
              ? JSON_RPC_CODES.INTERNAL_ERROR
              : JSON_RPC_CODES.INVALID_REQUEST
            const message =
              code === JSON_RPC_CODES.INTERNAL_ERROR ? 'Internal error' : error.message
            return sendRpc(
              reply,
              status,
              failure(null, { code, message, data: { code: error.code } }),
            )
          })
          child.post('/', async (request, reply) => {
            const parsed = parsePayload(request.body, limits.maxDepth)
            if (!('payload' in parsed)) return sendRpc(reply, 200, parsed)
            const response = await dispatchJsonRpc(parsed.payload, methods, {
              maxBatchSize: limits.maxBatchSize,
              onInternalError: (error, method) =>
                request.log.error({ err: error, method }, 'JSON-RPC method failed'),
            })
            if (response === undefined) return reply.status(204).send()
            return sendRpc(reply, 200, response)
          })
          child.route({
            method: ['GET', 'PUT', 'PATCH', 'DELETE'],
            url: '/',
            handler: async (request, reply) =>
              sendRpc(
                reply.header('allow', 'POST'),
                405,
                failure(null, {
                  code: JSON_RPC_CODES.INVALID_REQUEST,
                  message: `Invalid Request: use POST, not ${request.method}`,
                }),
              ),
          })
        },
        { prefix },
      )
    },
  }
}

/** The JSON-RPC protocol with the default method table. */
export const jsonRpcProtocol: ProtocolPlugin = createJsonRpcProtocol()

/**
 * A Fastify instance serving only JSON-RPC, not yet listening: use `fastify.inject()` for
 * requests without a socket, or `fastify.listen()` (upstream's port is 9000).
 */
export function createJsonRpcServer(
  bridge: ProtocolBridge,
  options: JsonRpcServerOptions = {},
): FastifyInstance {
  return createSingleProtocolServer(createJsonRpcProtocol(options), bridge, options)
}
