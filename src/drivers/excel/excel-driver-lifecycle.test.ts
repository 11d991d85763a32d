import { readdir, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { isObjectQLError } from '../../kernel/errors.js'
import { ExcelDriver } from './excel-driver.js'
import {
  TASK,
  expectCode,
  openDriver,
  readWorkbook,
  rowsOf,
  tempWorkbook,
} from './excel-driver.test-utils.js'
import { dataCalls } from '../common/driver-calls.test-utils.js'

describe('excel driver: lifecycle (DRV-LIFE), errors (DRV-ERR), schema', () => {
  it('DRV-LIFE-001 checkHealth is false before connect, true after, false after disconnect', async () => {
    const driver = new ExcelDriver({ file: join(await tempWorkbook(), '..', 'new/dir/book.xlsx') })
    expect(await driver.checkHealth()).toBe(false)
    await driver.connect()
    expect(await driver.checkHealth()).toBe(true)
    await driver.disconnect()
    expect(await driver.checkHealth()).toBe(false)
  })

  it('DRV-LIFE-002 before connect and after disconnect every operation is DRIVER_NOT_CONNECTED', async () => {
    const unopened = new ExcelDriver({ file: await tempWorkbook() })
    for (const call of dataCalls(unopened)) await expectCode(call, 'DRIVER_NOT_CONNECTED')
    const driver = await openDriver()
    await driver.create('task', { id: 'a' })
    await driver.disconnect()
    for (const call of dataCalls(driver)) await expectCode(call, 'DRIVER_NOT_CONNECTED')
    await driver.connect()
    expect(await driver.findOne('task', 'a')).toEqual({ id: 'a' })
    await driver.disconnect()
  })

  it('DRV-ERR-001 errors are coded ObjectQLErrors', async () => {
    const driver = await openDriver()
    await driver.create('task', { id: 'a' })
    const failures: [Promise<unknown>, string][] = [
      [driver.find('task', { object: 'task', where: { title: { $foo: 1 } } }), 'INVALID_FILTER'],
      [driver.count('task', { nope: { $eq: 1 } }), 'INVALID_FIELD'],
      [driver.create('task', null as unknown as Record<string, unknown>), 'VALIDATION_FAILED'],
      [driver.create('task', { id: 'a' }), 'DUPLICATE_RECORD'],
      [driver.update('task', 'zz', {}), 'NOT_FOUND'],
      [driver.beginTransaction(), 'NOT_SUPPORTED'],
      [driver.find('task', { object: 'task' }, { transaction: { id: 'x' } }), 'NOT_SUPPORTED'],
      [driver.find('x'.repeat(40), { object: 'x' }), 'METADATA_INVALID'],
    ]
    for (const [failure, code] of failures) {
      const error = await failure.then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(isObjectQLError(error), String(error)).toBe(true)
      expect((error as { code: string }).code).toBe(code)
    }
    await driver.disconnect()
  })

  it('CONFIG_INVALID for a bad config', () => {
    expect(() => new ExcelDriver({ file: '' })).toThrow(/file/)
    expect(() => new ExcelDriver({ file: 'data.xls' })).toThrow(/\.xlsx/)
    expect(() => new ExcelDriver({ file: 'data.xlsm' })).toThrow(/\.xlsx/)
    expect(() => new ExcelDriver(null as unknown as { file: string })).toThrow(/config/)
  })

  it.each([
    ['a'.repeat(32), 'at most 31'],
    ['a/b', 'cannot contain'],
    ["'quoted'", 'apostrophe'],
    ['History', 'reserved'],
  ])('syncSchema refuses %s as a sheet name with METADATA_INVALID', async (name, reason) => {
    const driver = await openDriver()
    const error = await expectCode(driver.syncSchema([{ name, fields: {} }]), 'METADATA_INVALID')
    expect(error.message).toContain(reason)
    await driver.disconnect()
  })

  it('syncSchema refuses two objects that differ only in case (one Excel sheet)', async () => {
    const driver = await openDriver()
    await expectCode(driver.syncSchema([{ name: 'TASK', fields: {} }]), 'METADATA_INVALID')
    await driver.disconnect()
  })

  it('syncSchema creates the workbook with a header-only sheet per new object', async () => {
    const driver = await openDriver()
    await driver.disconnect()
    const workbook = await readWorkbook(driver.file)
    expect(rowsOf(workbook, 'task')).toEqual([['id', ...Object.keys(TASK.fields)]])
  })

  it('introspectSchema reports declared objects and undeclared sheets with an id column', async () => {
    const file = await tempWorkbook()
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('legacy').addRows([
      ['id', 'qty', 'ok'],
      ['x', 3, true],
    ])
    workbook.addWorksheet('Notes').addRows([['just text']])
    await workbook.xlsx.writeFile(file)
    const driver = await openDriver(file)
    const schema = await driver.introspectSchema()
    expect(Object.keys(schema.tables).sort()).toEqual(['legacy', 'task'])
    expect(schema.tables['legacy']?.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'text'],
      ['qty', 'number'],
      ['ok', 'boolean'],
    ])
    await driver.disconnect()
  })

  it('removes temp files of crashed saves on connect, but not those of a live process', async () => {
    const file = await tempWorkbook()
    const dead = join(dirname(file), `.${basename(file)}.${2 ** 22 + 4321}.0123456789ab.oqtmp`)
    const live = join(dirname(file), `.${basename(file)}.${process.pid}.ba9876543210.oqtmp`)
    await writeFile(dead, 'half a zip')
    await writeFile(live, 'in flight')
    const driver = await openDriver(file)
    expect((await readdir(dirname(file))).sort()).toEqual([basename(live), basename(file)].sort())
    await driver.disconnect()
  })
})
