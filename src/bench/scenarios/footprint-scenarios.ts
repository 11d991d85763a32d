import { ObjectQLError } from '../../kernel/errors.js'
import { runDriverConformance } from '../../compliance/index.js'
import { MemoryDriver } from '../../drivers/memory/index.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { MeasuredScenario, ScenarioMeasurement, ScenarioSkip } from '../scenario.js'
import { BENCH_OBJECT, benchRecord } from './scenario-fixtures.js'

const RECORDS = 100_000
const CHUNK = 1_000
const MIB = 1024 * 1024

type Gc = () => void

function exposedGc(): Gc | undefined {
  const gc: unknown = (globalThis as { gc?: unknown }).gc
  return typeof gc === 'function' ? (gc as Gc) : undefined
}

/** Collects until the heap stops shrinking, then reads it (one gc can leave weak garbage). */
function settledHeap(gc: Gc): number {
  let previous = Number.POSITIVE_INFINITY
  for (let i = 0; i < 5; i++) {
    gc()
    const used = process.memoryUsage().heapUsed
    if (used >= previous) return used
    previous = used
  }
  return previous
}

const NO_GC: ScenarioSkip = { skip: 'needs node --expose-gc (every bench worker has it)' }

const heapRetained: MeasuredScenario = {
  name: 'footprint/heap-100k-vs-array',
  group: 'footprint',
  kind: 'in-process',
  title: 'memory driver heap, 100k records vs plain array',
  description:
    'Heap retained (heapUsed delta after gc) by a MemoryDriver holding 100,000 records of 10 ' +
    'fields, as a ratio to the same records held as a plain array of objects.',
  target: { max: 1.5, label: 'under 1.5x a plain array (foundation issue)' },
  // Heap deltas are steadier than timings, but a GC heuristic change can still move them.
  threshold: 0.15,
  async measure(): Promise<ScenarioMeasurement | ScenarioSkip> {
    const gc = exposedGc()
    if (gc === undefined) return NO_GC
    const beforeArray = settledHeap(gc)
    let array: DataRecord[] | undefined = Array.from({ length: RECORDS }, (_, i) => benchRecord(i))
    const arrayBytes = settledHeap(gc) - beforeArray
    if (array.length !== RECORDS)
      throw new ObjectQLError('INTERNAL_ERROR', 'the array lost records')
    array = undefined
    const beforeDriver = settledHeap(gc)
    const driver = new MemoryDriver()
    await driver.connect()
    await driver.syncSchema([BENCH_OBJECT])
    for (let start = 0; start < RECORDS; start += CHUNK) {
      const chunk = Array.from({ length: CHUNK }, (_, i) => benchRecord(start + i))
      await driver.bulkCreate(BENCH_OBJECT.name, chunk)
    }
    const driverBytes = settledHeap(gc) - beforeDriver
    // Keep the driver alive past the measurement, and prove it holds what we think.
    const held = await driver.count(BENCH_OBJECT.name, undefined)
    if (held !== RECORDS)
      throw new ObjectQLError('INTERNAL_ERROR', `the driver holds ${held} records, not ${RECORDS}`)
    return {
      value: driverBytes / arrayBytes,
      reference: { value: arrayBytes / MIB, unit: 'MiB (plain array)' },
    }
  },
}

/** A fixed seed, so every process runs the same generated cases. */
const CONFORMANCE_SEED = 20_240_101

const conformanceRss: MeasuredScenario = {
  name: 'footprint/peak-rss-conformance',
  group: 'footprint',
  kind: 'in-process',
  unit: 'MiB',
  title: 'peak RSS of a memory-driver conformance run',
  description:
    'process.resourceUsage().maxRSS of a fresh process after a full memory-driver conformance ' +
    'run (every audit, default generated cases, fixed seed).',
  target: { max: 1024, label: 'under 1 GiB (foundation issue)' },
  async measure() {
    const before = process.memoryUsage().rss
    const result = await runDriverConformance({
      factory: () => new MemoryDriver(),
      seed: CONFORMANCE_SEED,
    })
    if (result.counts.total === 0)
      throw new ObjectQLError('INTERNAL_ERROR', 'the conformance run executed no audits')
    return {
      value: process.resourceUsage().maxRSS / 1024,
      reference: { value: before / MIB, unit: 'MiB (process before the run)' },
    }
  },
}

/** Memory: the driver's heap per record and a conformance run's peak RSS. */
export const FOOTPRINT_SCENARIOS: readonly MeasuredScenario[] = [heapRetained, conformanceRss]

/** URL of this module: bench workers import only the module of the scenario they run. */
export const FOOTPRINT_SCENARIO_MODULE: string = import.meta.url
