import { ObjectQLError } from '../../kernel/errors.js'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
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

/** Heap held by the records as a plain array; the array is garbage once this returns. */
function plainArrayBytes(gc: Gc): number {
  const before = settledHeap(gc)
  const array: DataRecord[] = Array.from({ length: RECORDS }, (_, i) => benchRecord(i))
  const bytes = settledHeap(gc) - before
  // Reading the array after the measurement keeps it alive through it.
  if (array.length !== RECORDS) throw new ObjectQLError('INTERNAL_ERROR', 'the array lost records')
  return bytes
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
    const arrayBytes = plainArrayBytes(gc)
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

const MAXRSS_MARKER = '@@objectql-maxrss-kib@@'

/** Preloaded into the measured process: prints its peak RSS (KiB) when it exits. */
const MAXRSS_PRELOAD =
  'data:text/javascript,' +
  encodeURIComponent(
    `process.on('exit', () => process.stderr.write('\\n${MAXRSS_MARKER}' + process.resourceUsage().maxRSS + '\\n'))`,
  )

/**
 * `objectql conform --driver memory` as users run it (from source through tsx, or the built
 * CLI), in its own process; resolves that process's peak RSS in KiB.
 */
function conformancePeakRss(): Promise<number> {
  const fromSource = import.meta.url.endsWith('.ts')
  const cli = fileURLToPath(
    new URL(`../../cli/objectql-cli.${fromSource ? 'ts' : 'js'}`, import.meta.url),
  )
  const loader = fromSource
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
    : []
  const args = [...loader, '--import', MAXRSS_PRELOAD, cli, 'conform', '--driver', 'memory']
  args.push('--no-report', '--seed', String(CONFORMANCE_SEED))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      const kib = Number(new RegExp(`${MAXRSS_MARKER}(\\d+)`).exec(stderr)?.[1])
      // Exit 1 means a MUST audit failed: the run completed and its RSS is real. Anything else
      // means it did not run to the end, and a peak of half a run is no figure.
      if ((code === 0 || code === 1) && kib > 0) resolve(kib)
      else {
        reject(
          new ObjectQLError(
            'INTERNAL_ERROR',
            `the conformance run ended with exit code ${String(code)}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`,
          ),
        )
      }
    })
  })
}

const conformanceRss: MeasuredScenario = {
  name: 'footprint/peak-rss-conformance',
  group: 'footprint',
  kind: 'in-process',
  unit: 'MiB',
  title: 'peak RSS of a memory-driver conformance run',
  description:
    'Peak RSS (process.resourceUsage().maxRSS) of `objectql conform --driver memory` in its own ' +
    'process: every audit, default generated cases, fixed seed (from source this includes tsx).',
  target: { max: 1024, label: 'under 1 GiB (foundation issue)' },
  async measure() {
    return { value: (await conformancePeakRss()) / 1024 }
  },
}

/** Memory: the driver's heap per record and a conformance run's peak RSS. */
export const FOOTPRINT_SCENARIOS: readonly MeasuredScenario[] = [heapRetained, conformanceRss]

/** URL of this module: bench workers import only the module of the scenario they run. */
export const FOOTPRINT_SCENARIO_MODULE: string = import.meta.url
