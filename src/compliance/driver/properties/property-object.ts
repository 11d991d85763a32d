import type { Driver } from '../../../kernel/driver/driver.js'
import type { DriverCapabilities } from '../../../kernel/driver/driver-capabilities.js'
import type { DataRecord, ObjectConfig } from '../../../kernel/spec/object-config.js'
import { MODEL_OBJECT } from '../../model/index.js'
import { SpecModel } from '../../model/index.js'
import type { DriverAuditContext } from '../audit-context.js'

/**
 * The model's object without the fields the driver does not declare support for (json needs
 * `jsonFields`, multi-value needs `arrayFields`), so a driver without them is still checked on
 * everything else; the example audits report the missing capabilities.
 */
export function propertyObject(capabilities: DriverCapabilities): ObjectConfig {
  return supportedFields(MODEL_OBJECT, capabilities)
}

/** `object` without fields whose capability the driver lacks. */
export function supportedFields(
  object: ObjectConfig,
  capabilities: DriverCapabilities,
): ObjectConfig {
  const fields = Object.fromEntries(
    Object.entries(object.fields).filter(([, field]) => {
      if (field.type === 'json' || field.type === 'object') return capabilities.jsonFields
      if (field.type === 'multiselect' || field.type === 'tags' || field.multiple === true) {
        return capabilities.arrayFields
      }
      return true
    }),
  )
  return { ...object, fields }
}

/**
 * Empties the object (every record the driver lists is deleted), so each generated case starts
 * from nothing without a new table per case.
 *
 * @returns a problem description when records survive, else undefined.
 */
export async function resetObject(driver: Driver, object: string): Promise<string | undefined> {
  const rows = await driver.find(object, { object, orderBy: [{ field: 'id', order: 'asc' }] })
  for (const row of rows) await driver.delete(object, row.id)
  const left = await driver.count(object, undefined)
  return left === 0
    ? undefined
    : `could not empty the object between cases: ${left} records survived delete()`
}

/**
 * Runs one generated case on a fresh driver from the factory: connected, `objects` synced and
 * emptied. No state leaks from one case into the next (a cache, a half-open transaction), so
 * a replayed counterexample meets exactly the state it failed in.
 */
export async function onFreshDriver<T>(
  context: Pick<DriverAuditContext, 'freshDriver'>,
  objects: readonly ObjectConfig[],
  run: (driver: Driver) => Promise<T>,
): Promise<T | string> {
  const driver = await context.freshDriver()
  await driver.connect()
  try {
    await driver.syncSchema(objects)
    for (const object of objects) {
      const problem = await resetObject(driver, object.name)
      if (problem !== undefined) return problem
    }
    return await run(driver)
  } finally {
    await driver.disconnect()
  }
}

/** Stores `records` in the (empty) driver object and in a fresh model holding the same. */
export async function loadBoth(
  driver: Driver,
  object: ObjectConfig,
  records: readonly DataRecord[],
): Promise<SpecModel> {
  const model = new SpecModel([object])
  for (const record of records) {
    await driver.create(object.name, structuredClone(record))
    model.create(object.name, structuredClone(record))
  }
  return model
}
