import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ObjectQLError } from '../../kernel/errors.js'
import type { DataApi } from '../../kernel/pipeline/data-api.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import { registerStrictJsonParser } from '../common/json-body-parser.js'
import type { ProtocolBridge } from '../common/protocol-bridge.js'
import { createSingleProtocolServer } from '../common/protocol-host.js'
import type { ProtocolLimits } from '../common/protocol-limits.js'
import type { ProtocolMountOptions, ProtocolPlugin } from '../common/protocol-plugin.js'
import { handleBatch } from './odata-batch.js'
import { bridgePort, kernelTransactions } from './odata-data-port.js'
import type { ODataTransactionRunner } from './odata-data-port.js'
import { buildModel } from './odata-edm.js'
import type { ODataModel } from './odata-edm.js'
import type { ODataResponse } from './odata-format.js'
import { errorResponse, handleODataRequest } from './odata-request-handler.js'
import type { ODataEnvironment } from './odata-request-handler.js'

/** Options of the OData protocol. */
export interface ODataProtocolOptions {
  /** The CSDL schema namespace (default `ObjectStack`, as upstream). */
  readonly namespace?: string
  /**
   * The kernel, for atomic `$batch` changesets (`kernel.transaction`). Without it (or
   * `transactions`), a changeset is refused with 501 rather than run non-atomically.
   */
  readonly kernel?: Pick<DataApi, 'transaction'>
  /** A custom transaction runner (overrides `kernel`). */
  readonly transactions?: ODataTransactionRunner
  /** Deepest `$expand` nesting (default 3, the kernel's and upstream's limit). */
  readonly maxExpandDepth?: number
}

/** Options of {@link createODataServer}. */
export interface ODataServerOptions extends ODataProtocolOptions {
  readonly limits?: Partial<ProtocolLimits>
  /** The service root path (default `/odata`). */
  readonly path?: string
}

// Invalid UTF-8 in a batch is an error, not silently replaced text.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true })

/** The port upstream's OData plugin listens on alone. */
export const ODATA_DEFAULT_PORT = 8080
/** Where upstream's OData plugin serves. */
export const ODATA_DEFAULT_PATH = '/odata'

function servicePath(path: string | undefined): string {
  const trimmed = (path ?? ODATA_DEFAULT_PATH).replace(/^\/+|\/+$/g, '')
  return trimmed === '' ? '' : `/${trimmed}`
}

