import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { objectConfigArbitrary, recordsArbitrary } from '../../compliance/model/index.js'
import { openDriver, reopen } from './fs-driver.test-utils.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'

const SEED = Number(process.env['OBJECTQL_SEED'] ?? 20_260_101)

const byId = (a: DataRecord, b: DataRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

describe('fs driver: generated records survive the file and a restart (property, seeded)', () => {
  it('DRV-PROP-005 DRV-TYPE-001..006 records of generated objects read back equal from disk', async () => {
    const cases = objectConfigArbitrary().chain((object) =>
      fc.tuple(fc.constant(object), recordsArbitrary(object, 10)),
    )
    await fc.assert(
      fc.asyncProperty(cases, async ([object, records]) => {
        const driver = await openDriver(undefined, [object])
        await driver.bulkCreate(object.name, structuredClone(records))
        const restarted = await reopen(driver, [object])
        const stored = await restarted.find(object.name, { object: object.name })
        await restarted.disconnect()
        expect(stored.sort(byId)).toEqual([...records].sort(byId))
      }),
      { seed: SEED, numRuns: 50 },
    )
  }, 120_000)

  it('DRV-STR-004 DRV-TYPE-004 any string and any JSON value read back unchanged', async () => {
    const object = {
      name: 'values',
      fields: { s: { type: 'text' as const }, meta: { type: 'json' as const } },
    }
    const row = fc.record({ s: fc.string({ unit: 'binary', maxLength: 12 }), meta: fc.jsonValue() })
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 8 }), async (rows) => {
        const driver = await openDriver(undefined, [object])
        const records = rows.map((r, i) => ({ id: `r${String(i).padStart(2, '0')}`, ...r }))
        await driver.bulkCreate('values', structuredClone(records))
        const restarted = await reopen(driver, [object])
        const stored = await restarted.find('values', { object: 'values' })
        await restarted.disconnect()
        // JSON has no negative zero: the driver stores -0 as 0 (equal by ===), all else exactly.
        expect(stored.sort(byId)).toEqual(JSON.parse(JSON.stringify(records)))
      }),
      { seed: SEED, numRuns: 40 },
    )
  }, 120_000)
})
