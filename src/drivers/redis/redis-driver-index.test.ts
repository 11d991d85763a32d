import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisTestBed, REDIS_URL, idsWhere, suiteTitle } from './redis-driver.test-utils.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'

const PLAIN: ObjectConfig = {
  name: 'task',
  fields: { n: { type: 'number' }, m: { type: 'number' }, title: { type: 'text' } },
}
const INDEXED: ObjectConfig = {
  ...PLAIN,
  fields: { ...PLAIN.fields, n: { type: 'number', index: true } },
}
const BOTH: ObjectConfig = { ...INDEXED, indexes: [{ fields: ['m'] }, { fields: ['title'] }] }
const RECORDS = [
  { id: 'a', n: 3, m: 30, title: 'x' },
  { id: 'b', n: -1.5, m: 1 },
  { id: 'c', n: null, title: 'y' },
  { id: 'd', n: 3 },
]

describe.skipIf(REDIS_URL === undefined)(
  suiteTitle('redis driver: numeric sorted-set indexes'),
  () => {
    const bed = new RedisTestBed('index')
    let raw: Redis
    beforeAll(() => {
      raw = new Redis(REDIS_URL as string)
    })
    afterAll(async () => {
      await raw.quit()
      await bed.close()
    })

    const entries = async (prefix: string, field: string): Promise<string[]> =>
      raw.zrange(`${prefix}::task:idx:${field}`, 0, '-1', 'WITHSCORES')

    it('keeps one entry per numeric value, maintained by every write', async () => {
      const driver = await bed.driver(RECORDS, [INDEXED])
      const prefix = driver.keyPrefix
      expect(await entries(prefix, 'n')).toEqual(['b', '-1.5', 'a', '3', 'd', '3'])
      expect(await raw.exists(`${prefix}::task:idx:m`)).toBe(0)
      await driver.update('task', 'a', { n: 7 })
      await driver.update('task', 'd', { n: 'three' }) // not a number: leaves the index
      await driver.delete('task', 'b')
      await driver.create('task', { id: 'e', n: 0 })
      expect(await entries(prefix, 'n')).toEqual(['e', '0', 'a', '7'])
      expect(await idsWhere(driver, { n: { $gte: 0 } })).toEqual(['a', 'e'])
    })

    it('builds indexes for existing data on syncSchema, and drops them when no longer declared', async () => {
      const driver = await bed.driver(RECORDS, [PLAIN])
      const prefix = driver.keyPrefix
      expect(await raw.exists(`${prefix}::task:idxdef`)).toBe(0)
      await driver.syncSchema([BOTH]) // n by `index: true`, m as first field of an index, title is no number
      expect(await raw.get(`${prefix}::task:idxdef`)).toBe('["m","n"]')
      expect(await entries(prefix, 'm')).toEqual(['b', '1', 'a', '30'])
      expect(await entries(prefix, 'n')).toEqual(['b', '-1.5', 'a', '3', 'd', '3'])
      expect(await idsWhere(driver, { $and: [{ m: { $gt: 1 } }, { n: { $eq: 3 } }] })).toEqual([
        'a',
      ])
      await driver.syncSchema([PLAIN])
      expect(
        await raw.exists(
          `${prefix}::task:idxdef`,
          `${prefix}::task:idx:m`,
          `${prefix}::task:idx:n`,
        ),
      ).toBe(0)
      expect(await idsWhere(driver, { n: { $eq: 3 } })).toEqual(['a', 'd'])
    })

    it('objects synced before connect() get their indexes when it connects', async () => {
      const driver = bed.make()
      await driver.syncSchema([INDEXED])
      await driver.connect()
      await driver.bulkCreate('task', RECORDS)
      expect(await entries(driver.keyPrefix, 'n')).toHaveLength(6)
    })

    it('a driver whose index definition went stale follows the one in Redis', async () => {
      const first = await bed.driver(RECORDS, [INDEXED])
      const second = bed.make({ keyPrefix: first.keyPrefix })
      await second.connect()
      await second.syncSchema([PLAIN]) // drops the index `first` still believes in
      expect(await idsWhere(first, { n: { $gt: 0 } })).toEqual(['a', 'd']) // falls back to a scan
      await first.create('task', { id: 'f', n: 5 }) // writes no entry to a dropped index
      expect(await raw.exists(`${first.keyPrefix}::task:idx:n`)).toBe(0)
      await second.syncSchema([BOTH]) // re-adds n and m, built from the current data
      await first.update('task', 'f', { n: 6, m: 2 })
      expect(await entries(first.keyPrefix, 'n')).toEqual([
        'b',
        '-1.5',
        'a',
        '3',
        'd',
        '3',
        'f',
        '6',
      ])
      expect(await entries(first.keyPrefix, 'm')).toEqual(['b', '1', 'f', '2', 'a', '30'])
      expect(await idsWhere(first, { n: { $gt: 0 } })).toEqual(['a', 'd', 'f'])
      await second.disconnect()
    })
  },
)
