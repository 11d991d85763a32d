import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FilterCondition } from '../../kernel/spec/query-ast.js'
import type { SqlDriver } from './sql-driver.js'
import {
  ITEM_OBJECT,
  SQL_TEST_DIALECTS,
  openDriver,
  removeTempFiles,
} from './sql-dialects.test-utils.js'
import type { OpenedDriver } from './sql-dialects.test-utils.js'
import { compareCodePoints, expectedIds } from './sql-reference-model.test-utils.js'

const SEED = 424242

// Strings that break naive SQL: quotes, backslashes, LIKE wildcards, NUL and other control
// characters, astral characters, injection attempts, and 10 kB values.
const NASTY = [
  "'; DROP TABLE x; --",
  "' OR '1'='1",
  'Robert"); DROP TABLE students;--',
  '\\',
  '\\\\%',
  '%',
  '_',
  '!%_[]^$.*',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u0001',
  '😀',
  'e\u0301',
  '',
  ' ',
  'x ',
  '`tick`',
  '$1 ?',
] as const

const tricky = fc.string({
  unit: fc.constantFrom(
    '%',
    '_',
    '\\',
    "'",
    '"',
    '\u0000',
    '\u0001',
    '\u0002',
    '😀',
    'a',
    'A',
    ' ',
    '!',
    '[',
    '?',
    '$',
  ),
  maxLength: 12,
})

const adversarial: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY), weight: 3 },
  { arbitrary: tricky, weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 10_000, maxLength: 10_000 }), weight: 1 },
)

// Ids must fit every dialect's index (see MAX_ID_LENGTH); values may be any length.
const adversarialId = adversarial.filter((id) => id.length <= 200)

const SENTINELS: readonly Record<string, unknown>[] = NASTY.map((title, i) => ({
  id: `sentinel-${i}`,
  title,
  qty: i,
}))

for (const dialect of SQL_TEST_DIALECTS) {
  describe.skipIf(dialect.skip)(`${dialect.title}: adversarial strings (seed ${SEED})`, () => {
    let opened: OpenedDriver
    let driver: SqlDriver
    const sentinelIds = new Set(SENTINELS.map((s) => s['id']))
    const ids = async (where: FilterCondition): Promise<string[]> =>
      (await driver.find('item', { object: 'item', where }))
        .map((r) => r.id)
        .sort(compareCodePoints)
    const sentinelsUnchanged = async (): Promise<void> => {
      const rows = await driver.find('item', {
        object: 'item',
        where: { qty: { $null: false } },
        fields: ['title', 'qty'],
        orderBy: [{ field: 'qty', order: 'asc' }],
      })
      expect(rows).toEqual(SENTINELS)
    }

    beforeAll(async () => {
      opened = await openDriver(dialect, 'adv', [ITEM_OBJECT])
      driver = opened.driver
      await driver.bulkCreate('item', SENTINELS)
    })

    afterAll(async () => {
      await opened.close()
      removeTempFiles()
    })

    it('DRV-STR-004 / DRV-ID-003 values and ids round-trip literally and touch no other row', async () => {
      await fc.assert(
        fc.asyncProperty(adversarialId, adversarial, adversarial, async (id, title, next) => {
          fc.pre(!sentinelIds.has(id))
          const created = await driver.create('item', { id, title })
          expect(created).toEqual({ id, title })
          expect(await driver.findOne('item', id)).toEqual({ id, title })
          expect(await ids({ id: { $eq: id } })).toEqual([id])
          expect(await driver.update('item', id, { title: next })).toEqual({ id, title: next })
          expect((await driver.findOne('item', id))?.['title']).toBe(next)
          expect(await driver.delete('item', id)).toBe(true)
          expect(await driver.findOne('item', id)).toBeNull()
          await sentinelsUnchanged()
        }),
        { seed: SEED, numRuns: 60 },
      )
    })

    it('DRV-STR-001..003 adversarial filter operands match exactly what the spec says', async () => {
      const rows = [...SENTINELS]
      const operators = [
        '$eq',
        '$ne',
        '$gt',
        '$lte',
        '$contains',
        '$notContains',
        '$startsWith',
        '$endsWith',
      ]
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...operators), adversarial, async (op, operand) => {
          const where = { title: { [op]: operand } }
          expect(await ids(where)).toEqual(expectedIds(rows, where))
        }),
        { seed: SEED, numRuns: 120 },
      )
      await sentinelsUnchanged()
    })

    it('adversarial ids in $in lists and bulk writes address only their own rows', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(adversarialId, { minLength: 1, maxLength: 6 }),
          async (batch) => {
            fc.pre(batch.every((id) => !sentinelIds.has(id)))
            const created = batch.map((id) => ({ id, title: id }))
            await driver.bulkCreate('item', created)
            expect(await ids({ id: { $in: batch } })).toEqual([...batch].sort(compareCodePoints))
            const byTitle = { title: { $in: batch } }
            expect(await ids(byTitle)).toEqual(expectedIds([...SENTINELS, ...created], byTitle))
            expect(await driver.bulkDelete('item', batch)).toBe(batch.length)
            await sentinelsUnchanged()
          },
        ),
        { seed: SEED, numRuns: 30 },
      )
    })
  })
}
