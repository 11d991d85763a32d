import { writeFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { ExcelDriver } from './excel-driver.js'
import {
  TASK,
  all,
  expectCode,
  openDriver,
  readWorkbook,
  rowsOf,
  tempWorkbook,
} from './excel-driver.test-utils.js'

const NOTE = { name: 'empty_obj', fields: { body: { type: 'text' as const } } }

/**
 * A workbook laid out the way people leave them, written with exceljs but not by the driver:
 * an extra sheet before and after, blank rows above the header and between records, columns
 * in another order plus one the object does not declare, cells typed as Excel types them
 * (date cells in its own format, numbers stored as text, 1/0 booleans, rich text, hyperlinks,
 * formulas), a row with only a note, and a header-only sheet.
 */
async function foreignWorkbook(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook()
  workbook.addWorksheet('Notes').addRows([['Read me first'], ['owner', 'ops'], [42]])
  const sheet = workbook.addWorksheet('task')
  sheet.getRow(3).values = [
    'title',
    'comment',
    'id',
    'n',
    'due',
    'done',
    'day',
    'meta',
    'tags',
    'kind',
  ]
  sheet.getRow(4).values = [
    { richText: [{ text: 'Rich ', font: { bold: true } }, { text: 'title' }] },
    'keep me',
    7,
    '42',
    new Date('2024-05-06T07:08:09.010Z'),
    true,
    new Date('2024-05-06T00:00:00.000Z'),
    '{"a":[1,2]}',
    '["x","y"]',
    'open',
  ]
  sheet.getCell('E4').numFmt = 'm/d/yy h:mm'
  sheet.getCell('G4').numFmt = 'dd.mm.yyyy'
  sheet.getRow(6).values = [
    { text: 'linked', hyperlink: 'https://example.com' },
    null,
    'b',
    { formula: '1+1', result: 2 },
    '2024-01-01T00:00:00.000Z',
    1,
    '2024-02-29',
    null,
    null,
    3,
  ]
  sheet.getRow(8).values = [null, 'a note in a row without an id']
  workbook.addWorksheet('empty_obj').addRow(['id', 'body'])
  workbook.addWorksheet('Chart data').addRows([
    ['x', 'y'],
    [1, 2],
  ])
  await workbook.xlsx.writeFile(file)
}

describe('excel driver: workbooks written by other programs', () => {
  it('reads extra sheets, blank rows, reordered and extra columns and Excel-typed cells', async () => {
    const file = await tempWorkbook()
    await foreignWorkbook(file)
    const driver = await openDriver(file, [TASK, NOTE])
    expect(await all(driver)).toEqual([
      {
        id: '7',
        title: 'Rich title',
        n: 42,
        due: '2024-05-06T07:08:09.010Z',
        done: true,
        day: '2024-05-06',
        meta: { a: [1, 2] },
        tags: ['x', 'y'],
        kind: 'open',
      },
      {
        id: 'b',
        title: 'linked',
        n: 2,
        due: '2024-01-01T00:00:00.000Z',
        done: true,
        day: '2024-02-29',
        kind: 3,
      },
    ])
    expect(await all(driver, 'empty_obj')).toEqual([])
    await driver.disconnect()
  })

  it('a write keeps the other sheets, the column order and the undeclared column', async () => {
    const file = await tempWorkbook()
    await foreignWorkbook(file)
    const driver = await openDriver(file, [TASK, NOTE])
    await driver.update('task', '7', { n: 43 })
    await driver.create('task', { id: 'c', title: 'new' })
    await driver.create('empty_obj', { id: 'e1', body: 'first' })
    await driver.disconnect()
    const workbook = await readWorkbook(file)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Notes',
      'task',
      'empty_obj',
      'Chart data',
    ])
    expect(rowsOf(workbook, 'Notes')).toEqual([['Read me first'], ['owner', 'ops'], [42]])
    expect(rowsOf(workbook, 'Chart data')).toEqual([
      ['x', 'y'],
      [1, 2],
    ])
    const rows = rowsOf(workbook, 'task')
    expect(rows[0]).toEqual([
      'title',
      'comment',
      'id',
      'n',
      'due',
      'done',
      'day',
      'meta',
      'tags',
      'kind',
    ])
    expect(rows[1]?.slice(0, 4)).toEqual(['Rich title', 'keep me', '7', 43])
    expect(rows.map((row) => row[2])).toEqual(['id', '7', 'b', 'c'])
    expect(rowsOf(workbook, 'empty_obj')).toEqual([
      ['id', 'body'],
      ['e1', 'first'],
    ])
    const again = await openDriver(file, [TASK, NOTE])
    expect((await again.findOne('task', '7'))?.['n']).toBe(43)
    expect(await again.count('task', undefined)).toBe(3)
    await again.disconnect()
  })

  it('reads date cells of a 1904-date-system workbook (Excel for Mac)', async () => {
    const file = await tempWorkbook()
    const workbook = new ExcelJS.Workbook()
    workbook.properties.date1904 = true
    const sheet = workbook.addWorksheet('task')
    sheet.addRow(['id', 'due'])
    sheet.addRow(['a', new Date('2020-06-01T12:34:56.789Z')])
    sheet.getCell('B2').numFmt = 'yyyy-mm-dd hh:mm:ss'
    await workbook.xlsx.writeFile(file)
    const driver = await openDriver(file)
    expect(await driver.findOne('task', 'a')).toEqual({ id: 'a', due: '2020-06-01T12:34:56.789Z' })
    await driver.disconnect()
  })

  it.each([
    [
      'a number cell holding text',
      [
        ['id', 'n'],
        ['a', 'abc'],
      ],
      'cell B2',
      { row: 2, cell: 'B2' },
    ],
    [
      'a bad JSON cell',
      [
        ['id', 'meta'],
        ['a', '{oops'],
      ],
      'cell B2',
      { row: 2, cell: 'B2' },
    ],
    [
      'a row with values but no id',
      [
        ['id', 'title'],
        [null, 'orphan'],
      ],
      'row 2',
      { row: 2 },
    ],
    ['a duplicate id', [['id'], ['a'], ['a']], 'cell A3', { row: 3, cell: 'A3' }],
    ['a header without id', [['title'], ['x']], 'row 1', { row: 1 }],
    [
      'a repeated header',
      [
        ['id', 'n', 'n'],
        ['a', 1, 2],
      ],
      'cell C1',
      { row: 1, cell: 'C1' },
    ],
  ])(
    'refuses %s with DRIVER_ERROR naming the file, sheet and cell',
    async (_name, rows, where, details) => {
      const file = await tempWorkbook()
      const workbook = new ExcelJS.Workbook()
      workbook.addWorksheet('task').addRows(rows)
      await workbook.xlsx.writeFile(file)
      const driver = await openDriver(file)
      const error = await expectCode(driver.find('task', { object: 'task' }), 'DRIVER_ERROR')
      expect(error.message).toContain(file)
      expect(error.message).toContain(`sheet 'task', ${where}`)
      expect(error.details).toMatchObject({ file, sheet: 'task', ...details })
      // A write must not replace the sheet it could not read.
      await expectCode(driver.create('task', { id: 'z' }), 'DRIVER_ERROR')
      await driver.disconnect()
    },
  )

  it('refuses a file that is not a workbook with DRIVER_ERROR naming it, on connect', async () => {
    const file = await tempWorkbook()
    await writeFile(file, 'id,title\n1,csv pretending\n')
    const error = await expectCode(new ExcelDriver({ file }).connect(), 'DRIVER_ERROR')
    expect(error.message).toContain(file)
    expect(error.message).toContain('not a readable .xlsx workbook')
    expect(error.cause).toBeInstanceOf(Error)
  })
})
