import { describe, expect, it } from 'vitest'
import { isObjectQLError } from '../../kernel/errors.js'
import { MemoryDriver } from './memory-driver.js'
import { TASK, expectCode, findTasks, snapshot, taskDriver } from './memory-driver.test-utils.js'
import type { Driver } from '../../kernel/driver/driver.js'

describe('memory driver: lifecycle (DRV-LIFE) and errors (DRV-ERR)', () => {
  it('DRV-LIFE-001 after connect, checkHealth resolves true', async () => {
    const driver = new MemoryDriver()
    expect(await driver.checkHealth()).toBe(false)
    await driver.connect()
    expect(await driver.checkHealth()).toBe(true)
  })

  it('DRV-LIFE-002 after disconnect every data operation fails with DRIVER_NOT_CONNECTED', async () => {
    const driver = await taskDriver([{ id: 'a' }])
    await driver.disconnect()
    expect(await driver.checkHealth()).toBe(false)
    const q = { object: 'task' }
    const calls: Promise<unknown>[] = [
      driver.find('task', q),
      driver.findOne('task', 'a'),
      driver.count('task', undefined),
      driver.create('task', {}),
      driver.update('task', 'a', {}),
      driver.delete('task', 'a'),
      driver.bulkCreate('task', [{}]),
      driver.bulkUpdate('task', [{ id: 'a', data: {} }]),
      driver.bulkDelete('task', ['a']),
      driver.aggregate('task', { object: 'task', groupBy: ['title'] }),
      driver.distinct('task', 'title'),
      driver.beginTransaction(),
      driver.introspectSchema(),
      driver.executeQuery(q),
    ]
    for (const call of calls) await expectCode(call, 'DRIVER_NOT_CONNECTED')
    const command = await driver.executeCommand({ type: 'create', object: 'task', data: {} })
    expect(command).toMatchObject({ success: false, code: 'DRIVER_NOT_CONNECTED' })
    await driver.connect() // data survives a reconnect
    expect(await snapshot(driver)).toEqual([{ id: 'a' }])
  })

  it('refuses use before connect', async () => {
    await expectCode(new MemoryDriver().find('task', { object: 'task' }), 'DRIVER_NOT_CONNECTED')
  })

  it('DRV-ERR-001 every error is an ObjectQLError with a catalog code', async () => {
    const driver = await taskDriver([{ id: 'a' }])
    const failures: Promise<unknown>[] = [
      driver.find('task', { object: 'task', where: { title: { $foo: 1 } } }),
      driver.find('task', { object: 'task', limit: -1 }),
      driver.create('task', null as unknown as Record<string, unknown>),
      driver.create('task', { id: 'a' }),
      driver.update('task', 'zz', {}),
      driver.bulkCreate('task', 'nope' as unknown as []),
      driver.commit({ id: 'bogus' }),
      driver.beginTransaction({ isolationLevel: 'serializable' }),
    ]
    for (const failure of failures) {
      const error = await failure.then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(isObjectQLError(error)).toBe(true)
    }
  })
})

describe('memory driver: transactions (DRV-TX)', () => {
  it('DRV-TX-001 writes made in a transaction are visible after commit', async () => {
    const driver = await taskDriver([{ id: 'u', n: 1 }, { id: 'd' }])
    const tx = await driver.beginTransaction()
    await driver.create('task', { id: 'new', n: 5 }, { transaction: tx })
    await driver.update('task', 'u', { n: 2 }, { transaction: tx })
    await driver.delete('task', 'd', { transaction: tx })
    await driver.bulkCreate('task', [{ id: 'b1' }, { id: 'b2' }], { transaction: tx })
    expect(await snapshot(driver)).toEqual([{ id: 'd' }, { id: 'u', n: 1 }]) // not before commit
    await driver.commit(tx)
    expect(await snapshot(driver)).toEqual([
      { id: 'b1' },
      { id: 'b2' },
      { id: 'new', n: 5 },
      { id: 'u', n: 2 },
    ])
  })

  it('DRV-TX-002 after rollback none of the transaction writes remain', async () => {
    const driver = await taskDriver([{ id: 'u', n: 1 }])
    const tx = await driver.beginTransaction()
    await driver.create('task', { id: 'new' }, { transaction: tx })
    await driver.update('task', 'u', { n: 9 }, { transaction: tx })
    await driver.delete('task', 'u', { transaction: tx })
    await driver.rollback(tx)
    expect(await snapshot(driver)).toEqual([{ id: 'u', n: 1 }])
  })

  it('DRV-TX-003 reads inside a transaction see its own uncommitted writes', async () => {
    const driver = await taskDriver([
      { id: 'u', n: 1 },
      { id: 'gone', n: 3 },
    ])
    const tx = await driver.beginTransaction()
    const options = { transaction: tx }
    await driver.create('task', { id: 'new', n: 2 }, options)
    await driver.update('task', 'u', { n: 10 }, options)
    await driver.delete('task', 'gone', options)
    expect(
      await driver.find(
        'task',
        { object: 'task', orderBy: [{ field: 'n', order: 'asc' }] },
        options,
      ),
    ).toEqual([
      { id: 'new', n: 2 },
      { id: 'u', n: 10 },
    ])
    expect(await driver.count('task', { n: { $gt: 1 } }, options)).toBe(2)
    expect(await driver.findOne('task', 'gone', undefined, options)).toBeNull()
    expect(
      await driver.aggregate(
        'task',
        { object: 'task', aggregations: [{ function: 'sum', field: 'n', alias: 's' }] },
        options,
      ),
    ).toEqual([{ s: 12 }])
    await driver.rollback(tx)
  })

  it('DRV-TX-004 a committed or rolled-back handle fails with TRANSACTION_FAILED', async () => {
    const driver = await taskDriver()
    const committed = await driver.beginTransaction()
    await driver.commit(committed)
    const rolledBack = await driver.beginTransaction()
    await driver.rollback(rolledBack)
    for (const tx of [committed, rolledBack]) {
      await expectCode(
        driver.create('task', { id: 'x' }, { transaction: tx }),
        'TRANSACTION_FAILED',
      )
      await expectCode(
        driver.find('task', { object: 'task' }, { transaction: tx }),
        'TRANSACTION_FAILED',
      )
      await expectCode(driver.commit(tx), 'TRANSACTION_FAILED')
      await expectCode(driver.rollback(tx), 'TRANSACTION_FAILED')
    }
    expect(await snapshot(driver)).toEqual([])
  })

  it('a commit that conflicts with a concurrent write keeps nothing', async () => {
    const driver = await taskDriver([{ id: 'u', n: 1 }])
    const tx = await driver.beginTransaction()
    await driver.create('task', { id: 'a' }, { transaction: tx })
    await driver.create('task', { id: 'same' }, { transaction: tx })
    await driver.create('task', { id: 'same', n: 0 }) // committed outside meanwhile
    const error = await expectCode(driver.commit(tx), 'TRANSACTION_FAILED')
    expect((error as Error).cause).toMatchObject({ code: 'DUPLICATE_RECORD' })
    expect(await snapshot(driver)).toEqual([
      { id: 'same', n: 0 },
      { id: 'u', n: 1 },
    ])
    await expectCode(driver.rollback(tx), 'TRANSACTION_FAILED')
  })

  it('a failed write inside a transaction leaves the transaction usable and unchanged', async () => {
    const driver = await taskDriver([{ id: 'a' }])
    const tx = await driver.beginTransaction()
    await driver.create('task', { id: 'b' }, { transaction: tx })
    await expectCode(
      driver.bulkCreate('task', [{ id: 'c' }, { id: 'a' }], { transaction: tx }),
      'DUPLICATE_RECORD',
    )
    await driver.commit(tx)
    expect(await snapshot(driver)).toEqual([{ id: 'a' }, { id: 'b' }])
  })

  it('disconnect discards open transactions', async () => {
    const driver = await taskDriver()
    const tx = await driver.beginTransaction()
    await driver.create('task', { id: 'x' }, { transaction: tx })
    await driver.disconnect()
    await driver.connect()
    await expectCode(driver.commit(tx), 'TRANSACTION_FAILED')
    expect(await snapshot(driver)).toEqual([])
  })
})

