import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { objectConfigArbitrary, recordsArbitrary } from '../../compliance/model/index.js'
import { openDriver, reopen, tempWorkbook } from './excel-driver.test-utils.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'

const SEED = Number(process.env['OBJECTQL_SEED'] ?? 20_260_101)

/** Null fields come back absent (DRV-TYPE-006); everything else must be equal. */
function withoutNulls(record: DataRecord): DataRecord {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null)) as DataRecord
}

describe('excel driver: generated records survive a save and a restart (property, seeded)', () => {
  it('DRV-PROP-005 DRV-TYPE-001..006 records of generated objects read back equal from the file', async () => {
    const cases = objectConfigArbitrary().chain((object) =>
      fc.tuple(fc.constant(object), recordsArbitrary(object, 8)),
    )
    await fc.assert(
      fc.asyncProperty(cases, async ([object, records]) => {
        const driver = await openDriver(await tempWorkbook(), [object])
        await driver.bulkCreate(object.name, structuredClone(records))
        const restarted = await reopen(driver, [object])
        const stored = await restarted.find(object.name, {
          object: object.name,
          orderBy: [{ field: 'id', order: 'asc' }],
        })
        await restarted.disconnect()
        const byId = (a: DataRecord, b: DataRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
        expect(stored.sort(byId)).toEqual(records.map(withoutNulls).sort(byId))
      }),
      { seed: SEED, numRuns: 25 },
    )
  }, 120_000)

  it('DRV-STR-004 any string, control characters and lone surrogates included, reads back unchanged', async () => {
    const object = { name: 'strings', fields: { s: { type: 'text' as const } } }
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 8 }),
        async (values) => {
          const driver = await openDriver(await tempWorkbook(), [object])
          const records = values.map((s, i) => ({ id: `r${String(i).padStart(2, '0')}`, s }))
          await driver.bulkCreate('strings', records)
          const restarted = await reopen(driver, [object])
          expect(
            await restarted.find('strings', {
              object: 'strings',
              orderBy: [{ field: 'id', order: 'asc' }],
            }),
          ).toEqual(records)
          await restarted.disconnect()
        },
      ),
      { seed: SEED, numRuns: 15 },
    )
  }, 120_000)

  it('DRV-TYPE-004 any JSON value in a json field reads back unchanged (-0 as 0)', async () => {
    const object = { name: 'docs', fields: { meta: { type: 'json' as const } } }
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 6 }), async (values) => {
        const driver = await openDriver(await tempWorkbook(), [object])
        const records = values.map((meta, i) => ({ id: `r${String(i).padStart(2, '0')}`, meta }))
        await driver.bulkCreate('docs', structuredClone(records))
        const restarted = await reopen(driver, [object])
        const stored = await restarted.find('docs', {
          object: 'docs',
          orderBy: [{ field: 'id', order: 'asc' }],
        })
        await restarted.disconnect()
        // A top-level null is an empty cell (absent); JSON has no -0.
        const expected = records.map((r) =>
          withoutNulls(JSON.parse(JSON.stringify(r)) as DataRecord),
        )
        expect(stored).toEqual(expected)
      }),
      { seed: SEED, numRuns: 15 },
    )
  }, 120_000)
})
