import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MemoryDriver } from '../../drivers/memory/index.js'
import { defineCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { QueryAST } from '../../kernel/spec/query-ast.js'
import type { TestBody, TestFunction } from '../common/test-function.js'
import type { DriverConformanceResult } from './conformance-result.js'
import { driverSuite } from './driver-suite.js'

interface Registered {
  readonly name: string
  readonly body?: TestBody
  readonly skipped: boolean
}

/** A minimal runner: records registrations so the test can run the bodies itself. */
function fakeRunner(withSkip = true): { test: TestFunction; registered: Registered[] } {
  const registered: Registered[] = []
  const base = (name: string, body: TestBody) => registered.push({ name, body, skipped: false })
  const test: TestFunction = withSkip
    ? Object.assign(base, { skip: (name: string) => registered.push({ name, skipped: true }) })
    : base
  return { test, registered }
}

class NoTransactions extends MemoryDriver {
  override readonly capabilities = defineCapabilities({
    jsonFields: true,
    arrayFields: true,
    queryAggregations: true,
    distinct: true,
  })
}

class IgnoresOffset extends MemoryDriver {
  override find(object: string, query: QueryAST): Promise<DataRecord[]> {
    const { offset: _offset, ...rest } = query
    return super.find(object, rest)
  }
}

describe('driverSuite', () => {
  it('registers one test per audit, named by id, level and title', () => {
    const { test, registered } = fakeRunner()
    driverSuite({
      name: 'memory',
      test,
      factory: () => new MemoryDriver(),
      only: ['DRV-NULL-002', 'DRV-PAGE-001'],
    })
    expect(registered.map((r) => r.name)).toEqual([
      'DRV-NULL-002 MUST $ne matches null and missing',
      'DRV-PAGE-001 MUST offset and limit apply after ordering; pages partition the result',
    ])
  })

  it('registers capability and user skips as skipped tests with the reason in the name', () => {
    const { test, registered } = fakeRunner()
    driverSuite({
      name: 'x',
      test,
      factory: () => new NoTransactions(),
      only: ['DRV-TX-001', 'DRV-ID-001'],
      skip: { 'DRV-ID-001': 'ids are numbers here' },
    })
    expect(registered).toEqual([
      { name: 'DRV-ID-001 MUST ids are strings (skipped: ids are numbers here)', skipped: true },
      {
        name: 'DRV-TX-001 MUST writes made in a transaction are visible after commit (skipped: not applicable: capability transactions not declared)',
        skipped: true,
      },
    ])
  })

  it('passes a holding audit and fails a broken one with the minimal case in the message', async () => {
    const good = fakeRunner()
    driverSuite({
      name: 'memory',
      test: good.test,
      factory: () => new MemoryDriver(),
      only: ['DRV-PAGE-001'],
    })
    await expect(good.registered[0]?.body?.({})).resolves.toBeUndefined()
    const bad = fakeRunner()
    driverSuite({
      name: 'ignores-offset',
      test: bad.test,
      factory: () => new IgnoresOffset(),
      only: ['DRV-PAGE-001'],
      seed: 3,
    })
    await expect(bad.registered[0]?.body?.({})).rejects.toThrow(
      /ignores-offset: DRV-PAGE-001 .*\n.*offset 3 limit 3.*\n\s+minimal case: .*\n\s+run seed 3/,
    )
  })

  it('skips at run time through the context when the factory is async', async () => {
    const { test, registered } = fakeRunner(false)
    driverSuite({
      name: 'x',
      test,
      factory: async () => new NoTransactions(),
      only: ['DRV-TX-002'],
    })
    const notes: (string | undefined)[] = []
    await registered[0]?.body?.({ skip: (note) => notes.push(note) })
    expect(notes).toEqual(['not applicable: capability transactions not declared'])
  })

  it('writes the JSON and Markdown report after every audit when given a directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oq-suite-'))
    try {
      const { test, registered } = fakeRunner()
      const seen: DriverConformanceResult[] = []
      driverSuite({
        name: 'memory',
        test,
        factory: () => new MemoryDriver(),
        only: ['DRV-NULL-001', 'DRV-NULL-002'],
        report: dir,
      })
      driverSuite({
        name: 'cb',
        test,
        factory: () => new MemoryDriver(),
        only: ['DRV-NULL-001'],
        report: (r) => seen.push(r),
      })
      for (const entry of registered) await entry.body?.({})
      const json = JSON.parse(
        await readFile(join(dir, 'drivers', 'memory.json'), 'utf8'),
      ) as DriverConformanceResult
      expect(json.audits.map((a) => a.id)).toEqual(['DRV-NULL-001', 'DRV-NULL-002'])
      expect(json.grade).toBe('conformant')
      expect(await readFile(join(dir, 'drivers', 'memory.md'), 'utf8')).toContain(
        '| DRV-NULL-002 | MUST | pass |',
      )
      expect(seen[0]?.audits.map((a) => a.status)).toEqual(['pass'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('rejects a synchronous factory that throws at registration with CONFIG_INVALID', () => {
    const { test } = fakeRunner()
    expect(() =>
      driverSuite({
        name: 'x',
        test,
        factory: () => {
          throw new Error('boom')
        },
      }),
    ).toThrow('driver factory threw: boom')
  })
})
