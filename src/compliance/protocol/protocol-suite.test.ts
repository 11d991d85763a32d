import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import type { TestBody, TestFunction } from '../common/test-function.js'
import { createInProcessProtocolServer } from './in-process-protocol-server.js'
import type { ProtocolConformanceResult } from './protocol-result.js'
import { protocolSuite } from './protocol-suite.js'
import type { ProtocolTransport } from './protocol-transport.js'

interface Registered {
  readonly name: string
  readonly body?: TestBody
  readonly skipped: boolean
}

/** A minimal runner: records registrations so the test can run the bodies itself. */
function fakeRunner(): { test: TestFunction; registered: Registered[] } {
  const registered: Registered[] = []
  const base = (name: string, body: TestBody) => registered.push({ name, body, skipped: false })
  const test: TestFunction = Object.assign(base, {
    skip: (name: string) => registered.push({ name, skipped: true }),
  })
  return { test, registered }
}

async function runAll(registered: readonly Registered[]): Promise<(string | undefined)[]> {
  const errors: (string | undefined)[] = []
  for (const entry of registered) {
    if (entry.body === undefined) continue
    errors.push(
      await entry.body({}).then(
        () => undefined,
        (error: unknown) => (error as Error).message,
      ),
    )
  }
  return errors
}

/** Answers 200 with an empty record for a missing id, as a broken server would. */
function answersMissingWith200(inner: ProtocolTransport): ProtocolTransport {
  return {
    target: inner.target,
    async request(request) {
      const response = await inner.request(request)
      if (request.method === 'GET' && response.status === 404) {
        return { status: 200, headers: { 'content-type': 'application/json' }, text: '{}' }
      }
      return response
    },
  }
}

describe('protocolSuite', () => {
  it('registers one test per audit in report order, skips with their reasons', () => {
    const { test, registered } = fakeRunner()
    protocolSuite({
      name: 'ours',
      test,
      url: 'http://127.0.0.1:9',
      protocols: ['rest'],
      only: ['PRT-RPC-008', 'PRT-REST-015', 'PRT-REST-002'],
      skip: { 'PRT-REST-002': 'reads are cached for a second' },
    })
    expect(registered.map((r) => `${r.skipped ? 'skip ' : ''}${r.name}`)).toEqual([
      'skip PRT-REST-002 MUST GET <object>/<id> returns the record as created, every value round-tripped (skipped: reads are cached for a second)',
      'PRT-REST-015 MUST GET of an unknown id is 404 with the error envelope, code NOT_FOUND',
      'skip PRT-RPC-008 MUST an unknown method is -32601 Method not found, with the request id (skipped: protocol json-rpc not audited in this run)',
    ])
  })

  it('serves on first use, passes a holding audit, fails a broken one, closes after the last', async () => {
    let closed = 0
    let started = 0
    const { test, registered } = fakeRunner()
    const results: ProtocolConformanceResult[] = []
    protocolSuite({
      name: 'tampered',
      test,
      only: ['PRT-REST-015', 'PRT-RPC-008'],
      seed: 3,
      serve: async () => {
        started += 1
        const server = await createInProcessProtocolServer()
        return {
          transport: answersMissingWith200(server.transport),
          close: async () => {
            closed += 1
            await server.close()
          },
        }
      },
      report: (result) => results.push(result),
    })
    expect(started).toBe(0)
    const errors = await runAll(registered)
    expect(started).toBe(1)
    expect(closed).toBe(1)
    expect(errors[0]).toMatch(
      /^tampered: PRT-REST-015 MUST .*\n {2}GET .*: expected status 404, got 200/,
    )
    expect(errors[0]).toContain('run seed 3')
    expect(errors[1]).toBeUndefined()
    expect(results.at(-1)).toMatchObject({ server: 'tampered', target: 'inject', grade: 'failing' })
  })

  it('writes protocols/<name>.json and .md after every audit when report is a directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oq-protocol-suite-'))
    const server = await createInProcessProtocolServer()
    try {
      const { test, registered } = fakeRunner()
      protocolSuite({
        name: 'ours',
        test,
        transport: server.transport,
        only: ['PRT-RPC-004'],
        report: dir,
      })
      expect(await runAll(registered)).toEqual([undefined])
      const json = JSON.parse(
        await readFile(join(dir, 'protocols', 'ours.json'), 'utf8'),
      ) as ProtocolConformanceResult
      expect(json).toMatchObject({ kind: 'protocol', server: 'ours', grade: 'conformant' })
      expect(await readFile(join(dir, 'protocols', 'ours.md'), 'utf8')).toContain(
        '| PRT-RPC-004 | MUST | pass |',
      )
    } finally {
      await server.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('refuses anything but exactly one of transport, url and serve', () => {
    const { test } = fakeRunner()
    for (const target of [
      {},
      {
        url: 'http://127.0.0.1:9',
        serve: async () => ({
          transport: { target: 'x', request: async () => ({ status: 200, headers: {}, text: '' }) },
        }),
      },
    ]) {
      let error: unknown
      try {
        protocolSuite({ name: 'x', test, ...target })
      } catch (thrown) {
        error = thrown
      }
      expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true)
    }
  })
})
