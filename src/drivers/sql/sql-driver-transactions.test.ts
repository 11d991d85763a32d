import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import type { ErrorCode } from '../../kernel/errors.js'
import type { SqlDriver } from './sql-driver.js'
import {
  ITEM_OBJECT,
  SQL_TEST_DIALECTS,
  openDriver,
  removeTempFiles,
} from './sql-dialects.test-utils.js'
import type { OpenedDriver } from './sql-dialects.test-utils.js'

const isCode = (code: ErrorCode) => (error: unknown) => hasErrorCode(error, code)

for (const dialect of SQL_TEST_DIALECTS) {
  describe.skipIf(dialect.skip)(`${dialect.title}: transactions`, () => {
    let opened: OpenedDriver
    let driver: SqlDriver
    const ids = async (): Promise<string[]> =>
      (await driver.find('item', { object: 'item', orderBy: [{ field: 'id', order: 'asc' }] })).map(
        (r) => r.id,
      )

    beforeAll(async () => {
      // A short busy timeout: SQLite callers outside a transaction give up quickly.
      opened = await openDriver(dialect, 'trx', [ITEM_OBJECT], { busyTimeoutMs: 300 })
      driver = opened.driver
    })

    beforeEach(async () => {
      await driver.bulkDelete('item', await ids())
    })

    afterAll(async () => {
      await opened.close()
      removeTempFiles()
    })

    it('declares transactions, savepoints and its isolation levels', () => {
      expect(driver.capabilities.transactions).toBe(true)
      expect(driver.capabilities.savepoints).toBe(true)
      expect(driver.capabilities.isolationLevels.length).toBeGreaterThan(0)
    })

    it('DRV-TX-001 writes are visible after commit; DRV-TX-003 reads see own writes', async () => {
      const tx = await driver.beginTransaction()
      await driver.create('item', { id: 't1', qty: 1 }, { transaction: tx })
      await driver.update('item', 't1', { qty: 2 }, { transaction: tx })
      expect((await driver.findOne('item', 't1', undefined, { transaction: tx }))?.['qty']).toBe(2)
      expect(await driver.count('item', undefined, { transaction: tx })).toBe(1)
      await driver.commit(tx)
      expect(await ids()).toEqual(['t1'])
    })

    it('DRV-TX-002 nothing of a rolled-back transaction remains', async () => {
      await driver.create('item', { id: 'keep', qty: 1 })
      const tx = await driver.beginTransaction()
      await driver.create('item', { id: 't2' }, { transaction: tx })
      await driver.update('item', 'keep', { qty: 99 }, { transaction: tx })
      await driver.delete('item', 'keep', { transaction: tx })
      await driver.bulkCreate('item', [{ id: 't3' }, { id: 't4' }], { transaction: tx })
      await driver.rollback(tx)
      expect(await ids()).toEqual(['keep'])
      expect((await driver.findOne('item', 'keep'))?.['qty']).toBe(1)
    })

    it('DRV-TX-004 a finished handle fails with TRANSACTION_FAILED', async () => {
      const committed = await driver.beginTransaction()
      await driver.commit(committed)
      const rolledBack = await driver.beginTransaction()
      await driver.rollback(rolledBack)
      for (const tx of [committed, rolledBack, { id: 'tx_unknown' }]) {
        const options = { transaction: tx }
        await expect(driver.create('item', { id: 'late' }, options)).rejects.toSatisfy(
          isCode('TRANSACTION_FAILED'),
        )
        await expect(driver.find('item', { object: 'item' }, options)).rejects.toSatisfy(
          isCode('TRANSACTION_FAILED'),
        )
        await expect(driver.commit(tx)).rejects.toSatisfy(isCode('TRANSACTION_FAILED'))
        await expect(driver.rollback(tx)).rejects.toSatisfy(isCode('TRANSACTION_FAILED'))
      }
      expect(await ids()).toEqual([])
    })

    it('DRV-WRITE-006 a failed write inside a transaction leaves the transaction usable', async () => {
      await driver.create('item', { id: 'dup' })
      const tx = await driver.beginTransaction()
      await driver.create('item', { id: 'in1' }, { transaction: tx })
      await expect(driver.create('item', { id: 'dup' }, { transaction: tx })).rejects.toSatisfy(
        isCode('DUPLICATE_RECORD'),
      )
      await expect(
        driver.bulkUpdate(
          'item',
          [
            { id: 'in1', data: { qty: 5 } },
            { id: 'nope', data: {} },
          ],
          {
            transaction: tx,
          },
        ),
      ).rejects.toSatisfy(isCode('NOT_FOUND'))
      await driver.create('item', { id: 'in2' }, { transaction: tx })
      await driver.commit(tx)
      expect(await ids()).toEqual(['dup', 'in1', 'in2'])
      expect((await driver.findOne('item', 'in1'))?.['qty']).toBeUndefined()
    })

    it('savepoints roll back part of a transaction', async () => {
      const tx = await driver.beginTransaction()
      await driver.create('item', { id: 's1' }, { transaction: tx })
      const sp = await driver.savepoint(tx)
      await driver.create('item', { id: 's2' }, { transaction: tx })
      await driver.rollbackToSavepoint(tx, sp)
      const named = await driver.savepoint(tx, 'named_sp')
      await driver.create('item', { id: 's3' }, { transaction: tx })
      await driver.releaseSavepoint(tx, named)
      await driver.commit(tx)
      expect(await ids()).toEqual(['s1', 's3'])
      await expect(driver.savepoint(tx)).rejects.toSatisfy(isCode('TRANSACTION_FAILED'))
    })

    it('every declared isolation level opens a transaction; others are NOT_SUPPORTED', async () => {
      for (const isolationLevel of driver.capabilities.isolationLevels) {
        const tx = await driver.beginTransaction({ isolationLevel })
        await driver.create('item', { id: isolationLevel }, { transaction: tx })
        await driver.commit(tx)
      }
      expect(await ids()).toEqual([...driver.capabilities.isolationLevels].sort())
      await expect(driver.beginTransaction({ isolationLevel: 'snapshot' })).rejects.toSatisfy(
        isCode('NOT_SUPPORTED'),
      )
    })

    if (dialect.key === 'sqlite-memory' || dialect.key === 'sqlite-file') {
      it('calls outside an open SQLite transaction wait, then fail coded instead of hanging', async () => {
        const tx = await driver.beginTransaction()
        await driver.create('item', { id: 'inside' }, { transaction: tx })
        await expect(driver.count('item', undefined)).rejects.toSatisfy(
          isCode('DRIVER_UNAVAILABLE'),
        )
        const waiting = driver.count('item', undefined)
        await driver.commit(tx)
        expect(await waiting).toBe(1)
      })
    } else {
      it('uncommitted writes are invisible outside the transaction', async () => {
        const tx = await driver.beginTransaction({ isolationLevel: 'read_committed' })
        await driver.create('item', { id: 'hidden' }, { transaction: tx })
        expect(await driver.findOne('item', 'hidden')).toBeNull()
        const other = await driver.beginTransaction()
        expect(await driver.count('item', undefined, { transaction: other })).toBe(0)
        await driver.commit(other)
        await driver.commit(tx)
        expect(await driver.findOne('item', 'hidden')).toEqual({ id: 'hidden' })
      })
    }
  })
}