function headersOf(request: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

function send(reply: FastifyReply, response: ODataResponse): FastifyReply {
  void reply.status(response.status).headers(response.headers)
  if (response.text !== undefined) return reply.send(response.text)
  if (response.body !== undefined) return reply.send(JSON.stringify(response.body))
  return reply.send()
}

/** The model of the objects registered now, rebuilt only when they change. */
class ModelCache {
  #objects: readonly ObjectConfig[] = []
  #model: ODataModel | undefined

  constructor(private readonly namespace: string) {}

  current(bridge: ProtocolBridge): ODataModel {
    const objects = bridge
      .getMetaTypes()
      .map((name) => bridge.getMetaItem(name))
      .filter((object): object is ObjectConfig => object !== undefined)
    const same =
      objects.length === this.#objects.length && objects.every((o, i) => o === this.#objects[i])
    if (this.#model === undefined || !same) {
      this.#model = buildModel(objects, this.namespace)
      this.#objects = objects
    }
    return this.#model
  }
}

/**
 * OData v4 over the kernel: service document, `$metadata` (CSDL XML generated from metadata),
 * entity sets, entities, properties, `$count`, create/update/replace/delete with ETags, the
 * system query options and `$batch` (JSON and multipart, atomic changesets over
 * `kernel.transaction`). Errors are `{ error: { code, message, target?, details? } }` with the
 * catalog code. Every response carries `OData-Version`.
 *
 * ## Conformance (OData 4.01 Part 1, section 12 "Conformance")
 *
 * **Minimal conformance level: met.** Service document at the root; JSON format
 * (`odata.metadata=minimal|full|none`); server-driven paging (`@odata.nextLink`, page size
 * `defaultPageSize`, `Prefer: odata.maxpagesize`); `OData-Version` on every response;
 * `Accept`, `$format` (406) and `OData-MaxVersion` (4.0 or 4.01, else 400); unknown custom
 * query options and payload annotations ignored; requests parsed per the ABNF, with 501 for
 * what is not implemented; only CSDL types (`Edm.String/Double/Boolean/Date/DateTimeOffset/
 * TimeOfDay/Untyped`); correct status codes; `$expand`; `$metadata`.
 *
 * **Updatable service: met except references.** POST (201 + `Location` + `OData-EntityId`, or
 * 204 with `Prefer: return=minimal`), PATCH (merge) and PUT (replace) with 204 or 200
 * (`return=representation`), upserts (PATCH/PUT to a missing key creates it, unless `If-Match`),
 * DELETE 204 / 404, ETags on every entity (`If-Match` 412, `If-None-Match` 304 on reads and
 * 412 on writes), `@odata.bind` to set lookups, edit links by convention (explicit with
 * `odata.metadata=full`). Not met: `$ref` operations (POST/PUT/DELETE on `.../$ref`), POST to
 * navigation properties, deep insert and deep update: all 501.
 *
 * **Intermediate conformance level: met as far as the query AST allows.** `$select`, `$top`,
 * `$skip`, `$orderby` asc/desc on properties, `$count` (option and `/$count` segment), `/$value`
 * on properties, single-valued navigation paths (`Set('k')/nav`), `$expand` with nested
 * `$select`/`$filter`/`$orderby`/`$expand`, parameter aliases, and `$filter` with `eq ne gt ge
 * lt le and or not in`, correct precedence and three-valued null logic, literal folding of
 * arithmetic and canonical functions, `contains/startswith/endswith` on properties,
 * `year()`/`date()` on properties (as exact ranges), `any/all` over primitive collections with
 * equality predicates. Not met (501, never a wrong answer): arithmetic, `tolower/toupper/
 * length/indexof/substring/trim/concat`, `month/day/hour/minute/second/time` on properties,
 * comparing two properties, navigation paths in `$filter`/`$orderby`, other lambda
 * predicates, `$top/$skip/$count/$search/$levels` inside `$expand`, `$count` on navigation
 * collections, `$orderby` expressions. `has` is 400 (the model has no enumerations).
 *
 * **Advanced level: partly.** `$batch` (JSON 4.01 format and multipart) with atomicity groups
 * and `dependsOn`, `$search` (simple terms, passed to the driver's full-text search; `OR`,
 * `NOT` and drivers without search are 501), `$skip`, `$count`. Not met: `$apply`, `$compute`,
 * delta/`$deltatoken`, asynchronous requests, `$crossjoin`, `$all`, `$entity`, `$levels`,
 * `$index`, `$schemaversion`, JSON CSDL, bound/unbound actions and functions, stream
 * properties, geo functions.
 */
export function createODataProtocol(options: ODataProtocolOptions = {}): ProtocolPlugin {
  const transactions =
    options.transactions ??
    (options.kernel === undefined ? undefined : kernelTransactions(options.kernel))
  return {
    name: 'odata',
    defaultPort: ODATA_DEFAULT_PORT,
    defaultPath: ODATA_DEFAULT_PATH,
    endpoints: ['/', '/$metadata', '/$batch'],
    async mount(fastify: FastifyInstance, bridge: ProtocolBridge, mount: ProtocolMountOptions) {
      const { limits } = mount
      const prefix = servicePath(mount.path ?? ODATA_DEFAULT_PATH)
      const models = new ModelCache(options.namespace ?? 'ObjectStack')
      const port = bridgePort(bridge)
      const maxExpandDepth = options.maxExpandDepth ?? 3
      await fastify.register(async (child) => {
        registerStrictJsonParser(child, limits.maxDepth, ['application/json'])
        child.addContentTypeParser('multipart/mixed', { parseAs: 'buffer' }, (_req, body, done) => {
          try {
            done(null, typeof body === 'string' ? body : STRICT_UTF8.decode(body))
          } catch (cause) {
            done(
              new ObjectQLError('INVALID_REQUEST', 'the $batch body is not valid UTF-8', { cause }),
              undefined,
            )
          }
        })
        child.setErrorHandler((thrown, request, reply) => {
          const response = errorResponse(thrown)
          if (response.status >= 500) request.log.error({ err: thrown }, 'OData request failed')
          return send(reply, response)
        })
        const handler = async (request: FastifyRequest, reply: FastifyReply) => {
          const url = request.raw.url ?? ''
          const q = url.indexOf('?')
          const pathPart = q < 0 ? url : url.slice(0, q)
          const base: Omit<ODataEnvironment, 'batch'> = {
            root: `${request.protocol}://${request.host}${prefix}`,
            model: models.current(bridge),
            port,
            limits,
            maxExpandDepth,
          }
          const env: ODataEnvironment = {
            ...base,
            batch: (raw, version) =>
              handleBatch(raw, { env: base, basePath: prefix, transactions }, version),
          }
          const response = await handleODataRequest(
            {
              method: request.method,
              path: pathPart.slice(prefix.length),
              rawQuery: q < 0 ? '' : url.slice(q + 1),
              headers: headersOf(request),
              body: request.body,
            },
            env,
          )
          if (response.status >= 500)
            request.log.error({ status: response.status }, 'OData request failed')
          return send(reply, response)
        }
        const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
        child.route({ method: [...methods], url: prefix === '' ? '/' : prefix, handler })
        child.route({ method: [...methods], url: `${prefix}/*`, handler })
      })
    },
  }
}

/** The OData protocol with default options (no atomic changesets: pass `kernel` for those). */
export const odataProtocol: ProtocolPlugin = createODataProtocol()

/**
 * A Fastify instance serving only OData (at `/odata` unless `path` says otherwise), not yet
 * listening: use `fastify.inject()` for requests without a socket, or `fastify.listen()`.
 */
export function createODataServer(
  bridge: ProtocolBridge,
  options: ODataServerOptions = {},
): FastifyInstance {
  return createSingleProtocolServer(createODataProtocol(options), bridge, options)
}
