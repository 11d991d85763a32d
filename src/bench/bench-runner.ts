import { performance } from 'node:perf_hooks'
import { Bench } from 'tinybench'
import type { FnReturnedObject, Task } from 'tinybench'
import { ObjectQLError, toObjectQLError } from '../kernel/errors.js'
import type { BenchFn, ScenarioSetup } from './scenario.js'
import { median } from './statistics.js'

/** Time budgets of one timed measurement (per task, in ms). */
export interface TimedRunOptions {
  /** Measured time per task; default 500 ms. */
  readonly time?: number
  /** Warm-up time per task (samples discarded); default 200 ms. */
  readonly warmupTime?: number
  /** Which task runs first. Alternating it across processes cancels order effects. */
  readonly referenceFirst?: boolean
  /**
   * Runs the task this many times per call (an integer >= 1). Only the gate self-test uses it:
   * a deliberately slowed task proves the gate catches a real regression.
   */
  readonly slowdown?: number
}

/** One process's timing of a task against its reference. */
export interface TimedMeasurement {
  /** `task p50 / reference p50`: the scenario's figure for this process. */
  readonly ratio: number
  readonly taskP50Us: number
  readonly referenceP50Us: number
  readonly taskSamples: number
  readonly referenceSamples: number
  /** Calls per sample (sub-microsecond operations are batched; p50 is per call). */
  readonly taskBatch: number
  readonly referenceBatch: number
}

/** A batch should last at least this long, so timer resolution and overhead stay below ~1%. */
const TARGET_BATCH_MS = 0.05
const MAX_BATCH = 100_000
const CALIBRATION_MS = 1
const CALIBRATION_ROUNDS = 5

// Results are written here so the optimiser cannot prove a call useless and drop it.
let sink: unknown

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

function slowed(fn: BenchFn, factor: number, isAsync: boolean): BenchFn {
  if (factor === 1) return fn
  return isAsync
    ? async () => {
        for (let i = 1; i < factor; i++) await fn()
        return fn()
      }
    : () => {
        for (let i = 1; i < factor; i++) sink = fn()
        return fn()
      }
}

/** Milliseconds `calls` consecutive calls of `fn` take. */
async function timeCalls(fn: BenchFn, isAsync: boolean, calls: number): Promise<number> {
  const start = performance.now()
  if (isAsync) for (let i = 0; i < calls; i++) await fn()
  else for (let i = 0; i < calls; i++) sink = fn()
  return performance.now() - start
}

/**
 * Calls per batch so that one batch takes about {@link TARGET_BATCH_MS}. The per-call cost is
 * the minimum over several rounds: a GC pause or a JIT compile inside one round would otherwise
 * inflate the estimate and give batches too short for the timer.
 */
async function calibrate(fn: BenchFn, isAsync: boolean): Promise<number> {
  let calls = 1
  let elapsed = await timeCalls(fn, isAsync, calls)
  while (elapsed < CALIBRATION_MS && calls < MAX_BATCH) {
    calls *= 2
    elapsed = await timeCalls(fn, isAsync, calls)
  }
  let perCall = elapsed / calls
  for (let round = 0; round < CALIBRATION_ROUNDS; round++) {
    perCall = Math.min(perCall, (await timeCalls(fn, isAsync, calls)) / calls)
  }
  return Math.min(MAX_BATCH, Math.max(1, Math.ceil(TARGET_BATCH_MS / Math.max(perCall, 1e-6))))
}

/**
 * Wraps `fn` so one tinybench sample is a batch of `batch` calls, reported per call through
 * `overriddenDuration` (tinybench 6.2) while the time budget is charged the whole batch.
 */
function batched(fn: BenchFn, batch: number, isAsync: boolean): () => unknown {
  if (isAsync) {
    return async (): Promise<FnReturnedObject> => {
      const start = performance.now()
      for (let i = 0; i < batch; i++) await fn()
      const elapsed = performance.now() - start
      return { overriddenDuration: elapsed / batch, overriddenIterationCost: elapsed }
    }
  }
  return (): FnReturnedObject => {
    const start = performance.now()
    for (let i = 0; i < batch; i++) sink = fn()
    const elapsed = performance.now() - start
    return { overriddenDuration: elapsed / batch, overriddenIterationCost: elapsed }
  }
}

interface Prepared {
  readonly name: 'task' | 'reference'
  readonly fn: () => unknown
  readonly isAsync: boolean
  readonly batch: number
}

