import { afterAll, describe, expect, it } from 'vitest'
import {
  RedisTestBed,
  REDIS_URL,
  expectCode,
  idsWhere,
  snapshot,
  suiteTitle,
} from './redis-driver.test-utils.js'

describe.skipIf(REDIS_URL === undefined)(
  suiteTitle('redis driver: bulk operations and concurrent writes'),
  () => {
    const bed = new RedisTestBed('bulk')
    afterAll(() => bed.close())

    it('DRV-BULK-001 bulkCreate creates every record and returns them in input order', async () => {
      const driver = await bed.driver()
      const input = [{ id: 'z', n: 1 }, { n: 2 }, { id: 'a', n: 3 }]
      const created = await driver.bulkCreate('task', input)
      expect(created.map((r) => r.n)).toEqual([1, 2, 3])
      expect(created[0]?.id).toBe('z')
      expect(await driver.count('task', undefined)).toBe(3)
      expect((await driver.find('task', { object: 'task' })).map((r) => r.n)).toEqual([1, 2, 3]) // creation order
    })

    it('DRV-BULK-002 a bulkCreate with one duplicate creates none of the records', async () => {
      const driver = await bed.driver([{ id: 'taken', n: 0 }])
      await expectCode(
        driver.bulkCreate('task', [{ id: 'new1', n: 1 }, { id: 'taken' }, { id: 'new2' }]),
        'DUPLICATE_RECORD',
      )
      await expectCode(
        driver.bulkCreate('task', [{ id: 'new3', n: 3 }, { id: 'new3' }]),
        'DUPLICATE_RECORD',
      )
      expect(await snapshot(driver)).toEqual([{ id: 'taken', n: 0 }])
      expect(await idsWhere(driver, { n: { $gte: 0 } })).toEqual(['taken']) // index untouched
    })

    it('DRV-BULK-003 bulkUpdate updates every record; a missing id updates none', async () => {
      const driver = await bed.driver([
        { id: 'a', n: 1 },
        { id: 'b', n: 2 },
      ])
      await expectCode(
        driver.bulkUpdate('task', [
          { id: 'a', data: { n: 10 } },
          { id: 'ghost', data: { n: 0 } },
        ]),
        'NOT_FOUND',
      )
      expect(await snapshot(driver)).toEqual([
        { id: 'a', n: 1 },
        { id: 'b', n: 2 },
      ])
      const updated = await driver.bulkUpdate('task', [
        { id: 'b', data: { n: 20 } },
        { id: 'a', data: { title: 'x' } },
        { id: 'a', data: { n: 11 } },
      ])
      expect(updated).toEqual([
        { id: 'b', n: 20 },
        { id: 'a', n: 1, title: 'x' },
        { id: 'a', n: 11, title: 'x' },
      ])
      expect(await snapshot(driver)).toEqual([
        { id: 'a', n: 11, title: 'x' },
        { id: 'b', n: 20 },
      ])
      expect(await idsWhere(driver, { n: { $gt: 10 } })).toEqual(['a', 'b'])
    })

    it('DRV-BULK-004 bulkDelete deletes what exists and returns how many', async () => {
      const driver = await bed.driver([{ id: 'a' }, { id: 'b' }, { id: 'c' }])
      expect(await driver.bulkDelete('task', ['a', 'a', 'ghost', 'c'])).toBe(2)
      expect(await snapshot(driver)).toEqual([{ id: 'b' }])
      expect(await driver.bulkDelete('task', [])).toBe(0)
    })

    it('concurrent writes: one create per id wins, concurrent updates lose no field', async () => {
      const driver = await bed.driver()
      const creates = await Promise.allSettled(
        Array.from({ length: 10 }, (_, n) => driver.create('free', { id: 'same', n })),
      )
      expect(creates.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      for (const r of creates)
        if (r.status === 'rejected')
          expect((r.reason as { code: string }).code).toBe('DUPLICATE_RECORD')
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => driver.update('free', 'same', { [`f${i}`]: i })),
      )
      const merged: Record<string, unknown> = (await driver.findOne('free', 'same')) ?? {}
      for (let i = 0; i < 20; i++) expect(merged[`f${i}`]).toBe(i)
    })
  },
)
