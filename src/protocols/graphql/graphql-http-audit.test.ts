import { serverAudits } from 'graphql-http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kernel } from '../../kernel/kernel.js'
import { listenAlone } from '../common/protocol-host.js'
import type { StandaloneProtocol } from '../common/protocol-host.js'
import { startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { graphqlProtocol } from './graphql-server.js'

/**
 * The GraphQL-over-HTTP audits of `graphql-http` (the reference implementation's own judge),
 * run against the live server on a loopback socket with the real `fetch`. Every MUST audit
 * has to pass; the SHOULD and MAY results are printed with the reason of any failure.
 */
let kernel: Kernel
let server: StandaloneProtocol

beforeAll(async () => {
  kernel = await startTrackerKernel()
  server = await listenAlone(graphqlProtocol, { kernel, port: 0 })
})

afterAll(async () => {
  await server.close()
  await kernel.stop()
})

const audits = serverAudits({ url: () => `${server.url}/graphql`, fetchFn: fetch })

describe('PRT-GQL graphql-http server audits (live server on 127.0.0.1)', () => {
  it('has audits of every level', () => {
    const levels = new Set(audits.map((audit) => audit.name.split(' ')[0]))
    expect(levels).toEqual(new Set(['MUST', 'SHOULD', 'MAY']))
  })

  it('passes every MUST audit (and reports SHOULD/MAY)', async () => {
    const tally: Record<string, { ok: number; failed: string[] }> = {}
    for (const audit of audits) {
      const result = await audit.fn()
      const level = audit.name.split(' ')[0] ?? '?'
      const entry = (tally[level] ??= { ok: 0, failed: [] })
      if (result.status === 'ok') entry.ok++
      else entry.failed.push(`${audit.id} ${audit.name}: ${result.reason}`)
    }
    for (const [level, entry] of Object.entries(tally)) {
      console.log(`graphql-http ${level}: ${entry.ok} passed, ${entry.failed.length} failed`)
      for (const failure of entry.failed) console.log(`  ${failure}`)
    }
    expect(tally['MUST']?.failed ?? []).toEqual([])
    expect(tally['MUST']?.ok ?? 0).toBeGreaterThan(0)
  })
})