async function prepare(name: 'task' | 'reference', raw: BenchFn, slowdown = 1): Promise<Prepared> {
  let first: unknown
  try {
    first = raw()
    if (isThenable(first)) sink = await first
  } catch (error) {
    throw wrapTaskError(name, error)
  }
  const isAsync = isThenable(first)
  const fn = slowed(raw, slowdown, isAsync)
  const batch = await calibrate(fn, isAsync).catch((error: unknown) => {
    throw wrapTaskError(name, error)
  })
  return { name, fn: batched(fn, batch, isAsync), isAsync, batch }
}

function collectGarbage(): void {
  const gc: unknown = (globalThis as { gc?: unknown }).gc
  if (typeof gc === 'function') (gc as () => void)()
}

function wrapTaskError(name: string, error: unknown): ObjectQLError {
  const cause = toObjectQLError(error)
  return new ObjectQLError('INTERNAL_ERROR', `benchmark ${name} failed: ${cause.message}`, {
    cause: error,
    details: { task: name, code: cause.code },
  })
}

/** The retained samples (ms per call) of a finished task; any state but `completed` throws. */
function samplesOf(task: Task): readonly number[] {
  const result = task.result
  if (result.state === 'completed') {
    const samples = result.latency.samples
    if (samples === undefined || samples.length === 0) {
      throw new ObjectQLError('INTERNAL_ERROR', `benchmark ${task.name} retained no samples`)
    }
    return samples
  }
  const cause = result.state === 'errored' ? result.error : undefined
  throw new ObjectQLError(
    'INTERNAL_ERROR',
    `benchmark ${task.name} ended in state '${result.state}'` +
      (cause === undefined ? '' : `: ${cause.message}`),
    { cause, details: { task: task.name, state: result.state } },
  )
}

/** Rounds of interleaved measurement per process (see measureTimed). */
export const ROUNDS = 4

/**
 * Times a scenario's task against its reference in this process with tinybench 6 (samples
 * retained, `throws: true`, `async` set explicitly), and returns the ratio of their p50s.
 *
 * tinybench runs a bench's tasks one after the other, so a neighbour that grabs the CPU during
 * one task's phase would skew the ratio. The budget is therefore split into {@link ROUNDS}
 * rounds that alternate the order (reference, task, task, reference, ...), and each p50 is taken
 * over the pooled samples of all rounds: slow drift hits both sides alike.
 *
 * @throws ObjectQLError `INTERNAL_ERROR` when a task throws or ends in any state other than
 *   `completed` (the original error is the `cause`).
 */
export async function measureTimed(
  setup: ScenarioSetup,
  options: TimedRunOptions = {},
): Promise<TimedMeasurement> {
  const slowdown = options.slowdown ?? 1
  if (!Number.isInteger(slowdown) || slowdown < 1) {
    throw new ObjectQLError('CONFIG_INVALID', `slowdown must be an integer >= 1, got ${slowdown}`)
  }
  // Setup garbage (100,000 registrations, seeded stores) must not be collected mid-measurement.
  collectGarbage()
  const reference = await prepare('reference', setup.reference)
  const task = await prepare('task', setup.task, slowdown)
  const pooled = { task: [] as number[], reference: [] as number[] }
  const roundTime = Math.max(1, Math.round((options.time ?? 500) / ROUNDS))
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({
      time: roundTime,
      iterations: 16,
      warmup: round === 0,
      warmupTime: options.warmupTime ?? 200,
      warmupIterations: 8,
      retainSamples: true,
      throws: true,
    })
    const referenceFirst = (options.referenceFirst !== false) === (round % 2 === 0)
    for (const entry of referenceFirst ? [reference, task] : [task, reference]) {
      bench.add(entry.name, entry.fn, { async: entry.isAsync })
    }
    try {
      await bench.run()
    } catch (error) {
      throw wrapTaskError('run', error)
    }
    for (const entry of [task, reference]) {
      const found = bench.getTask(entry.name)
      if (found === undefined)
        throw new ObjectQLError('INTERNAL_ERROR', `task ${entry.name} vanished`)
      pooled[entry.name].push(...samplesOf(found))
    }
  }
  const taskP50 = median(pooled.task)
  const referenceP50 = median(pooled.reference)
  if (!(referenceP50 > 0)) {
    throw new ObjectQLError(
      'INTERNAL_ERROR',
      'the reference p50 is 0: the timer cannot resolve it (batching failed)',
    )
  }
  void sink
  return {
    ratio: taskP50 / referenceP50,
    taskP50Us: taskP50 * 1000,
    referenceP50Us: referenceP50 * 1000,
    taskSamples: pooled.task.length,
    referenceSamples: pooled.reference.length,
    taskBatch: task.batch,
    referenceBatch: reference.batch,
  }
}
