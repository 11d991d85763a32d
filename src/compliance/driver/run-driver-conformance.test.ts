import { describe, expect, it } from 'vitest'
import { MemoryDriver } from '../../drivers/memory/index.js'
import { defineCapabilities } from '../../kernel/driver/driver-capabilities.js'
import { isObjectQLError } from '../../kernel/errors.js'
import type { Driver } from '../../kernel/driver/driver.js'
import { pass } from '../common/audit-result.js'
import type { ProgressEvent } from './progress-event.js'
import { runDriverConformance } from './run-driver-conformance.js'

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    return isObjectQLError(error) ? `${error.code}: ${error.message}` : `uncoded ${String(error)}`
  }
  return 'resolved'
}

/** The memory driver without aggregation or transactions, to exercise capability gating. */
class PlainMemory extends MemoryDriver {
  override readonly capabilities = defineCapabilities({ jsonFields: true, arrayFields: true })
}

describe('runDriverConformance', () => {
  it('grades the memory driver conformant on a subset and reports every audit as data', async () => {
    const events: ProgressEvent[] = []
    const result = await runDriverConformance({
      factory: () => new MemoryDriver(),
      only: ['DRV-NULL-002', 'DRV-ORD-006', 'DRV-TX-002'],
      seed: 5,
      onProgress: (event) => events.push(event),
    })
    expect(result.grade).toBe('conformant')
    expect(result.audits.map((a) => [a.id, a.status])).toEqual([
      ['DRV-NULL-002', 'pass'],
      ['DRV-ORD-006', 'pass'],
      ['DRV-TX-002', 'pass'],
    ])
    expect(result).toMatchObject({ driver: 'memory', seed: 5, backend: { kind: 'embedded' } })
    expect(events.map((e) => e.kind)).toEqual([
      'start',
      'audit',
      'group',
      'audit',
      'group',
      'audit',
      'group',
    ])
  })

  it('makes a driver partial when a MUST is skipped, and says why', async () => {
    const result = await runDriverConformance({
      factory: () => new PlainMemory(),
      only: ['DRV-AGG-002', 'DRV-TX-001', 'DRV-NULL-001'],
      skip: { 'DRV-NULL-001': 'known bug #12' },
    })
    expect(result.grade).toBe('partial')
    const byId = Object.fromEntries(result.audits.map((a) => [a.id, a]))
    expect(byId['DRV-AGG-002']).toMatchObject({
      status: 'skip',
      kind: 'capability',
      reason: 'capability queryAggregations not declared',
    })
    expect(byId['DRV-TX-001']).toMatchObject({ status: 'skip', kind: 'not-applicable' })
    expect(byId['DRV-NULL-001']).toMatchObject({
      status: 'skip',
      kind: 'user',
      reason: 'known bug #12',
    })
    expect(result.counts.skippedMust).toBe(2)
  })

  it('turns bad input into one coded CONFIG_INVALID error', async () => {
    const memory = () => new MemoryDriver()
    expect(
      await codeOf(
        runDriverConformance({
          factory: () => {
            throw new Error('no database\nstack...')
          },
        }),
      ),
    ).toBe('CONFIG_INVALID: driver factory threw: no database')
    expect(
      await codeOf(
        runDriverConformance({
          factory: () => ({ name: 'half', capabilities: {}, find: () => [] }) as unknown as Driver,
        }),
      ),
    ).toMatch(
      /^CONFIG_INVALID: driver factory returned a driver missing connect, disconnect, .*findOne/,
    )
    expect(await codeOf(runDriverConformance({ factory: memory, only: ['DRV-NOPE-001'] }))).toBe(
      'CONFIG_INVALID: unknown audit id in only: DRV-NOPE-001 (ids look like DRV-NULL-002)',
    )
    expect(await codeOf(runDriverConformance({ factory: memory, skip: { 'DRV-X': 'r' } }))).toMatch(
      /^CONFIG_INVALID: unknown audit id in skip/,
    )
    expect(await codeOf(runDriverConformance({ factory: memory, seed: 1.5 }))).toMatch(
      /^CONFIG_INVALID: invalid seed 1.5/,
    )
    expect(await codeOf(runDriverConformance({ factory: memory, replay: 'x/y' }))).toMatch(
      /^CONFIG_INVALID: invalid seed 'x\/y'/,
    )
    expect(await codeOf(runDriverConformance({ factory: memory, replay: '5/1:2' }))).toMatch(
      /^CONFIG_INVALID: a replay path \(5\/1:2\) belongs to one audit/,
    )
    expect(await codeOf(runDriverConformance({ factory: memory, runs: 0 }))).toMatch(
      /^CONFIG_INVALID: runs must be/,
    )
  })

  it('reports a hanging audit as an error instead of hanging', async () => {
    const result = await runDriverConformance({
      factory: () => new MemoryDriver(),
      audits: [
        {
          id: 'DRV-LIFE-001',
          level: 'MUST',
          group: 'lifecycle',
          title: 'hangs',
          timeoutMs: 50,
          run: () => new Promise(() => undefined),
        },
        {
          id: 'DRV-LIFE-002',
          level: 'MUST',
          group: 'lifecycle',
          title: 'fine',
          run: async () => pass(),
        },
      ],
    })
    expect(result.audits[0]).toMatchObject({
      status: 'error',
      message: 'audit did not finish within 50 ms',
    })
    expect(result.audits[1]?.status).toBe('pass')
    expect(result.grade).toBe('failing')
  })

  it('reports a driver that throws on connect as an error of each audit, not a crash', async () => {
    class Unreachable extends MemoryDriver {
      override async connect(): Promise<void> {
        throw new TypeError('ECONNREFUSED 127.0.0.1:1')
      }
    }
    const result = await runDriverConformance({
      factory: () => new Unreachable(),
      only: ['DRV-ID-001'],
    })
    expect(result.audits[0]).toMatchObject({
      status: 'error',
      message: 'could not open a driver: TypeError: ECONNREFUSED 127.0.0.1:1',
    })
  })
})