describe('memory driver: schema, commands and configuration', () => {
  it('declares honest capabilities and satisfies the Driver interface', async () => {
    const driver: Driver = await taskDriver()
    expect(driver.capabilities).toMatchObject({
      transactions: true,
      bulkCreate: true,
      joins: false,
      fullTextSearch: false,
    })
    expect(driver.capabilities.isolationLevels).toEqual(['read_committed'])
    await expectCode(
      driver.find('task', { object: 'task', search: { query: 'x' } }),
      'NOT_SUPPORTED',
    )
  })

  it('is schemaless until an object is synced, then strict about fields', async () => {
    const driver = new MemoryDriver({
      initialData: { note: [{ id: 'n1', anything: 1 }, { body: 'x' }] },
    })
    await driver.connect()
    expect(await driver.count('note', { anything: { $eq: 1 } })).toBe(1)
    await driver.syncSchema([TASK])
    expect(await driver.count('note', { whatever: { $null: true } })).toBe(2) // note is not synced
    await expectCode(driver.count('task', { whatever: { $null: true } }), 'INVALID_FIELD')
    expect(await driver.count('task', { created_at: { $null: true } })).toBe(0) // system fields allowed
  })

  it('introspects synced objects and stored data', async () => {
    const driver = new MemoryDriver({ initialData: { note: [{ id: 'n1', body: 'x', size: 2 }] } })
    await driver.connect()
    await driver.syncSchema([
      { name: 'doc', fields: { owner: { type: 'lookup', reference: 'user', required: true } } },
    ])
    const { tables } = await driver.introspectSchema()
    expect(tables['doc']?.columns.map((c) => c.name)).toEqual([
      'id',
      'owner',
      'created_at',
      'updated_at',
    ])
    expect(tables['doc']?.foreignKeys).toEqual([
      { columnName: 'owner', referencedTable: 'user', referencedColumn: 'id' },
    ])
    expect(tables['note']?.columns).toContainEqual({ name: 'size', type: 'number', nullable: true })
  })

  it('loads initialData with the create rules and rejects duplicates', () => {
    expect(() => new MemoryDriver({ initialData: { t: [{ id: 'a' }, { id: 'a' }] } })).toThrow(
      /already exists/,
    )
  })

  it('executeQuery and executeCommand run on the same contract', async () => {
    const driver = await taskDriver([{ id: 'a', n: 1 }])
    expect(await driver.executeQuery({ object: 'task', where: { n: { $eq: 1 } } })).toEqual({
      value: [{ id: 'a', n: 1 }],
      count: 1,
    })
    expect(
      await driver.executeCommand({ type: 'update', object: 'task', id: 'a', data: { n: 2 } }),
    ).toEqual({
      success: true,
      data: { id: 'a', n: 2 },
      affected: 1,
    })
    const duplicate = await driver.executeCommand({
      type: 'create',
      object: 'task',
      data: { id: 'a' },
    })
    expect(duplicate).toMatchObject({ success: false, code: 'DUPLICATE_RECORD', affected: 0 })
    expect(await findTasks(driver)).toEqual([{ id: 'a', n: 2 }])
  })
})
