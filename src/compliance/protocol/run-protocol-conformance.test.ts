import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { pass } from '../common/audit-result.js'
import type { ProtocolAudit } from './protocol-audit.js'
import { AuditFailure, check } from './protocol-checks.js'
import type { ProtocolProgressEvent } from './protocol-result.js'
import type { ProtocolTransport } from './protocol-transport.js'
import { runProtocolConformance } from './run-protocol-conformance.js'

/** A transport that answers every request with 204 and records the paths asked for. */
function recordingTransport(): ProtocolTransport & { readonly paths: string[] } {
  const paths: string[] = []
  return {
    target: 'inject',
    paths,
    async request(request) {
      paths.push(request.path)
      return { status: 204, headers: {}, text: '' }
    },
  }
}

function audit(
  id: string,
  extra: Partial<ProtocolAudit> & Pick<ProtocolAudit, 'run'>,
): ProtocolAudit {
  return {
    id,
    level: 'MUST',
    group: 'rest',
    title: `title of ${id}`,
    cites: 'RFC 9110 §9.3.1',
    needs: ['rest'],
    ...extra,
  }
}

const holds = audit('PRT-T-001', { run: async () => pass('held') })
const breaks = audit('PRT-T-002', {
  run: async () => {
    check(false, 'GET /x: expected 404, got 200', { request: 'GET /x', status: 200 })
    return pass()
  },
})
const crashes = audit('PRT-T-003', {
  run: async () => {
    throw new TypeError('the audit itself is broken')
  },
})
const hangs = audit('PRT-T-004', { timeoutMs: 20, run: () => new Promise(() => undefined) })
const needsGraphql = audit('PRT-T-005', {
  group: 'cross',
  needs: ['rest', 'graphql'],
  run: async () => pass(),
})
const warns = audit('PRT-T-006', {
  level: 'SHOULD',
  run: async () => {
    throw new AuditFailure('a SHOULD rule broken')
  },
})

