import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { hasErrorCode, isObjectQLError } from '../../kernel/errors.js'
import type { ErrorCode } from '../../kernel/errors.js'
import { SqlDriver, sqlDriverFromUrl } from './sql-driver.js'
import {
  ITEM_OBJECT,
  SQL_TEST_DIALECTS,
  openDriver as openTestDriver,
  removeTempFiles,
} from './sql-dialects.test-utils.js'
import type { OpenedDriver } from './sql-dialects.test-utils.js'

// Every driver a test opens is closed after it, passed or failed, so no table leaks.
const opened: OpenedDriver[] = []
const openDriver = async (...args: Parameters<typeof openTestDriver>): Promise<OpenedDriver> => {
  const driver = await openTestDriver(...args)
  opened.push(driver)
  return { driver: driver.driver, close: async () => undefined }
}
afterEach(async () => {
  for (const driver of opened.splice(0)) await driver.close().catch(() => undefined)
})

const isCode = (code: ErrorCode) => (error: unknown) => hasErrorCode(error, code)

// Port 1 on loopback: nothing listens, the kernel refuses at once.
const CLOSED_PORT_URLS = [
  'postgres://postgres@127.0.0.1:1/test',
  'mysql://root@127.0.0.1:1/test',
] as const

describe('sql driver: unreachable backends', () => {
  it.each(CLOSED_PORT_URLS)(
    'connect to a closed port (%s) fails with DRIVER_UNAVAILABLE, keeping the cause',
    async (url) => {
      const driver = sqlDriverFromUrl(url, { connectTimeoutMs: 2_000 })
      const error: unknown = await driver.connect().catch((e: unknown) => e)
      expect(hasErrorCode(error, 'DRIVER_UNAVAILABLE')).toBe(true)
      expect((error as Error).cause).toBeDefined()
      expect(await driver.checkHealth()).toBe(false)
      await expect(driver.count('item', undefined)).rejects.toSatisfy(
        isCode('DRIVER_NOT_CONNECTED'),
      )
    },
    10_000,
  )

  it('a SQLite file that cannot be opened fails with DRIVER_UNAVAILABLE', async () => {
    const driver = sqlDriverFromUrl('sqlite:/nonexistent-dir/objectql/x.db')
    await expect(driver.connect()).rejects.toSatisfy(isCode('DRIVER_UNAVAILABLE'))
  })
})

for (const dialect of SQL_TEST_DIALECTS) {
  describe.skipIf(dialect.skip)(`${dialect.title}: lifecycle and errors`, () => {
    afterAll(() => removeTempFiles())

    it('DRV-LIFE-001 checkHealth is true after connect', async () => {
      const { driver, close } = await openDriver(dialect, 'lif', [ITEM_OBJECT])
      expect(await driver.checkHealth()).toBe(true)
      expect(driver.getPoolStats()?.total).toBeGreaterThanOrEqual(1)
      await close()
    })

    it('DRV-LIFE-002 after disconnect, operations fail coded and never hang', async () => {
      const { driver, close } = await openDriver(dialect, 'lif', [ITEM_OBJECT])
      await driver.create('item', { id: 'x' })
      await driver.dropTable('item')
      await driver.disconnect()
      expect(await driver.checkHealth()).toBe(false)
      await driver.disconnect()
      const calls = [
        driver.find('item', { object: 'item' }),
        driver.findOne('item', 'x'),
        driver.count('item', undefined),
        driver.create('item', {}),
        driver.update('item', 'x', {}),
        driver.delete('item', 'x'),
        driver.beginTransaction(),
        driver.syncSchema([ITEM_OBJECT]),
        driver.introspectSchema(),
      ]
      for (const call of calls) {
        await expect(call).rejects.toSatisfy(isCode('DRIVER_NOT_CONNECTED'))
      }
      await close()
    })

    it('DRV-ERR-001 errors are coded ObjectQLErrors; native ones are kept as cause', async () => {
      const { driver, close } = await openDriver(dialect, 'lif', [ITEM_OBJECT])
      await driver.create('item', { id: 'one' })
      const duplicate: unknown = await driver.create('item', { id: 'one' }).catch((e: unknown) => e)
      expect(isObjectQLError(duplicate)).toBe(true)
      expect(hasErrorCode(duplicate, 'DUPLICATE_RECORD')).toBe(true)
      expect(isObjectQLError((duplicate as Error).cause)).toBe(false)
      const raw: unknown = await driver.execute('SELECT * FROM no_such_table_x').catch((e) => e)
      expect(isObjectQLError(raw)).toBe(true)
      expect((raw as Error).cause).toBeInstanceOf(Error)
      await close()
    })

    if (dialect.key === 'postgres' || dialect.key === 'mysql') {
      it('a lost connection fails fast with DRIVER_UNAVAILABLE; the pool recovers', async () => {
        const { driver, close } = await openDriver(dialect, 'lif', [ITEM_OBJECT])
        const tx = await driver.beginTransaction()
        const idSql =
          dialect.key === 'postgres'
            ? 'SELECT pg_backend_pid() AS id'
            : 'SELECT CONNECTION_ID() AS id'
        const [row] = await driver.execute(idSql, [], { transaction: tx })
        const killSql =
          dialect.key === 'postgres' ? 'SELECT pg_terminate_backend($1)' : 'KILL CONNECTION ?'
        await driver.execute(killSql, [Number(row?.['id'])])
        await expect(
          driver.find('item', { object: 'item' }, { transaction: tx }),
        ).rejects.toSatisfy(isCode('DRIVER_UNAVAILABLE'))
        await expect(driver.commit(tx)).rejects.toSatisfy(isCode('TRANSACTION_FAILED'))
        await driver.rollback(tx)
        expect(await driver.count('item', undefined)).toBe(0)
        expect(await driver.checkHealth()).toBe(true)
        await close()
      })

      it('an exhausted pool fails with DRIVER_UNAVAILABLE instead of waiting forever', async () => {
        const { driver, close } = await openDriver(dialect, 'lif', [ITEM_OBJECT], {
          pool: { max: 1 },
          connectTimeoutMs: 300,
        })
        const tx = await driver.beginTransaction()
        await expect(driver.count('item', undefined)).rejects.toSatisfy(
          isCode('DRIVER_UNAVAILABLE'),
        )
        await driver.rollback(tx)
        expect(await driver.count('item', undefined)).toBe(0)
        await close()
      })
    }
  })
}

describe('sql driver: configuration errors', () => {
  it('rejects bad configs with CONFIG_INVALID before connecting', () => {
    const bad = [
      { client: 'oracle', connection: 'x' },
      { client: 'sqlite', connection: { filename: '' } },
      { client: 'postgres', connection: { filename: 'x' } },
      { client: 'sqlite', connection: { filename: ':memory:' }, tablePrefix: 'bad-prefix' },
      { client: 'postgres', connection: 'postgres://x', pool: { min: 5, max: 2 } },
    ]
    for (const config of bad) {
      expect(() => new SqlDriver(config as never), JSON.stringify(config)).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID' }) as Error,
      )
    }
  })
})
