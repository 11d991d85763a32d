import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import { registerStrictJsonParser } from '../common/json-body-parser.js'
import type { ProtocolBridge } from '../common/protocol-bridge.js'
import { createSingleProtocolServer } from '../common/protocol-host.js'
import type { ProtocolLimits } from '../common/protocol-limits.js'
import type { ProtocolMountOptions, ProtocolPlugin } from '../common/protocol-plugin.js'
import { toActionInfos } from './openapi-action-schema.js'
import { buildOpenApiDocument } from './openapi-document.js'
import type { OpenApiDocument } from './openapi-document.js'
import { RestBodyValidator } from './rest-body-validator.js'
import { toRestError } from './rest-error-map.js'
import { refuseOtherMethods } from './rest-method-not-allowed.js'
import { registerRestRoutes } from './rest-routes.js'
import type { RestObjectRegistrar } from './rest-routes.js'

/** Options of the REST protocol. */
export interface RestProtocolOptions {
  /** Serve Swagger UI at `<path>/docs` (default true). */
  readonly docs?: boolean
  /** `info.title` of the OpenAPI document. */
  readonly title?: string
  /** `info.version` of the OpenAPI document. */
  readonly version?: string
  /**
   * Enables `PUT /api/metadata/objects/:name`, which registers (or replaces) an object
   * definition through this callback, e.g. `(config) => kernel.registerObject(config)`. Off by
   * default: it lets any client change the schema, so enable it only behind authentication or
   * for tests (the remote driver's `schema: 'register'` mode uses it).
   */
  readonly registerObject?: RestObjectRegistrar
}

/** Options of {@link createRestServer}. */
export interface RestServerOptions extends RestProtocolOptions {
  readonly limits?: Partial<ProtocolLimits>
  /** Prefix of every REST route (default none: `/api/data/...`, `/openapi.json`, `/docs`). */
  readonly path?: string
}

/** The port the REST protocol listens on alone (upstream documents none; 3000 is ours). */
export const REST_DEFAULT_PORT = 3000

function normalizePrefix(path: string | undefined): string {
  if (path === undefined || path === '' || path === '/') return ''
  return `/${path.replace(/^\/+|\/+$/g, '')}`
}

/** The objects the bridge knows, as metadata. */
function objectsOf(bridge: ProtocolBridge): ObjectConfig[] {
  return bridge
    .getMetaTypes()
    .map((name) => bridge.getMetaItem(name))
    .filter((object): object is ObjectConfig => object !== undefined)
}

/** The OpenAPI 3.1 document for what `bridge` serves right now. */
export function restOpenApiDocument(
  bridge: ProtocolBridge,
  limits: ProtocolLimits,
  options: RestProtocolOptions & { readonly basePath?: string } = {},
): OpenApiDocument {
  return buildOpenApiDocument({
    objects: objectsOf(bridge),
    actions: toActionInfos(bridge.getActions()),
    limits,
    metadataWrite: options.registerObject !== undefined,
    ...(options.basePath === undefined ? {} : { basePath: options.basePath }),
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.version === undefined ? {} : { version: options.version }),
  })
}

/**
 * The REST protocol: `/api/data/:object` (list, create), `/api/data/:object/:id` (get, patch,
 * put, delete), `/api/actions/:object/:action`, `/api/metadata/objects[/:name]` (plus `PUT
 * /api/metadata/objects/:name` when `registerObject` is given), the OpenAPI 3.1
 * document at `/openapi.json` (generated from metadata on each request, so it follows metadata
 * changes) and Swagger UI at `/docs`.
 */
export function createRestProtocol(options: RestProtocolOptions = {}): ProtocolPlugin {
  return {
    name: 'rest',
    defaultPort: REST_DEFAULT_PORT,
    defaultPath: '',
    endpoints: ['/api/data/:object', '/openapi.json', ...(options.docs === false ? [] : ['/docs'])],
    async mount(fastify: FastifyInstance, bridge: ProtocolBridge, mount: ProtocolMountOptions) {
      const prefix = normalizePrefix(mount.path)
      const { limits } = mount
      const document = (): OpenApiDocument => {
        // Paths in the document are absolute, including the mount prefix.
        const base = prefix === '' ? {} : { basePath: prefix }
        return restOpenApiDocument(bridge, limits, { ...options, ...base })
      }
      await fastify.register(
        async (child) => {
          registerStrictJsonParser(child, limits.maxDepth)
          child.setErrorHandler((thrown, request, reply) => {
            const response = toRestError(thrown)
            if (response.status >= 500) request.log.error({ err: thrown }, 'REST request failed')
            return reply.status(response.status).send(response.body)
          })
          child.get('/openapi.json', async () => document())
          refuseOtherMethods(child, '/openapi.json', ['GET'])
          if (options.docs !== false) {
            await child.register(swagger, {
              mode: 'static',
              specification: { document: document() as never },
            })
            await child.register(swaggerUi, {
              routePrefix: '/docs',
              transformSpecification: () => document() as never,
            })
          }
          registerRestRoutes(child, {
            bridge,
            limits,
            validator: new RestBodyValidator(),
            ...(options.registerObject === undefined
              ? {}
              : { registerObject: options.registerObject }),
          })
        },
        { prefix },
      )
    },
  }
}

/** The REST protocol with default options. */
export const restProtocol: ProtocolPlugin = createRestProtocol()

/**
 * A Fastify instance serving only the REST protocol, not yet listening: use
 * `fastify.inject()` for requests without a socket, or `fastify.listen()`.
 */
export function createRestServer(
  bridge: ProtocolBridge,
  options: RestServerOptions = {},
): FastifyInstance {
  return createSingleProtocolServer(createRestProtocol(options), bridge, options)
}
