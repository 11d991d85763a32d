import Fastify from 'fastify'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ObjectQLError } from '../../kernel/errors.js'
import { httpErrorBody, toHttpError } from './http-error.js'
import type { BridgeCarrier, ProtocolBridge } from './protocol-bridge.js'
import { resolveLimits } from './protocol-limits.js'
import type { ProtocolLimits } from './protocol-limits.js'
import type { ProtocolPlugin } from './protocol-plugin.js'

/** Options for {@link createProtocolHost}. Give `kernel` (its `bridge` is used) or `bridge`. */
export interface ProtocolHostOptions {
  readonly kernel?: BridgeCarrier
  readonly bridge?: ProtocolBridge
  /** The protocols to mount, each at its `defaultPath` unless `paths` names another. */
  readonly protocols: readonly ProtocolPlugin[]
  /** Per-protocol mount paths, keyed by protocol name. */
  readonly paths?: Readonly<Record<string, string>>
  readonly limits?: Partial<ProtocolLimits>
  /** Fastify's logger; off unless asked for. */
  readonly logger?: boolean
}

/** Where a listening host can be reached. */
export interface ListenOptions {
  /** `0` picks a free port. */
  readonly port: number
  /** Defaults to the loopback address, so nothing is exposed unless asked. */
  readonly host?: string
}

/** A Fastify instance with protocols mounted. */
export interface ProtocolHost {
  /** The Fastify instance: `inject()` requests without a socket, or add routes before `listen`. */
  readonly fastify: FastifyInstance
  readonly limits: ProtocolLimits
  /** Starts listening and resolves to the base URL (`http://127.0.0.1:port`). */
  listen(options: ListenOptions): Promise<string>
  /** Stops listening and closes every connection. */
  close(): Promise<void>
}

function pickBridge(options: { kernel?: BridgeCarrier; bridge?: ProtocolBridge }): ProtocolBridge {
  const bridge = options.bridge ?? options.kernel?.bridge
  if (bridge === undefined) {
    throw new ObjectQLError('CONFIG_INVALID', 'a protocol host needs a kernel or a bridge')
  }
  return bridge
}

function answerFrameworkError(thrown: Error, _request: FastifyRequest, reply: FastifyReply): void {
  const { status, error } = toHttpError(thrown)
  void reply.status(status).send(httpErrorBody(error))
}

/**
 * A bare Fastify instance with the host's defaults: the body limit (Fastify enforces it before
 * any parser runs) and JSON-envelope answers for unknown routes and errors outside any
 * protocol. Protocols add their own error handlers in their own contexts.
 */
export function createHttpInstance(limits: ProtocolLimits, logger = false): FastifyInstance {
  const fastify = Fastify({
    logger,
    bodyLimit: limits.maxBodyBytes,
    // Record ids can be long (upstream allows any string); the router's default cap is 100.
    routerOptions: { maxParamLength: 1024 },
    // Malformed URLs and over-long ids fail before routing; answer them in the envelope too.
    frameworkErrors: answerFrameworkError,
  })
  fastify.setNotFoundHandler((request, reply) => {
    const error = new ObjectQLError('NOT_FOUND', `no route ${request.method} ${request.url}`)
    return reply.status(404).send(httpErrorBody(error))
  })
  fastify.setErrorHandler((thrown, request, reply) => {
    const { status, error } = toHttpError(thrown)
    if (status >= 500) request.log.error({ err: thrown }, 'request failed')
    return reply.status(status).send(httpErrorBody(error))
  })
  return fastify
}

/**
 * A Fastify instance serving `protocol` alone, not yet listening: `fastify.inject()` sends
 * requests without a socket, `fastify.listen()` serves them. What each protocol's
 * `create<Name>Server` returns.
 */
export function createSingleProtocolServer(
  protocol: ProtocolPlugin,
  bridge: ProtocolBridge,
  options: { readonly limits?: Partial<ProtocolLimits>; readonly path?: string } = {},
): FastifyInstance {
  const limits = resolveLimits(options.limits)
  const fastify = createHttpInstance(limits)
  const mountOptions = options.path === undefined ? { limits } : { limits, path: options.path }
  void fastify.register(async (instance) => protocol.mount(instance, bridge, mountOptions))
  return fastify
}

/**
 * Creates one Fastify instance ({@link createHttpInstance}) and mounts every protocol on it, each
 * at its `defaultPath` unless `paths` says otherwise.
 */
export async function createProtocolHost(options: ProtocolHostOptions): Promise<ProtocolHost> {
  const bridge = pickBridge(options)
  const limits = resolveLimits(options.limits)
  const names = new Set<string>()
  for (const protocol of options.protocols) {
    if (names.has(protocol.name)) {
      throw new ObjectQLError('CONFIG_INVALID', `protocol ${protocol.name} is mounted twice`)
    }
    names.add(protocol.name)
  }
  const fastify = createHttpInstance(limits, options.logger ?? false)
  for (const protocol of options.protocols) {
    const path = options.paths?.[protocol.name]
    await protocol.mount(fastify, bridge, path === undefined ? { limits } : { limits, path })
  }
  // Not `ready()` yet: the caller may still add routes or hooks; `listen`/`inject` make it ready.
  return {
    fastify,
    limits,
    async listen({ port, host = '127.0.0.1' }) {
      await fastify.listen({ port, host })
      const address = fastify.server.address()
      const bound = typeof address === 'object' && address !== null ? address.port : port
      const shownHost = host.includes(':') ? `[${host}]` : host
      return `http://${shownHost}:${bound}`
    },
    async close() {
      await fastify.close()
    },
  }
}

/** Options for {@link listenAlone}. */
export interface ListenAloneOptions {
  readonly kernel?: BridgeCarrier
  readonly bridge?: ProtocolBridge
  /** Defaults to the protocol's upstream port (`defaultPort`); `0` picks a free one. */
  readonly port?: number
  readonly host?: string
  readonly path?: string
  readonly limits?: Partial<ProtocolLimits>
}

/** A protocol that listens on a server of its own, with the URL it answers on. */
export interface StandaloneProtocol extends ProtocolHost {
  readonly url: string
}

/**
 * Runs one protocol on its own server, as upstream's plugins do when no shared HTTP server
 * exists: JSON-RPC on 9000 at `/rpc`, GraphQL on 4000, OData on 8080, unless told otherwise.
 */
export async function listenAlone(
  protocol: ProtocolPlugin,
  options: ListenAloneOptions,
): Promise<StandaloneProtocol> {
  const bridge = pickBridge(options)
  const host = await createProtocolHost({
    bridge,
    protocols: [protocol],
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.path === undefined ? {} : { paths: { [protocol.name]: options.path } }),
  })
  const listenOptions =
    options.host === undefined
      ? { port: options.port ?? protocol.defaultPort }
      : { port: options.port ?? protocol.defaultPort, host: options.host }
  const url = await host.listen(listenOptions)
  return { ...host, url }
}
