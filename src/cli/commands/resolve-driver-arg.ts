import { loadDriverModule } from '../driver-module-loader.js'
import type { LoadedDriverModule } from '../driver-module-loader.js'
import { SHIPPED_DRIVERS } from '../shipped-drivers.js'
import type { ReadyDriver, UnavailableDriver } from '../shipped-drivers.js'

/**
 * A `--driver`/`--diff` argument: a shipped driver name (`memory`, `sql:sqlite-memory`) or a
 * module path.
 */
export async function resolveDriverArg(
  arg: string,
): Promise<ReadyDriver | LoadedDriverModule | UnavailableDriver> {
  const shipped = SHIPPED_DRIVERS.find((driver) => driver.name === arg)
  return shipped === undefined ? loadDriverModule(arg) : shipped.resolve()
}
