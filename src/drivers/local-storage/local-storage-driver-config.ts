import { ObjectQLError } from '../../kernel/errors.js'

/**
 * The part of the Web Storage API (`Storage`) the driver uses, so it works with
 * `window.localStorage`, `window.sessionStorage` and any implementation for Node (such as
 * {@link MemoryStorage} in this folder). Every method may throw: `setItem` with a
 * `QuotaExceededError` when the origin's quota is full, any of them with a `SecurityError` when
 * storage is disabled.
 */
export interface StorageLike {
  /** The value stored under `key`, or null. */
  getItem(key: string): string | null
  /** Stores `value` under `key`, replacing any previous value. */
  setItem(key: string, value: string): void
  /** Removes `key`; does nothing when it is absent. */
  removeItem(key: string): void
  /** The name of the `index`-th key, or null past the end. */
  key(index: number): string | null
  /** How many keys are stored. */
  readonly length: number
}

/** Options of {@link LocalStorageDriver}. */
export interface LocalStorageDriverConfig {
  /** Where records live, e.g. `window.localStorage`. */
  readonly storage: StorageLike
  /**
   * Prefix of every key the driver writes (`<namespace>:...`). Drivers with different
   * namespaces never see each other's records, and other keys of the origin are never touched.
   * Non-empty, without `:`.
   */
  readonly namespace: string
}

/**
 * Validates a config.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming the bad option.
 */
export function resolveLocalStorageConfig(
  config: LocalStorageDriverConfig,
): LocalStorageDriverConfig {
  if (typeof config !== 'object' || config === null) {
    throw invalid('the local-storage driver needs a config object with storage and namespace')
  }
  const { storage, namespace } = config
  const methods = ['getItem', 'setItem', 'removeItem', 'key'] as const
  if (
    typeof storage !== 'object' ||
    storage === null ||
    methods.some((method) => typeof storage[method] !== 'function')
  ) {
    throw invalid('local-storage driver storage must implement getItem/setItem/removeItem/key')
  }
  if (typeof namespace !== 'string' || namespace === '' || namespace.includes(':')) {
    throw invalid("local-storage driver namespace must be a non-empty string without ':'")
  }
  return { storage, namespace }
}

function invalid(message: string): ObjectQLError {
  return new ObjectQLError('CONFIG_INVALID', message)
}
