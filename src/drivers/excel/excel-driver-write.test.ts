import { mkdir, readdir, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  TASK,
  all,
  expectCode,
  openDriver,
  readWorkbook,
  reopen,
  rowsOf,
} from './excel-driver.test-utils.js'
import type { RecordInput } from '../../kernel/spec/object-config.js'

const FULL: RecordInput = {
  id: 't1',
  title: 'Unicode 😀 e\u0301 ctrl\u0001 cr\r\n _x0041_ "q" \\ lone\uD800 ',
  n: -2.5e-7,
  done: false,
  due: '2024-02-29T23:59:59.999Z',
  day: '1999-12-31',
  kind: 1,
  meta: { a: { b: [1, 'two', true, null] }, 'ü😀': 'x', empty: {} },
  tags: ['a', '', 'c, d'],
}

describe('excel driver: writes persist through real cells (DRV-ID, DRV-WRITE, DRV-TYPE)', () => {
  it('DRV-WRITE-001 DRV-TYPE-001..005 a record reads back equal after a restart', async () => {
    const driver = await openDriver()
    expect(await driver.create('task', structuredClone(FULL))).toEqual(FULL)
    const restarted = await reopen(driver)
    expect(await restarted.findOne('task', 't1')).toEqual(FULL)
    await restarted.disconnect()
  })

  it('DRV-TYPE-002 DRV-TYPE-003 numbers and datetimes round-trip exactly, in and out of date-cell range', async () => {
    const driver = await openDriver()
    const numbers = [
      0,
      0.1 + 0.2,
      1e15,
      2 ** 53 - 1,
      -(2 ** 53 - 1),
      1e-300,
      1.7976931348623157e308,
    ]
    const datetimes = [
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '1900-03-01T00:00:00.001Z',
      '1899-12-31T12:00:00.000Z',
      '0001-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '2024-01-01T00:00:00Z',
      '2024-01-01T10:00:00+02:00',
    ]
    const dates = ['2024-02-29', '1900-01-01', '0100-06-15']
    const records = numbers.map((n, i) => ({
      id: `r${i}`,
      n,
      due: datetimes[i % datetimes.length],
      day: dates[i % dates.length],
    }))
    await driver.bulkCreate('task', records)
    const restarted = await reopen(driver)
    expect(await all(restarted)).toEqual(records)
    await restarted.disconnect()
  })

  it('writes one sheet per object with a header row of field names and real typed cells', async () => {
    const other = { name: 'note', fields: { body: { type: 'text' as const } } }
    const driver = await openDriver(undefined, [TASK, other])
    await driver.create('task', {
      id: 'a',
      title: 'x',
      n: 3,
      done: true,
      due: '2024-01-02T03:04:05.006Z',
    })
    await driver.create('note', { id: 'n1', body: 'hello' })
    await driver.disconnect()
    const workbook = await readWorkbook(driver.file)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['task', 'note'])
    const [header, row] = rowsOf(workbook, 'task')
    expect(header).toEqual(['id', ...Object.keys(TASK.fields)])
    expect(row?.slice(0, 4)).toEqual(['a', 'x', 3, true])
    const due = workbook.getWorksheet('task')?.getCell('E2')
    expect(due?.value).toEqual(new Date('2024-01-02T03:04:05.006Z'))
    expect(due?.numFmt).toContain('yyyy-mm-dd')
    expect(rowsOf(workbook, 'note')).toEqual([
      ['id', 'body'],
      ['n1', 'hello'],
    ])
  })

  it('DRV-ID-002 DRV-ID-003 DRV-ID-004 ids: generated, kept exactly, duplicates refused', async () => {
    const driver = await openDriver()
    const generated = await driver.create('task', {})
    expect(typeof generated.id).toBe('string')
    for (const id of ['1', '10', '😀', 'a b', '_x0041_', '=A1']) {
      expect((await driver.create('task', { id })).id).toBe(id)
    }
    await expectCode(driver.create('task', { id: '1' }), 'DUPLICATE_RECORD')
    const restarted = await reopen(driver)
    expect((await all(restarted)).map((r) => r.id).sort()).toEqual(
      ['1', '10', '😀', 'a b', '_x0041_', '=A1', generated.id].sort(),
    )
    await restarted.disconnect()
  })

  it('DRV-WRITE-002..004 update merges (null clears a cell), delete reports existence', async () => {
    const driver = await openDriver()
    await driver.create('task', { id: 'a', title: 'x', n: 1 })
    expect(await driver.update('task', 'a', { n: 2, title: null })).toEqual({ id: 'a', n: 2 })
    await expectCode(driver.update('task', 'zz', { n: 1 }), 'NOT_FOUND')
    expect(await driver.delete('task', 'zz')).toBe(false)
    await driver.create('task', { id: 'b' })
    expect(await driver.delete('task', 'b')).toBe(true)
    const restarted = await reopen(driver)
    expect(await all(restarted)).toEqual([{ id: 'a', n: 2 }])
    await restarted.disconnect()
  })

  it('DRV-WRITE-006 values a cell cannot hold are refused with VALIDATION_FAILED, nothing saved', async () => {
    const driver = await openDriver()
    const bad: Record<string, unknown>[] = [
      { n: Number.NaN },
      { n: '5' },
      { done: 'yes' },
      { due: 'next tuesday' },
      { due: new Date() },
      { day: '2024-02-30' },
      { title: 'x'.repeat(32_768) },
      { meta: { when: new Date() } },
      { kind: { nested: true } },
    ]
    for (const data of bad) {
      const error = await expectCode(driver.create('task', data), 'VALIDATION_FAILED')
      expect(JSON.stringify(error.details)).toContain(Object.keys(data)[0])
    }
    await expectCode(driver.create('task', { nope: 1 }), 'INVALID_FIELD')
    expect(await driver.count('task', undefined)).toBe(0)
    await driver.disconnect()
  })

  it('DRV-WRITE-006 a save the file system refuses is a coded error; memory and the sheet stay as they were', async () => {
    const driver = await openDriver()
    await driver.create('task', { id: 'a', title: 'kept' })
    // Fault injection on a real file system: a non-empty directory where the workbook goes.
    await rm(driver.file)
    await mkdir(join(driver.file, 'blocker'), { recursive: true })
    const error = await expectCode(driver.create('task', { id: 'b' }), 'DRIVER_ERROR')
    expect(error.message).toContain(driver.file)
    expect((await all(driver)).map((r) => r.id)).toEqual(['a'])
    await rm(driver.file, { recursive: true })
    await driver.create('task', { id: 'c' })
    expect((await readdir(dirname(driver.file))).filter((n) => n.endsWith('.oqtmp'))).toEqual([])
    const restarted = await reopen(driver)
    expect((await all(restarted)).map((r) => r.id)).toEqual(['a', 'c'])
    await restarted.disconnect()
  })
})

