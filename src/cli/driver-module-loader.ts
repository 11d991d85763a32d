import { access } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Driver } from '../kernel/driver/driver.js'
import { ObjectQLError } from '../kernel/errors.js'
import type { SkipList } from '../compliance/index.js'
import type { ReadyDriver } from './shipped-drivers.js'

/** A driver module loaded from a path, plus what it declares about itself. */
export interface LoadedDriverModule extends ReadyDriver {
  /** The module's `skip` export (`{ 'DRV-TX-001': 'reason' }`), if any. */
  readonly skip?: SkipList
  /** Report under the driver's own `name` (no `driverName` export overrides it). */
  readonly useDriverName: boolean
}

type Factory = () => Driver | Promise<Driver>

function isClass(value: unknown): value is new () => Driver {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value))
}

/** Turns an export into a factory: factory functions are used as-is, classes are instantiated. */
function asFactory(value: unknown): Factory | undefined {
  if (isClass(value)) return () => new value()
  if (typeof value === 'function') return value as Factory
  return undefined
}

/**
 * Loads a driver module given by path (what `--driver ./my-driver.js` names). It may export,
 * in order of preference: `createDriver` or `factory` (a function returning a driver), a
 * default export (factory or class), or exactly one class whose prototype has `find` and
 * `create`. Optional exports: `skip` (audit id -> reason) and `driverName`.
 *
 * @throws ObjectQLError `CONFIG_INVALID` when the file is missing, fails to load or exports no driver.
 */
export async function loadDriverModule(path: string): Promise<LoadedDriverModule> {
  const absolute = resolve(path)
  try {
    await access(absolute)
  } catch {
    throw new ObjectQLError('CONFIG_INVALID', `driver module not found: ${path}`)
  }
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
    throw new ObjectQLError('CONFIG_INVALID', `driver module ${path} failed to load: ${message}`, {
      cause: error,
    })
  }
  const classes = Object.values(module).filter(
    (value): value is new () => Driver =>
      isClass(value) &&
      typeof (value.prototype as Record<string, unknown>)['find'] === 'function' &&
      typeof (value.prototype as Record<string, unknown>)['create'] === 'function',
  )
  const factory =
    asFactory(module['createDriver']) ??
    asFactory(module['factory']) ??
    asFactory(module['default']) ??
    (classes.length === 1 && classes[0] !== undefined ? asFactory(classes[0]) : undefined)
  if (factory === undefined) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `driver module ${path} exports no driver: export createDriver() returning a driver, or a driver class`,
    )
  }
  const skip = module['skip']
  if (skip !== undefined && (typeof skip !== 'object' || skip === null)) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `driver module ${path}: 'skip' must map audit ids to reasons`,
    )
  }
  const name = typeof module['driverName'] === 'string' ? module['driverName'] : undefined
  return {
    status: 'ready',
    name: name ?? basename(absolute).replace(/\.(m?[jt]s)$/, ''),
    useDriverName: name === undefined,
    factory,
    backend: { kind: 'embedded', detail: path },
    ...(skip === undefined ? {} : { skip: skip as SkipList }),
  }
}
