import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import type { SqlNativeClient } from './sql-connection.js'
import { sqlDriverFromUrl } from './sql-driver.js'
import {
  ITEM_OBJECT,
  SQL_TEST_DIALECTS,
  openDriver,
  removeTempFiles,
} from './sql-dialects.test-utils.js'
import type { OpenedDriver } from './sql-dialects.test-utils.js'

const opened: OpenedDriver[] = []
afterEach(async () => {
  for (const driver of opened.splice(0)) await driver.close()
})
afterAll(() => removeTempFiles())

/**
 * Runs one statement on the native client, `?` placeholders (`$n` on PostgreSQL), and returns
 * its rows as the client gives them (none for a write).
 */
async function runNative(
  native: SqlNativeClient,
  sql: string,
  params: unknown[],
): Promise<Record<string, unknown>[]> {
  switch (native.client) {
    case 'sqlite': {
      const statement = native.database.prepare<unknown[], Record<string, unknown>>(sql)
      return statement.reader ? statement.all(...params) : (statement.run(...params), [])
    }
    case 'postgres': {
      let n = 0
      const text = sql.replaceAll('?', () => `$${++n}`)
      return (await native.pool.query<Record<string, unknown>>(text, params)).rows
    }
    case 'mysql': {
      const [rows] = await native.pool.query(sql, params)
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : []
    }
    case 'mssql':
      throw new Error('no SQL Server in this matrix')
  }
}

describe('SqlDriver.nativeClient(): lifecycle', () => {
  it('fails with DRIVER_NOT_CONNECTED before connect() and after disconnect()', async () => {
    const driver = sqlDriverFromUrl('sqlite::memory:')
    expect(() => driver.nativeClient()).toThrow(
      expect.objectContaining({ code: 'DRIVER_NOT_CONNECTED' }) as Error,
    )
    await driver.connect()
    const native = driver.nativeClient()
    expect(native.client).toBe('sqlite')
    await driver.disconnect()
    let error: unknown
    try {
      driver.nativeClient()
    } catch (caught) {
      error = caught
    }
    expect(hasErrorCode(error, 'DRIVER_NOT_CONNECTED')).toBe(true)
    // The handle handed out earlier was the driver's own connection, closed with it.
    if (native.client === 'sqlite') expect(native.database.open).toBe(false)
  })
})

for (const dialect of SQL_TEST_DIALECTS) {
  describe.skipIf(dialect.skip)(`${dialect.title}: nativeClient()`, () => {
    it("is the driver's own connection or pool: each sees the other's writes", async () => {
      const handle = await openDriver(dialect, 'nat', [ITEM_OBJECT])
      opened.push(handle)
      const { driver } = handle
      const native = driver.nativeClient()
      expect(native.client).toBe(driver.config.client)
      await driver.create('item', { id: 'a', title: 'through the driver', qty: 2 })
      const table = `${driver.config.tablePrefix}item`
      const q = native.client === 'mysql' ? '`' : '"'
      const name = (identifier: string): string => `${q}${identifier}${q}`
      const select = `SELECT ${name('title')} AS t FROM ${name(table)} WHERE ${name('id')} = ?`
      const rows = await runNative(native, select, ['a'])
      expect(rows.map((row) => row['t'])).toEqual(['through the driver'])
      // A SQLite :memory: database exists in one connection only: seeing the driver's table at
      // all proves the handle is that connection, not a second one.
      const insert = `INSERT INTO ${name(table)} (${name('id')}, ${name('title')}) VALUES (?, ?)`
      await runNative(native, insert, ['b', 'written natively'])
      expect((await driver.findOne('item', 'b'))?.['title']).toBe('written natively')
      if (native.client === 'postgres') {
        expect(native.pool.totalCount).toBe(driver.getPoolStats()?.total)
      }
    })

    if (dialect.key === 'postgres') {
      it('hands back timestamptz as canonical ISO text, like the driver (documented)', async () => {
        const handle = await openDriver(dialect, 'nat', [ITEM_OBJECT])
        opened.push(handle)
        const { driver } = handle
        const created = await driver.create('item', { id: 'd', due: '2024-03-05T06:07:08.9Z' })
        expect(created['due']).toBe('2024-03-05T06:07:08.900Z')
        const native = driver.nativeClient()
        if (native.client !== 'postgres') throw new Error('expected the pg pool')
        const table = `${driver.config.tablePrefix}item`
        const { rows } = await native.pool.query<{ due: unknown }>(
          `SELECT "due" FROM "${table}" WHERE "id" = $1`,
          ['d'],
        )
        expect(rows[0]?.due).toBe('2024-03-05T06:07:08.900Z')
        expect((await driver.findOne('item', 'd'))?.['due']).toBe('2024-03-05T06:07:08.900Z')
      })
    }
  })
}
