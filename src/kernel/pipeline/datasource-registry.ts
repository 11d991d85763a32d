import type { Driver } from '../driver/driver.js'
import { RuntimeDriver } from '../driver/runtime-driver.js'
import { ObjectQLError } from '../errors.js'
import type { ObjectConfig } from '../spec/object-config.js'

/** The drivers of a kernel by datasource name; `default` is required. */
export type KernelDrivers = { readonly default: Driver } & Readonly<Record<string, Driver>>

// What a value needs to be used as a driver; checked up front so a typo fails at createKernel.
const REQUIRED_METHODS = [
  'connect',
  'disconnect',
  'syncSchema',
  'find',
  'findOne',
  'count',
  'create',
  'update',
  'delete',
] as const

/**
 * The datasources of a kernel: each name maps to a {@link RuntimeDriver}. One driver instance
 * given under two names gets one wrapper, so it is connected, synced and disconnected once.
 */
export class DatasourceRegistry {
  readonly #byName = new Map<string, RuntimeDriver>()
  readonly #wrappers: RuntimeDriver[] = []

  /** @throws ObjectQLError `CONFIG_INVALID` without a `default` driver or for a non-driver. */
  constructor(drivers: KernelDrivers) {
    if (typeof drivers !== 'object' || drivers === null || drivers.default === undefined) {
      throw new ObjectQLError('CONFIG_INVALID', 'createKernel needs drivers: { default: driver }', {
        details: { datasources: drivers === null ? [] : Object.keys(drivers ?? {}) },
      })
    }
    const byDriver = new Map<Driver, RuntimeDriver>()
    for (const [name, driver] of Object.entries(drivers)) {
      assertDriver(name, driver)
      let wrapper = byDriver.get(driver)
      if (wrapper === undefined) {
        wrapper = new RuntimeDriver(driver)
        byDriver.set(driver, wrapper)
        this.#wrappers.push(wrapper)
      }
      this.#byName.set(name, wrapper)
    }
  }

  /** Datasource names, `default` included. */
  names(): string[] {
    return [...this.#byName.keys()]
  }

  /** The distinct wrapped drivers, in the order they were given. */
  drivers(): readonly RuntimeDriver[] {
    return this.#wrappers
  }

  /** The datasources served by one wrapped driver. */
  namesOf(driver: RuntimeDriver): string[] {
    return [...this.#byName].filter(([, d]) => d === driver).map(([name]) => name)
  }

  /** The wrapped driver of a datasource. @throws ObjectQLError `CONFIG_INVALID` when unknown. */
  get(datasource: string): RuntimeDriver {
    const driver = this.#byName.get(datasource)
    if (driver === undefined) throw unknownDatasource(datasource, this.names())
    return driver
  }

  /**
   * Checks that an object's `datasource` names a configured driver.
   *
   * @throws ObjectQLError `CONFIG_INVALID` naming the object and the known datasources.
   */
  assertKnown(object: ObjectConfig): void {
    const datasource = object.datasource ?? 'default'
    if (!this.#byName.has(datasource)) {
      throw unknownDatasource(datasource, this.names(), object.name)
    }
  }

  /** The objects a wrapped driver stores (those whose datasource maps to it). */
  objectsOf(driver: RuntimeDriver, objects: readonly ObjectConfig[]): ObjectConfig[] {
    return objects.filter((object) => this.#byName.get(object.datasource ?? 'default') === driver)
  }
}

function unknownDatasource(datasource: string, known: string[], object?: string): ObjectQLError {
  const subject = object === undefined ? '' : `object '${object}' uses `
  return new ObjectQLError(
    'CONFIG_INVALID',
    `${subject}datasource '${datasource}', which has no driver (configured: ${known.join(', ')})`,
    { details: { datasource, datasources: known, ...(object === undefined ? {} : { object }) } },
  )
}

function assertDriver(name: string, driver: unknown): asserts driver is Driver {
  if (typeof driver !== 'object' || driver === null) {
    throw new ObjectQLError('CONFIG_INVALID', `datasource '${name}': the driver is not an object`, {
      details: { datasource: name },
    })
  }
  const record = driver as Record<string, unknown>
  const missing = REQUIRED_METHODS.filter((method) => typeof record[method] !== 'function')
  if (missing.length > 0 || typeof record['capabilities'] !== 'object') {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `datasource '${name}': not a driver (missing ${[...missing, ...(typeof record['capabilities'] === 'object' ? [] : ['capabilities'])].join(', ')})`,
      { details: { datasource: name, missing } },
    )
  }
}
