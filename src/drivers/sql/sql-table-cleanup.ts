import { ObjectQLError } from '../../kernel/errors.js'
import { SqlDriver } from './sql-driver.js'
import type { SqlDriverConfig } from './sql-driver-config.js'
import { introspectedToObjects } from './sql-introspector.js'

/**
 * Drops every table under `config.tablePrefix` (which must be non-empty, so this can never
 * empty a whole database). Conformance runs and tests on shared servers give each run its own
 * prefix and call this afterwards, so they leave nothing behind.
 *
 * @returns the names of the objects whose tables were dropped.
 */
export async function dropPrefixedTables(config: SqlDriverConfig): Promise<string[]> {
  if (config.tablePrefix === undefined || config.tablePrefix === '') {
    throw new ObjectQLError('CONFIG_INVALID', 'dropPrefixedTables needs a non-empty tablePrefix')
  }
  const driver = new SqlDriver(config)
  await driver.connect()
  try {
    const objects = introspectedToObjects(await driver.introspectSchema())
    await driver.syncSchema(objects)
    for (const object of objects) await driver.dropTable(object.name)
    return objects.map((object) => object.name)
  } finally {
    await driver.disconnect()
  }
}
