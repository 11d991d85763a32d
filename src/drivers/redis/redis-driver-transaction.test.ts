import { afterAll, describe, expect, it } from 'vitest'
import {
  RedisTestBed,
  REDIS_URL,
  expectCode,
  findTasks,
  snapshot,
  suiteTitle,
} from './redis-driver.test-utils.js'

// In id order, as snapshot() returns records.
const SEED = [
  { id: 'd', n: 2 },
  { id: 'u', n: 1, title: 'before' },
]

describe.skipIf(REDIS_URL === undefined)(suiteTitle('redis driver: transactions (DRV-TX)'), () => {
  const bed = new RedisTestBed('tx')
  afterAll(() => bed.close())

  it('DRV-TX-001 writes made in a transaction are visible after commit, not before', async () => {
    const driver = await bed.driver(SEED)
    const tx = await driver.beginTransaction()
    const options = { transaction: tx }
    await driver.create('task', { id: 'new', n: 5 }, options)
    await driver.update('task', 'u', { title: 'after' }, options)
    await driver.delete('task', 'd', options)
    await driver.bulkCreate('task', [{ id: 'b1', n: 7 }, { id: 'b2' }], options)
    await driver.bulkUpdate('task', [{ id: 'b1', data: { n: 8 } }], options)
    await driver.create('other', { id: 'o1' }, options) // a second object in the same commit
    expect(await snapshot(driver)).toEqual(SEED)
    expect(await driver.count('other', undefined)).toBe(0)
    await driver.commit(tx)
    expect(await snapshot(driver)).toEqual([
      { id: 'b1', n: 8 },
      { id: 'b2' },
      { id: 'new', n: 5 },
      { id: 'u', n: 1, title: 'after' },
    ])
    expect(await driver.findOne('other', 'o1')).toEqual({ id: 'o1' })
    expect((await findTasks(driver, { where: { n: { $gte: 5 } } })).map((r) => r.id)).toEqual([
      'b1',
      'new',
    ])
  })

  it('DRV-TX-002 after rollback none of the transaction writes remain', async () => {
    const driver = await bed.driver(SEED)
    const tx = await driver.beginTransaction()
    const options = { transaction: tx }
    await driver.create('task', { id: 'new' }, options)
    await driver.update('task', 'u', { title: 'after' }, options)
    await driver.bulkDelete('task', ['d', 'u'], options)
    await driver.rollback(tx)
    expect(await snapshot(driver)).toEqual(SEED)
  })

  it('DRV-TX-003 reads inside a transaction see its own writes (find, index plans, count, aggregate)', async () => {
    const driver = await bed.driver(SEED)
    const tx = await driver.beginTransaction()
    const options = { transaction: tx }
    await driver.create('task', { id: 'mine', n: 5 }, options)
    await driver.update('task', 'u', { n: 6 }, options)
    await driver.delete('task', 'd', options)
    expect(await driver.findOne('task', 'mine', undefined, options)).toEqual({ id: 'mine', n: 5 })
    expect(await driver.findOne('task', 'd', undefined, options)).toBeNull()
    const inRange = await driver.find(
      'task',
      { object: 'task', where: { n: { $gte: 5 } }, orderBy: [{ field: 'id', order: 'asc' }] },
      options,
    )
    expect(inRange.map((r) => r.id)).toEqual(['mine', 'u'])
    expect(
      await driver.find('task', { object: 'task', where: { id: { $eq: 'mine' } } }, options),
    ).toHaveLength(1)
    expect(await driver.count('task', undefined, options)).toBe(2)
    expect(await driver.distinct('task', 'n', undefined, options)).toEqual([5, 6])
    expect(
      await driver.aggregate(
        'task',
        { object: 'task', aggregations: [{ function: 'sum', field: 'n', alias: 's' }] },
        options,
      ),
    ).toEqual([{ s: 11 }])
    // A write checks the transaction's view: the created id is taken, the deleted one is gone.
    await expectCode(driver.create('task', { id: 'mine' }, options), 'DUPLICATE_RECORD')
    await expectCode(driver.update('task', 'd', { n: 1 }, options), 'NOT_FOUND')
    expect(await driver.delete('task', 'd', options)).toBe(false)
    await driver.create('task', { id: 'd', n: 9 }, options) // re-created after its delete
    expect(await driver.count('task', undefined)).toBe(2) // outside: nothing yet
    await driver.commit(tx)
    expect(await snapshot(driver)).toEqual([
      { id: 'd', n: 9 },
      { id: 'mine', n: 5 },
      { id: 'u', n: 6, title: 'before' },
    ])
  })

  it('DRV-TX-004 a committed or rolled-back handle fails with TRANSACTION_FAILED', async () => {
    const driver = await bed.driver(SEED)
    const committed = await driver.beginTransaction()
    await driver.commit(committed)
    const rolledBack = await driver.beginTransaction()
    await driver.rollback(rolledBack)
    for (const handle of [committed, rolledBack, { id: 'never-opened' }]) {
      await expectCode(
        driver.create('task', { id: 'late' }, { transaction: handle }),
        'TRANSACTION_FAILED',
      )
      await expectCode(
        driver.find('task', { object: 'task' }, { transaction: handle }),
        'TRANSACTION_FAILED',
      )
      await expectCode(driver.commit(handle), 'TRANSACTION_FAILED')
      await expectCode(driver.rollback(handle), 'TRANSACTION_FAILED')
    }
    expect(await snapshot(driver)).toEqual(SEED)
  })

  it('a commit that no longer holds keeps nothing (all or nothing)', async () => {
    const driver = await bed.driver(SEED)
    const tx = await driver.beginTransaction()
    const options = { transaction: tx }
    await driver.create('task', { id: 'x', n: 3 }, options)
    await driver.delete('task', 'd', options)
    await driver.update('task', 'u', { title: 'tx' }, options)
    await driver.delete('task', 'u') // a concurrent writer removes a record the tx updates
    await expectCode(driver.commit(tx), 'TRANSACTION_FAILED')
    expect(await snapshot(driver)).toEqual([{ id: 'd', n: 2 }])
    expect((await findTasks(driver, { where: { n: { $gte: 0 } } })).map((r) => r.id)).toEqual(['d'])

    const second = await driver.beginTransaction()
    await driver.create('task', { id: 'y' }, { transaction: second })
    await driver.delete('task', 'd', { transaction: second })
    await driver.create('task', { id: 'y', title: 'outside' }) // same id committed meanwhile
    await expectCode(driver.commit(second), 'TRANSACTION_FAILED')
    expect(await snapshot(driver)).toEqual([
      { id: 'd', n: 2 },
      { id: 'y', title: 'outside' },
    ])
  })

  it('a commit replays its updates over concurrent changes to other fields', async () => {
    const driver = await bed.driver(SEED)
    const tx = await driver.beginTransaction()
    await driver.update('task', 'u', { title: 'tx' }, { transaction: tx })
    await driver.update('task', 'u', { n: 42 }) // outside, another field
    await driver.commit(tx)
    expect(await driver.findOne('task', 'u')).toEqual({ id: 'u', n: 42, title: 'tx' })
  })

  it('refuses an unsupported isolation level; disconnect discards open transactions', async () => {
    const driver = await bed.driver(SEED)
    await expectCode(driver.beginTransaction({ isolationLevel: 'serializable' }), 'NOT_SUPPORTED')
    const tx = await driver.beginTransaction({ isolationLevel: 'read_committed' })
    await driver.create('task', { id: 'lost' }, { transaction: tx })
    await driver.disconnect()
    await driver.connect()
    await expectCode(driver.commit(tx), 'TRANSACTION_FAILED')
    expect(await snapshot(driver)).toEqual(SEED)
  })
})
