import { describe, expect, it } from 'vitest'
import { ObjectQLError } from '../kernel/errors.js'
import { ROUNDS, measureTimed } from './bench-runner.js'

// Tiny budgets: these tests check behaviour (errors, bookkeeping), never speed.
const FAST = { time: 8, warmupTime: 2 }

describe('measureTimed', () => {
  it('returns the ratio of the pooled p50s with sample counts and batch sizes', async () => {
    let calls = 0
    const result = await measureTimed(
      {
        task: () => {
          calls += 1
          return JSON.stringify({ a: [1, 2, 3] })
        },
        reference: () => JSON.parse('{"a":[1,2,3]}') as unknown,
      },
      FAST,
    )
    expect(result.ratio).toBeGreaterThan(0)
    expect(result.ratio).toBeCloseTo(result.taskP50Us / result.referenceP50Us, 9)
    // tinybench's minimum iterations per round, over every round.
    expect(result.taskSamples).toBeGreaterThanOrEqual(16 * ROUNDS)
    expect(result.taskBatch).toBeGreaterThanOrEqual(1)
    expect(calls).toBeGreaterThanOrEqual(result.taskSamples * result.taskBatch)
  })

  it('measures async operations (awaited inside the timing)', async () => {
    let settled = 0
    const result = await measureTimed(
      {
        task: async () => {
          await Promise.resolve()
          settled += 1
        },
        reference: async () => undefined,
      },
      FAST,
    )
    expect(result.ratio).toBeGreaterThan(0)
    expect(settled).toBeGreaterThan(0)
  })

  it('runs a slowed task the given number of times per call', async () => {
    let task = 0
    let reference = 0
    await measureTimed(
      { task: () => (task += 1), reference: () => (reference += 1) },
      { ...FAST, slowdown: 3 },
    )
    // Calibration and batching differ between the two, but every task call counts three.
    expect(task % 3).toBe(1) // the first, unslowed probe call
    expect(task).toBeGreaterThan(3)
    expect(reference).toBeGreaterThan(0)
  })

  it('fails loudly, with the cause, when the task throws', async () => {
    let n = 0
    const failing = measureTimed(
      {
        task: () => {
          n += 1
          if (n > 50) throw new ObjectQLError('DRIVER_ERROR', 'the backend went away')
        },
        reference: () => undefined,
      },
      FAST,
    )
    await expect(failing).rejects.toMatchObject({ code: 'INTERNAL_ERROR' })
    await expect(failing).rejects.toThrow(/the backend went away/)
  })

  it('fails when the reference rejects', async () => {
    await expect(
      measureTimed({ task: () => 1, reference: () => Promise.reject(new Error('nope')) }, FAST),
    ).rejects.toThrow(/benchmark reference failed: nope/)
  })

  it('rejects a slowdown that is not a positive integer', async () => {
    await expect(
      measureTimed({ task: () => 1, reference: () => 1 }, { ...FAST, slowdown: 1.5 }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
  })
})
