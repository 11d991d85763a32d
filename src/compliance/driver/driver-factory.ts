import { ObjectQLError } from '../../kernel/errors.js'
import type { Driver } from '../../kernel/driver/driver.js'

/**
 * Makes a fresh, unconnected driver. The suite calls it once per audit (isolation, as
 * abstract-level's `factory`), connects it, and disconnects it afterwards. Drivers backed by a
 * shared server may return instances over the same database: audits use unique object names.
 */
export type DriverFactory = () => Driver | Promise<Driver>

/** Methods every driver must have (the rest may come from `DriverBase`). */
export const REQUIRED_DRIVER_METHODS = [
  'connect',
  'disconnect',
  'checkHealth',
  'syncSchema',
  'find',
  'findOne',
  'count',
  'create',
  'update',
  'delete',
  'bulkCreate',
  'bulkUpdate',
  'bulkDelete',
  'aggregate',
  'distinct',
  'beginTransaction',
  'commit',
  'rollback',
] as const

/**
 * Checks that `value` has the shape of a {@link Driver}: a name, a capability manifest and
 * every required method.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming what is missing.
 */
export function assertDriverShape(value: unknown, source: string): Driver {
  if (typeof value !== 'object' || value === null) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `${source} did not return a driver object (got ${value === null ? 'null' : typeof value})`,
    )
  }
  const record = value as Record<string, unknown>
  const missing: string[] = REQUIRED_DRIVER_METHODS.filter((m) => typeof record[m] !== 'function')
  if (typeof record['name'] !== 'string' || record['name'] === '') missing.unshift('name')
  const capabilities = record['capabilities']
  if (typeof capabilities !== 'object' || capabilities === null) missing.unshift('capabilities')
  if (missing.length > 0) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `${source} returned a driver missing ${missing.join(', ')} (extend DriverBase for defaults)`,
      { details: { missing } },
    )
  }
  return value as Driver
}

/**
 * Calls the factory once and checks the result, turning any throw into one coded line.
 *
 * @throws ObjectQLError `CONFIG_INVALID` when the factory throws or returns a non-driver.
 */
export async function createCheckedDriver(factory: DriverFactory): Promise<Driver> {
  if (typeof factory !== 'function') {
    throw new ObjectQLError('CONFIG_INVALID', 'factory must be a function returning a driver')
  }
  let driver: unknown
  try {
    driver = await factory()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new ObjectQLError('CONFIG_INVALID', `driver factory threw: ${firstLine(message)}`, {
      cause: error,
    })
  }
  return assertDriverShape(driver, 'driver factory')
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text
}
