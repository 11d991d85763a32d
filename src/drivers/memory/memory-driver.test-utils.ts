import { MemoryDriver } from './memory-driver.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'
export { expectCode } from '../../kernel/errors.test-utils.js'

/** The object most memory-driver tests use: one field of each interesting type. */
export const TASK: ObjectConfig = {
  name: 'task',
  fields: {
    title: { type: 'text' },
    n: { type: 'number' },
    done: { type: 'boolean' },
    due: { type: 'datetime' },
    day: { type: 'date' },
    status: { type: 'select', options: [{ label: 'Open', value: 'open' }] },
    meta: { type: 'json' },
    tags: { type: 'multiselect', multiple: true },
  },
}

/** A connected driver with {@link TASK} synced and the given records created. */
export async function taskDriver(records: readonly RecordInput[] = []): Promise<MemoryDriver> {
  const driver = new MemoryDriver()
  await driver.connect()
  await driver.syncSchema([TASK])
  await driver.bulkCreate('task', records)
  return driver
}

/** `find` on `task` with `id asc` appended, as the kernel would send it. */
export async function findTasks(
  driver: MemoryDriver,
  query: Omit<QueryAST, 'object'> = {},
): Promise<DataRecord[]> {
  const orderBy = [...(query.orderBy ?? [])]
  if (!orderBy.some((key) => key.field === 'id')) orderBy.push({ field: 'id', order: 'asc' })
  return driver.find('task', { ...query, object: 'task', orderBy })
}

/** Ids of the tasks matching `where`, in id order. */
export async function idsWhere(driver: MemoryDriver, where: FilterCondition): Promise<string[]> {
  return (await findTasks(driver, { where })).map((record) => record.id)
}

/** Everything stored in `task`, for "nothing changed" checks. */
export async function snapshot(driver: MemoryDriver): Promise<DataRecord[]> {
  return findTasks(driver)
}
