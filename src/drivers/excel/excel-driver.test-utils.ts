import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll } from 'vitest'
import { ExcelDriver } from './excel-driver.js'
import type { DataRecord, ObjectConfig } from '../../kernel/spec/object-config.js'
export { expectCode } from '../../kernel/errors.test-utils.js'

/** The object most excel-driver tests use: one field of each interesting type. */
export const TASK: ObjectConfig = {
  name: 'task',
  fields: {
    title: { type: 'text' },
    n: { type: 'number' },
    done: { type: 'boolean' },
    due: { type: 'datetime' },
    day: { type: 'date' },
    kind: {
      type: 'select',
      options: [
        { label: 'One', value: 1 },
        { label: 'Open', value: 'open' },
      ],
    },
    meta: { type: 'json' },
    tags: { type: 'multiselect', multiple: true },
  },
}

const made: string[] = []
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true })
})

/** A path for a new workbook in a fresh directory, removed after the test file. */
export async function tempWorkbook(name = 'book.xlsx'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'oq-excel-'))
  made.push(dir)
  return join(dir, name)
}

/** A connected driver on `file` (a fresh one when omitted) with `objects` synced. */
export async function openDriver(file?: string, objects = [TASK]): Promise<ExcelDriver> {
  const driver = new ExcelDriver({ file: file ?? (await tempWorkbook()) })
  await driver.connect()
  await driver.syncSchema(objects)
  return driver
}

/** Disconnects `driver` and opens a new one on the same workbook (a "restart"). */
export async function reopen(driver: ExcelDriver, objects = [TASK]): Promise<ExcelDriver> {
  await driver.disconnect()
  return openDriver(driver.file, objects)
}

/** Every record of `object` in id order. */
export async function all(driver: ExcelDriver, object = 'task'): Promise<DataRecord[]> {
  return driver.find(object, { object, orderBy: [{ field: 'id', order: 'asc' }] })
}

/** The workbook as another program would read it. */
export async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(file)
  return workbook
}

/** The values of a sheet's rows (exceljs' 1-based arrays without the hole at 0). */
export function rowsOf(workbook: ExcelJS.Workbook, sheet: string): unknown[][] {
  const rows: unknown[][] = []
  workbook.getWorksheet(sheet)?.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1))
  })
  return rows
}
