import type { FastifyInstance } from 'fastify'
import type { ProtocolBridge } from './protocol-bridge.js'
import type { ProtocolLimits } from './protocol-limits.js'

/** What a protocol receives when it mounts. */
export interface ProtocolMountOptions {
  /** Request limits (body size, depth, page size, batch size), already resolved. */
  readonly limits: ProtocolLimits
  /** Where the protocol's routes start; the protocol's `defaultPath` when not given. */
  readonly path?: string
}

/**
 * A protocol as a Fastify plugin. `mount` registers the protocol's routes in its own
 * encapsulated context on `fastify` (shared with other protocols, or a server of its own), so
 * its content-type parser and error handler never leak into another protocol's routes.
 */
export interface ProtocolPlugin {
  /** Short name: `rest`, `json-rpc`, `graphql`, `odata`. */
  readonly name: string
  /** The port upstream's plugin listens on when it runs alone. */
  readonly defaultPort: number
  /** Where upstream's plugin mounts its routes. */
  readonly defaultPath: string
  /** Paths worth showing a person (relative to the mount path), e.g. `['/openapi.json']`. */
  readonly endpoints?: readonly string[]
  /** Registers the protocol's routes; resolves once they are registered. */
  mount(
    fastify: FastifyInstance,
    bridge: ProtocolBridge,
    options: ProtocolMountOptions,
  ): Promise<void>
}
