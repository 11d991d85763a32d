import { describe, expect, it } from 'vitest'
import { runBench } from './bench-session.js'
import { RESULT_MARKER, parseWorkerOutput, runWorker } from './process-pool.js'
import type { WorkerRequest } from './process-pool.js'
import { TEST_SCENARIOS, TEST_SCENARIO_MODULE } from './process-pool.test-utils.js'

const request = (scenario: string): WorkerRequest => ({
  module: TEST_SCENARIO_MODULE,
  scenario,
  time: 8,
  warmupTime: 2,
  referenceFirst: true,
  slowdown: 1,
})

describe('parseWorkerOutput', () => {
  it('takes the last marked line and ignores other output', () => {
    const reply = { ok: true, outcome: { kind: 'skipped', reason: 'x' } }
    const stdout = `log line\n${RESULT_MARKER}{"ok":false,"code":"A","message":"old"}\nmore\n${RESULT_MARKER}${JSON.stringify(reply)}\n`
    expect(parseWorkerOutput(stdout)).toEqual(reply)
    expect(parseWorkerOutput('nothing marked\n')).toBeUndefined()
  })
})

// Real child processes: slow on a loaded 2-core machine, hence the generous timeouts.
describe('runWorker (real child processes)', { timeout: 120_000 }, () => {
  it('runs a timed scenario in a fresh process and returns its ratio', async () => {
    const outcome = await runWorker(request('test/json'))
    expect(outcome.kind).toBe('measured')
    if (outcome.kind !== 'measured') return
    expect(outcome.value).toBeGreaterThan(0)
    expect(outcome.reference?.unit).toBe('µs')
    expect(outcome.details?.['taskSamples']).toBeGreaterThan(0)
  })

  it('reports a skip with its reason', async () => {
    expect(await runWorker(request('test/skip'))).toEqual({
      kind: 'skipped',
      reason: 'no server here',
    })
  })

  it('fails loudly when the scenario throws, with its code and message', async () => {
    await expect(runWorker(request('test/crash'))).rejects.toThrow(
      /bench test\/crash: DRIVER_UNAVAILABLE: cannot reach the database/,
    )
  })

  it('fails for an unknown scenario', async () => {
    await expect(runWorker(request('test/none'))).rejects.toThrow(/no scenario named 'test\/none'/)
  })

  it('gives measured scenarios --expose-gc', async () => {
    expect(await runWorker(request('test/measured'))).toMatchObject({ kind: 'measured', value: 1 })
  })
})

describe('runBench', { timeout: 240_000 }, () => {
  it('aggregates per-process figures and does not restart a skipping scenario', async () => {
    const events: string[] = []
    const run = await runBench({
      scenarios: TEST_SCENARIOS.filter((s) => s.name !== 'test/crash'),
      module: TEST_SCENARIO_MODULE,
      processes: 2,
      time: 8,
      warmupTime: 2,
      onProgress: (event) => {
        if (event.kind === 'process') events.push(`${event.scenario.name}#${event.index}`)
      },
    })
    expect(events).toEqual([
      'test/json#1',
      'test/skip#1',
      'test/measured#1',
      'test/json#2',
      'test/measured#2',
    ])
    const [json, skip, measuredResult] = run.results
    expect(json).toMatchObject({ status: 'measured', name: 'test/json', unit: 'x' })
    if (json?.status === 'measured') {
      expect(json.processes).toHaveLength(2)
      expect(json.range[0]).toBeLessThanOrEqual(json.value)
      expect(json.range[1]).toBeGreaterThanOrEqual(json.value)
    }
    expect(skip).toMatchObject({ status: 'skipped', reason: 'no server here' })
    expect(measuredResult).toMatchObject({
      status: 'measured',
      unit: 'MiB',
      value: 1,
      reference: { value: 3 },
    })
    expect(run.processes).toBe(2)
  })
})
