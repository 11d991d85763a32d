import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Kernel } from '../../../kernel/kernel.js'
import type { AuditOutcome } from '../../common/audit-result.js'
import { createInProcessProtocolServer } from '../in-process-protocol-server.js'
import type { InProcessProtocolServer } from '../in-process-protocol-server.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import { DEFAULT_PROTOCOL_PATHS, PROTOCOL_NAMES } from '../protocol-audit-context.js'
import { PRT_ITEMS, PRT_OWNERS } from '../protocol-fixture.js'
import type { ProtocolRequest, ProtocolResponse, ProtocolTransport } from '../protocol-transport.js'
import { runProtocolAudit } from '../run-protocol-audit.js'

/** The audit of `audits` with this id; throws on a typo in a test. */
export function auditIn(audits: readonly ProtocolAudit[], id: string): ProtocolAudit {
  const found = audits.find((candidate) => candidate.id === id)
  if (found === undefined) throw new Error(`no audit ${id}`)
  return found
}

/**
 * Our in-process server (memory driver, all four protocols) for the enclosing describe block:
 * started before its tests, closed after them. Call the returned function inside a test.
 */
export function ourServerPerSuite(): () => InProcessProtocolServer {
  let server: InProcessProtocolServer | undefined
  beforeAll(async () => {
    server = await createInProcessProtocolServer()
  })
  afterAll(async () => {
    await server?.close()
  })
  return () => {
    if (server === undefined) throw new Error('the server starts in beforeAll; use it in a test')
    return server
  }
}

/**
 * One test per audit that runs it on our server and expects it to pass (or to end with the
 * status `expected` gives its id, for a rule our server knowingly misses), then one test that
 * the audits left no fixture record behind.
 */
export function itPassesOnOurServer(
  audits: readonly ProtocolAudit[],
  ours: () => InProcessProtocolServer,
  expected: Readonly<Record<string, AuditOutcome['status']>> = {},
): void {
  it.each(audits.map((a) => [a.id, a] as const))('%s on our server', async (id, audit) => {
    const outcome = await runAudit(audit, ours().transport)
    expect(outcome).toMatchObject({ status: expected[id] ?? 'pass' })
  })
  it('leave no records behind', async () => {
    await expectNoRecordsLeft(ours().kernel)
  })
}

let runs = 0

/**
 * Runs one audit through the suite's own runner (time limit, `AuditFailure` as `fail`, any other
 * throw as `error`) with every protocol audited, and returns only its outcome, so tests compare
 * `{ status: 'pass' }` without the audit's identity and timing.
 */
export async function runAudit(
  audit: ProtocolAudit,
  transport: ProtocolTransport,
): Promise<AuditOutcome> {
  runs += 1
  const result = await runProtocolAudit(audit, {
    transport,
    paths: DEFAULT_PROTOCOL_PATHS,
    protocols: PROTOCOL_NAMES,
    seed: 42,
    numRuns: 5,
    skip: {},
    runTag: `test${runs}`,
  })
  const { id: _id, level: _level, group: _group, title: _title, ...rest } = result
  const { cites: _cites, durationMs: _durationMs, ...outcome } = rest
  return outcome
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
