import { MemoryDriver } from '../../drivers/memory/index.js'
import type { Driver } from '../../kernel/driver/driver.js'
import { createKernel } from '../../kernel/kernel.js'
import type { Kernel } from '../../kernel/kernel.js'
import { createProtocolHost } from '../../protocols/common/protocol-host.js'
import type { ProtocolHost } from '../../protocols/common/protocol-host.js'
import type { ProtocolLimits } from '../../protocols/common/protocol-limits.js'
import { graphqlProtocol } from '../../protocols/graphql/index.js'
import { jsonRpcProtocol } from '../../protocols/json-rpc/json-rpc-server.js'
import { createODataProtocol } from '../../protocols/odata/index.js'
import { restProtocol } from '../../protocols/rest/rest-server.js'
import { PROTOCOL_FIXTURE_OBJECTS } from './protocol-fixture.js'
import { injectTransport } from './protocol-transport.js'
import type { ProtocolTransport } from './protocol-transport.js'

/** Options of {@link startInProcessProtocolServer}. */
export interface InProcessServerOptions {
  /** The driver behind the kernel; a fresh `MemoryDriver` when absent. The kernel connects it. */
  readonly driver?: Driver
  readonly limits?: Partial<ProtocolLimits>
}

/** Our four protocols over a running kernel that serves the audit fixture. */
export interface InProcessProtocolServer {
  /** Requests through Fastify's `inject`, without a socket. */
  readonly transport: ProtocolTransport
  readonly kernel: Kernel
  /** The host: `host.listen({ port: 0 })` serves the same protocols on a loopback port. */
  readonly host: ProtocolHost
  /** Stops the host, then the kernel (which disconnects the driver). */
  close(): Promise<void>
}

const QUIET = { debug() {}, info() {}, warn() {}, error() {} }

/**
 * Boots a kernel with {@link PROTOCOL_FIXTURE_OBJECTS} on `driver` and mounts REST (+ OpenAPI),
 * JSON-RPC, GraphQL and OData at upstream's paths, as `objectql serve` does (OData gets the
 * kernel, so `$batch` changesets are atomic). This module loads every protocol, so the
 * compliance entry point only reaches it through a dynamic import.
 *
 * @example
 * const server = await createInProcessProtocolServer()
 * const result = await runProtocolConformance({ transport: server.transport })
 * await server.close()
 */
export async function createInProcessProtocolServer(
  options: InProcessServerOptions = {},
): Promise<InProcessProtocolServer> {
  const kernel = createKernel({
    objects: PROTOCOL_FIXTURE_OBJECTS,
    drivers: { default: options.driver ?? new MemoryDriver() },
    logger: QUIET,
  })
  await kernel.start()
  let host: ProtocolHost
  try {
    host = await createProtocolHost({
      kernel,
      protocols: [restProtocol, jsonRpcProtocol, graphqlProtocol, createODataProtocol({ kernel })],
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    })
  } catch (error) {
    // The driver is connected by now: stop the kernel so a failed mount leaks nothing.
    await kernel.stop()
    throw error
  }
  const started = host
  return {
    transport: injectTransport(host.fastify),
    kernel,
    host,
    async close() {
      try {
        await started.close()
      } finally {
        await kernel.stop()
      }
    },
  }
}
