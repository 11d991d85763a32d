import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { injectTransport, runProtocolConformance } from '../../src/compliance/index.js'
import { BROKEN_SERVERS } from './broken-protocol-catalog.js'
import { startBrokenServer } from './broken-protocol-server.js'
import type { RunningBrokenServer } from './broken-protocol-server.js'

// The protocol suite must catch every planted bug: each broken server is our server with one
// bug in front of it, and the audit named after the rule it breaks must fail. The honest copy
// (the same proxy, no bug) passes every REST and JSON-RPC audit, so the bug, not the proxy, is
// what the audit catches.
describe('self-test: every broken protocol server is caught by the audit that names its bug', () => {
  it('has at least ten broken servers across REST and JSON-RPC, each a distinct bug', () => {
    expect(BROKEN_SERVERS.length).toBeGreaterThanOrEqual(10)
    expect(new Set(BROKEN_SERVERS.map((s) => s.bug)).size).toBe(BROKEN_SERVERS.length)
    expect(new Set(BROKEN_SERVERS.map((s) => s.caughtBy.slice(0, 8)))).toEqual(
      new Set(['PRT-REST', 'PRT-RPC-']),
    )
  })

  describe('the honest copy', () => {
    let honest: RunningBrokenServer
    beforeAll(async () => {
      honest = await startBrokenServer()
    })
    afterAll(async () => {
      await honest.close()
    })

    it('passes every REST and JSON-RPC audit', async () => {
      const result = await runProtocolConformance({
        transport: injectTransport(honest.fastify),
        protocols: ['rest', 'json-rpc'],
        seed: 1,
      })
      const audited = result.audits.filter((a) => a.group === 'rest' || a.group === 'json-rpc')
      expect(audited.length).toBeGreaterThanOrEqual(40)
      expect(audited.filter((a) => a.status !== 'pass')).toEqual([])
    })
  })

  for (const broken of BROKEN_SERVERS) {
    it(`${broken.caughtBy} catches ${broken.bug} (${broken.description})`, async () => {
      const server = await startBrokenServer(broken.breakage)
      try {
        const result = await runProtocolConformance({
          transport: injectTransport(server.fastify),
          protocols: ['rest', 'json-rpc'],
          only: [broken.caughtBy],
          seed: 1,
        })
        const audit = result.audits[0]
        expect(audit?.id).toBe(broken.caughtBy)
        expect(audit?.status, audit?.status === 'pass' ? 'the bug went unnoticed' : '').toBe('fail')
        expect(result.grade).toBe('failing')
      } finally {
        await server.close()
      }
    })
  }

  it('catches a broken server by URL too, through a real socket', async () => {
    const broken = BROKEN_SERVERS.find((s) => s.bug === 'notifications-answered')
    const server = await startBrokenServer(broken?.breakage)
    try {
      const url = await server.fastify.listen({ port: 0, host: '127.0.0.1' })
      const result = await runProtocolConformance({
        url,
        protocols: ['json-rpc'],
        only: ['PRT-RPC-005', 'PRT-RPC-014'],
        seed: 1,
      })
      expect(result.audits.map((a) => `${a.id} ${a.status}`)).toEqual([
        'PRT-RPC-005 fail',
        'PRT-RPC-014 fail',
      ])
      expect(result.backend.kind).toBe('url')
    } finally {
      await server.close()
    }
  })
})