describe('excel driver: bulk writes and concurrency (DRV-BULK)', () => {
  it('DRV-BULK-001..004 bulk writes are all-or-nothing and saved once', async () => {
    const driver = await openDriver()
    const created = await driver.bulkCreate('task', [
      { id: 'b', n: 2 },
      { id: 'a', n: 1 },
    ])
    expect(created.map((r) => r.id)).toEqual(['b', 'a'])
    await expectCode(driver.bulkCreate('task', [{ id: 'c' }, { id: 'a' }]), 'DUPLICATE_RECORD')
    await expectCode(
      driver.bulkUpdate('task', [
        { id: 'a', data: { n: 10 } },
        { id: 'zz', data: { n: 0 } },
      ]),
      'NOT_FOUND',
    )
    expect(await driver.bulkDelete('task', ['b', 'zz', 'b'])).toBe(1)
    const restarted = await reopen(driver)
    expect(await all(restarted)).toEqual([{ id: 'a', n: 1 }])
    await restarted.disconnect()
  })

  it('serialises concurrent writes across objects of one workbook: none is lost', async () => {
    const note = { name: 'note', fields: { n: { type: 'number' as const } } }
    const driver = await openDriver(undefined, [TASK, note])
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        driver.create(i % 2 === 0 ? 'task' : 'note', { id: `r${i}`, n: i }),
      ),
    )
    const restarted = await reopen(driver, [TASK, note])
    expect(await restarted.count('task', undefined)).toBe(6)
    expect(await restarted.count('note', undefined)).toBe(6)
    await restarted.disconnect()
  })
})
