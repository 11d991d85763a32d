import type {
  InProcessProtocolServer,
  InProcessServerOptions,
} from './in-process-protocol-server.js'

/**
 * Boots our own server in process for the protocol audits: a kernel serving the audit fixture
 * on `options.driver` (a fresh `MemoryDriver` by default) with REST, JSON-RPC, GraphQL and
 * OData mounted, reached through Fastify's `inject`. The protocols load on the first call, so
 * importing `objectql-toolkit/compliance` for driver conformance never loads them.
 *
 * @example
 * const server = await startInProcessProtocolServer()
 * try {
 *   const result = await runProtocolConformance({ transport: server.transport })
 * } finally {
 *   await server.close()
 * }
 */
export async function startInProcessProtocolServer(
  options: InProcessServerOptions = {},
): Promise<InProcessProtocolServer> {
  const { createInProcessProtocolServer } = await import('./in-process-protocol-server.js')
  return createInProcessProtocolServer(options)
}
