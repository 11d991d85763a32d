import { expect } from 'vitest'
import { MemoryDriver } from '../../../drivers/memory/index.js'
import type { Driver } from '../../../kernel/driver/driver.js'
import { createKernel } from '../../../kernel/kernel.js'
import type { Kernel } from '../../../kernel/kernel.js'
import { createProtocolHost } from '../../../protocols/common/protocol-host.js'
import type { ProtocolHost } from '../../../protocols/common/protocol-host.js'
import { graphqlProtocol } from '../../../protocols/graphql/index.js'
import { jsonRpcProtocol } from '../../../protocols/json-rpc/json-rpc-server.js'
import { createODataProtocol } from '../../../protocols/odata/index.js'
import { restProtocol } from '../../../protocols/rest/rest-server.js'
import type { AuditOutcome } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import { DEFAULT_PROTOCOL_PATHS } from '../protocol-audit-context.js'
import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { AuditFailure } from '../protocol-checks.js'
import { PRT_ITEMS, PRT_OWNERS, PROTOCOL_FIXTURE_OBJECTS } from '../protocol-fixture.js'
import { injectTransport } from '../protocol-transport.js'
import type { ProtocolRequest, ProtocolResponse, ProtocolTransport } from '../protocol-transport.js'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }

/** Our four protocols over one memory kernel serving the audit fixture, reached in process. */
export interface AuditServer {
  readonly kernel: Kernel
  readonly host: ProtocolHost
  readonly transport: ProtocolTransport
  close(): Promise<void>
}

/**
 * Boots a kernel with {@link PROTOCOL_FIXTURE_OBJECTS} on `driver` (a fresh MemoryDriver by
 * default) and mounts REST, JSON-RPC, GraphQL and OData (with the kernel, so `$batch`
 * changesets are atomic), as `objectql serve` does.
 */
export async function startAuditServer(driver: Driver = new MemoryDriver()): Promise<AuditServer> {
  const kernel = createKernel({
    objects: PROTOCOL_FIXTURE_OBJECTS,
    drivers: { default: driver },
    logger: quiet,
  })
  await kernel.start()
  const host = await createProtocolHost({
    kernel,
    protocols: [restProtocol, jsonRpcProtocol, graphqlProtocol, createODataProtocol({ kernel })],
  })
  return {
    kernel,
    host,
    transport: injectTransport(host.fastify),
    async close() {
      try {
        await host.close()
      } finally {
        await kernel.stop()
      }
    },
  }
}

let runs = 0

/** A context for one audit run with a fresh run id. */
export function auditContext(transport: ProtocolTransport, id: string): ProtocolAuditContext {
  runs += 1
  return {
    transport,
    paths: DEFAULT_PROTOCOL_PATHS,
    runId: `prt-test-${runs}-${id}`,
    seed: 42,
    numRuns: 5,
  }
}

/** Runs one audit the way a runner does: an {@link AuditFailure} becomes a `fail` outcome. */
export async function runAudit(
  audit: ProtocolAudit,
  transport: ProtocolTransport,
): Promise<AuditOutcome> {
  try {
    return await audit.run(auditContext(transport, audit.id))
  } catch (error) {
    if (error instanceof AuditFailure) {
      return error.minimalCase === undefined
        ? { status: 'fail', message: error.message }
        : { status: 'fail', message: error.message, minimalCase: error.minimalCase }
    }
    return { status: 'error', message: (error as Error).message }
  }
}

/** Rewrites one kind of response; `undefined` from `rewrite` passes the response through. */
export type ResponseTamper = (
  request: ProtocolRequest,
  response: ProtocolResponse,
) => ProtocolResponse | undefined

/** A transport that lets `tamper` change answers of `inner`, to show an audit bites. */
export function tamperedTransport(
  inner: ProtocolTransport,
  tamper: ResponseTamper,
): ProtocolTransport {
  return {
    target: `tampered ${inner.target}`,
    async request(request) {
      const response = await inner.request(request)
      return tamper(request, response) ?? response
    },
  }
}

/** Rewrites a request before it is sent; `undefined` sends the request unchanged. */
export type RequestRewrite = (request: ProtocolRequest) => ProtocolRequest | undefined

/** A transport that changes requests on their way to `inner` (a server that misreads them). */
export function rewrittenTransport(
  inner: ProtocolTransport,
  rewrite: RequestRewrite,
): ProtocolTransport {
  return {
    target: `rewritten ${inner.target}`,
    async request(request) {
      return inner.request(rewrite(request) ?? request)
    },
  }
}

/** The decoded path and query of a request, for tampers that match on them. */
export function decodedPath(request: ProtocolRequest): string {
  try {
    return decodeURIComponent(request.path)
  } catch {
    return request.path
  }
}

/** Fails the test when any fixture record is left (audits must clean up after themselves). */
export async function expectNoRecordsLeft(kernel: Kernel): Promise<void> {
  for (const object of [PRT_ITEMS, PRT_OWNERS]) {
    const left = await kernel.bridge.findData(object, {})
    expect(left.value, `records left in ${object}`).toEqual([])
  }
}

/** A JSON response with `body` replacing the original body (status and headers kept). */
export function withJsonBody(response: ProtocolResponse, body: unknown): ProtocolResponse {
  return { ...response, text: JSON.stringify(body) }
}
