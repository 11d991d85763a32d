import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SpecModel, readScenarioArbitrary } from '../../compliance/model/index.js'
import { LocalStorageDriver } from './local-storage-driver.js'
import { MemoryStorage } from './memory-storage.js'

/** Fixed so CI is reproducible; set OBJECTQL_SEED to explore (fast-check prints seed and path). */
const SEED = Number(process.env['OBJECTQL_SEED'] ?? 20_260_101)
const NUM_RUNS = 150

const scenario = readScenarioArbitrary({ filterFreq: 6 })

/** JSON stores -0 as 0; the suite's comparisons treat them as equal too (record-compare.ts). */
function zeroed(value: unknown): unknown {
  if (Object.is(value, -0)) return 0
  if (Array.isArray(value)) return value.map(zeroed)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, zeroed(item)]))
}

async function settle(run: () => unknown): Promise<{ value?: unknown; code?: unknown }> {
  try {
    return { value: zeroed(await run()) }
  } catch (error) {
    return { code: (error as { code?: unknown }).code ?? error }
  }
}

describe('local-storage driver agrees with the spec model after a round trip through storage', () => {
  it(`DRV-PROP-001..005/007 records written by one driver, queried by a new one (seed ${SEED}, ${NUM_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { name } = s.object
        const model = new SpecModel([s.object])
        model.bulkCreate(name, s.records)
        const storage = new MemoryStorage()
        const writer = new LocalStorageDriver({ storage, namespace: 'agree' })
        await writer.connect()
        await writer.syncSchema([s.object])
        for (const record of s.records) await writer.create(name, structuredClone(record))
        await writer.disconnect()
        const driver = new LocalStorageDriver({ storage, namespace: 'agree' })
        await driver.connect()
        await driver.syncSchema([s.object])

        const query = {
          object: name,
          where: s.where,
          orderBy: s.orderBy,
          ...s.page,
          fields: s.fields,
        }
        const aggregate = { object: name, where: s.where, ...s.aggregation }
        const pairs: [string, () => unknown, () => Promise<unknown>][] = [
          ['find', () => model.find(name, query), () => driver.find(name, query)],
          ['count', () => model.count(name, s.where), () => driver.count(name, s.where)],
          [
            'aggregate',
            () => model.aggregate(name, aggregate),
            () => driver.aggregate(name, aggregate),
          ],
        ]
        for (const [label, expected, actual] of pairs) {
          expect(await settle(actual), label).toEqual(await settle(expected))
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    )
  })
})
