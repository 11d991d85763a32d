import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { FsDriver } from './fs-driver.js'
import type { DataRecord, ObjectConfig } from '../../kernel/spec/object-config.js'
import type { QueryAST } from '../../kernel/spec/query-ast.js'
export { expectCode } from '../../kernel/errors.test-utils.js'

/** The object most fs-driver tests use: one field of each interesting type. */
export const TASK: ObjectConfig = {
  name: 'task',
  fields: {
    title: { type: 'text' },
    n: { type: 'number' },
    done: { type: 'boolean' },
    due: { type: 'datetime' },
    day: { type: 'date' },
    meta: { type: 'json' },
    tags: { type: 'multiselect', multiple: true },
  },
}

const made: string[] = []
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true })
})

/** A fresh empty directory, removed after the test file. */
export async function tempDir(prefix = 'oq-fs-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** A connected driver on `dir` (a fresh one when omitted) with {@link TASK} synced. */
export async function openDriver(dir?: string, objects = [TASK]): Promise<FsDriver> {
  const driver = new FsDriver({ dir: dir ?? (await tempDir()) })
  await driver.connect()
  await driver.syncSchema(objects)
  return driver
}

/** Disconnects `driver` and opens a new one on the same directory (a "restart"). */
export async function reopen(driver: FsDriver, objects = [TASK]): Promise<FsDriver> {
  await driver.disconnect()
  return openDriver(driver.dir, objects)
}

/** Every task in id order. */
export async function allTasks(
  driver: FsDriver,
  query: Omit<QueryAST, 'object'> = {},
): Promise<DataRecord[]> {
  const orderBy = [...(query.orderBy ?? [])]
  if (!orderBy.some((key) => key.field === 'id')) orderBy.push({ field: 'id', order: 'asc' })
  return driver.find('task', { ...query, object: 'task', orderBy })
}