describe('runProtocolConformance', () => {
  it('turns AuditFailure into fail with its minimal case, other throws and hangs into error', async () => {
    const result = await runProtocolConformance({
      transport: recordingTransport(),
      audits: [holds, breaks, crashes, hangs],
      seed: 5,
    })
    const byId = Object.fromEntries(result.audits.map((a) => [a.id, a]))
    expect(byId['PRT-T-001']).toMatchObject({
      status: 'pass',
      note: 'held',
      cites: 'RFC 9110 §9.3.1',
    })
    expect(byId['PRT-T-002']).toMatchObject({
      status: 'fail',
      message: 'GET /x: expected 404, got 200',
      minimalCase: { request: 'GET /x', status: 200 },
    })
    expect(byId['PRT-T-003']).toMatchObject({
      status: 'error',
      message: 'audit could not complete: TypeError: the audit itself is broken',
    })
    expect(byId['PRT-T-004']).toMatchObject({
      status: 'error',
      message: 'audit did not finish within 20 ms',
    })
    expect(result).toMatchObject({ schemaVersion: 1, kind: 'protocol', grade: 'failing', seed: 5 })
    expect(result.counts).toMatchObject({ passed: 1, failed: 1, errored: 2, failedMust: 3 })
  })

  it('reports audits needing a protocol not audited as not applicable, not as passed', async () => {
    const result = await runProtocolConformance({
      transport: recordingTransport(),
      protocols: ['rest'],
      audits: [holds, needsGraphql],
    })
    expect(result.audits.find((a) => a.id === 'PRT-T-005')).toMatchObject({
      status: 'skip',
      kind: 'not-applicable',
      reason: 'protocol graphql not audited in this run',
    })
    expect(result.grade).toBe('conformant')
    expect(result.protocols).toEqual(['rest'])
  })

  it('grades a user-skipped MUST partial and a failed SHOULD as a warning', async () => {
    const skipped = await runProtocolConformance({
      transport: recordingTransport(),
      audits: [holds, breaks],
      skip: { 'PRT-T-002': 'known bug #12' },
    })
    expect(skipped.grade).toBe('partial')
    expect(skipped.audits[1]).toMatchObject({
      status: 'skip',
      kind: 'user',
      reason: 'known bug #12',
    })
    const warned = await runProtocolConformance({
      transport: recordingTransport(),
      audits: [holds, warns],
    })
    expect(warned.grade).toBe('conformant')
    expect(warned.counts.warnings).toBe(1)
  })

  it('gives each audit its own run id, the seed, and the configured paths', async () => {
    const seen: string[] = []
    const probe = (id: string) =>
      audit(id, {
        run: async (context) => {
          seen.push(`${context.runId} ${context.seed} ${context.numRuns} ${context.paths.rest}`)
          await context.transport.request({ method: 'GET', path: `${context.paths['json-rpc']}/x` })
          return pass()
        },
      })
    const transport = recordingTransport()
    await runProtocolConformance({
      transport,
      audits: [probe('PRT-T-010'), probe('PRT-T-011')],
      seed: 77,
      numRuns: 3,
      paths: { rest: '/v1/data/', 'json-rpc': '/jsonrpc' },
    })
    expect(seen).toHaveLength(2)
    expect(seen[0]).toMatch(/^prt-77-\w+-PRT-T-010 77 3 \/v1\/data$/)
    expect(seen[1]).toMatch(/^prt-77-\w+-PRT-T-011 77 3 \/v1\/data$/)
    expect(transport.paths).toEqual(['/jsonrpc/x', '/jsonrpc/x'])
  })

  it('runs in report order and emits start, audit and group events', async () => {
    const events: ProtocolProgressEvent[] = []
    const rpc = audit('PRT-T-020', {
      group: 'json-rpc',
      needs: ['json-rpc'],
      run: async () => pass(),
    })
    await runProtocolConformance({
      transport: recordingTransport(),
      audits: [rpc, needsGraphql, holds],
      name: 'srv',
      onProgress: (event) => events.push(event),
    })
    expect(
      events.map((e) =>
        e.kind === 'audit' ? e.result.id : e.kind === 'group' ? `group ${e.group}` : e.kind,
      ),
    ).toEqual([
      'start',
      'PRT-T-001',
      'group rest',
      'PRT-T-020',
      'group json-rpc',
      'PRT-T-005',
      'group cross',
    ])
    expect(events[0]).toMatchObject({ kind: 'start', server: 'srv', target: 'inject', total: 3 })
  })

  it('rejects bad options with CONFIG_INVALID before running anything', async () => {
    const transport = recordingTransport()
    const cases: Parameters<typeof runProtocolConformance>[0][] = [
      { audits: [holds] },
      { transport, url: 'http://127.0.0.1:1', audits: [holds] },
      { url: 'ftp://example.com', audits: [holds] },
      { transport, protocols: ['soap' as never], audits: [holds] },
      { transport, protocols: [], audits: [holds] },
      { transport, paths: { rest: 'api/data' }, audits: [holds] },
      { transport, paths: { grpc: '/grpc' } as never, audits: [holds] },
      { transport, skip: { 'PRT-NOPE-001': 'x' }, audits: [holds] },
      { transport, only: ['PRT-NOPE-001'], audits: [holds] },
      { transport, numRuns: 0, audits: [holds] },
      { transport, seed: 1.5, audits: [holds] },
    ]
    for (const options of cases) {
      const error = await runProtocolConformance(options).catch((e: unknown) => e)
      expect(hasErrorCode(error, 'CONFIG_INVALID'), JSON.stringify(options)).toBe(true)
    }
    expect(transport.paths).toEqual([])
  })

  it('names a URL target by host and keeps its password out of the result and progress', async () => {
    const events: unknown[] = []
    const result = await runProtocolConformance({
      url: 'http://user:secret@127.0.0.1:9/base/',
      onProgress: (event) => events.push(event),
      audits: [
        audit('PRT-T-030', {
          run: async (context) => {
            // Nothing listens on port 9: the transport error names the URL it failed on.
            await context.transport.request({ method: 'GET', path: '/x' })
            return pass()
          },
        }),
      ],
    })
    expect(result.audits[0]).toMatchObject({ status: 'error' })
    expect(result.audits[0]?.status === 'error' && result.audits[0].message).toContain(
      'http://user:***@127.0.0.1:9/base/x failed',
    )
    expect(result.server).toBe('127.0.0.1:9/base')
    // Reports are shared: the password never reaches them.
    expect(result.target).toBe('http://user:***@127.0.0.1:9/base')
    expect(result.backend).toEqual({ kind: 'url', detail: 'http://user:***@127.0.0.1:9/base' })
    expect(JSON.stringify(result)).not.toContain('secret')
    expect(events[0]).toMatchObject({ kind: 'start', target: 'http://user:***@127.0.0.1:9/base' })
    expect(JSON.stringify(events)).not.toContain('secret')
  })
})
