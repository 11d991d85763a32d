import { MemoryDriver } from '../../drivers/memory/index.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import { normalizeQuery } from '../../kernel/spec/query-normalizer.js'
import type { TimedScenario } from '../scenario.js'
import { BENCH_OBJECT, benchRecord, benchRecords, cycle } from './scenario-fixtures.js'

const OBJECT = BENCH_OBJECT.name
const RECORDS = 10_000

/**
 * The reference store: a Map with copy-in/copy-out behind the same async interface, i.e. the
 * least a correct in-memory driver must do. The ratio is what everything else costs.
 */
class PlainMapStore {
  readonly #rows = new Map<string, DataRecord>()

  constructor(records: readonly DataRecord[]) {
    for (const record of records) this.#rows.set(record.id, { ...record })
  }

  async create(record: DataRecord): Promise<DataRecord> {
    this.#rows.set(record.id, { ...record })
    return { ...record }
  }

  async update(id: string, data: Record<string, unknown>): Promise<DataRecord | undefined> {
    const current = this.#rows.get(id)
    if (current === undefined) return undefined
    const next = { ...current, ...data }
    this.#rows.set(id, next)
    return { ...next }
  }

  async delete(id: string): Promise<boolean> {
    return this.#rows.delete(id)
  }

  /** status = 'open' and priority >= 2, by score descending then id, page of 20. */
  async findPage(): Promise<DataRecord[]> {
    const rows: DataRecord[] = []
    for (const row of this.#rows.values()) {
      const { status, priority } = row
      if (status === 'open' && typeof priority === 'number' && priority >= 2) rows.push(row)
    }
    rows.sort((a, b) => (b.score as number) - (a.score as number) || (a.id < b.id ? -1 : 1))
    return rows.slice(0, 20).map((row) => ({ ...row }))
  }
}

async function loadedDriver(records: readonly DataRecord[]): Promise<MemoryDriver> {
  const driver = new MemoryDriver()
  await driver.connect()
  await driver.syncSchema([BENCH_OBJECT])
  await driver.bulkCreate(OBJECT, records)
  return driver
}

function crudScenario(
  name: string,
  title: string,
  description: string,
  build: (
    driver: MemoryDriver,
    store: PlainMapStore,
  ) => { task: () => unknown; reference: () => unknown },
): TimedScenario {
  return {
    name: `memory-driver/${name}`,
    group: 'memory-driver',
    kind: 'in-process',
    title,
    description: `${description} Reference: a plain Map with copy-in/copy-out (${RECORDS.toLocaleString('en')} records).`,
    async setup() {
      const records = benchRecords(RECORDS)
      const driver = await loadedDriver(records)
      const store = new PlainMapStore(records)
      return { ...build(driver, store), teardown: () => driver.disconnect() }
    },
  }
}

const createDelete = crudScenario(
  'create-delete',
  'memory driver create + delete vs Map',
  'MemoryDriver.create of a new 10-field record followed by delete of it.',
  (driver, store) => {
    const fresh = benchRecord(RECORDS + 1)
    return {
      task: async () => {
        await driver.create(OBJECT, fresh)
        return driver.delete(OBJECT, fresh.id)
      },
      reference: async () => {
        await store.create(fresh)
        return store.delete(fresh.id)
      },
    }
  },
)

const update = crudScenario(
  'update',
  'memory driver update vs Map',
  'MemoryDriver.update of one field of an existing record (shallow merge, whole record returned).',
  (driver, store) => {
    const ids = benchRecords(1000).map((record) => record.id)
    const nextDriverId = cycle(ids)
    const nextStoreId = cycle(ids)
    let n = 0
    return {
      task: () => driver.update(OBJECT, nextDriverId(), { score: n++ % 100 }),
      reference: () => store.update(nextStoreId(), { score: n++ % 100 }),
    }
  },
)

const findPage = crudScenario(
  'find-page',
  'memory driver filtered, sorted page vs Map',
  'MemoryDriver.find with status = open and priority >= 2, ordered by score desc, limit 20.',
  (driver, store) => {
    const query = normalizeQuery(
      {
        where: { status: 'open', priority: { $gte: 2 } },
        orderBy: [{ field: 'score', order: 'desc' }],
        limit: 20,
      },
      BENCH_OBJECT,
      'find',
    )
    return { task: () => driver.find(OBJECT, query), reference: () => store.findPage() }
  },
)

/** Memory-driver CRUD against the least a correct in-memory store must do. */
export const MEMORY_DRIVER_SCENARIOS: readonly TimedScenario[] = [createDelete, update, findPage]

/** URL of this module: bench workers import only the module of the scenario they run. */
export const MEMORY_DRIVER_SCENARIO_MODULE: string = import.meta.url
