/**
 * `objectql-toolkit/drivers/local-storage`: a driver over the Web Storage API for browsers,
 * plus an in-memory `Storage` for Node. Imports no Node module.
 */
export { LocalStorageDriver, LOCAL_STORAGE_CAPABILITIES } from './local-storage-driver.js'
export { resolveLocalStorageConfig } from './local-storage-driver-config.js'
export type { LocalStorageDriverConfig, StorageLike } from './local-storage-driver-config.js'
export { isQuotaError, mapStorageError } from './local-storage-error-map.js'
export { indexKey, recordKey, removeNamespace } from './local-storage-keys.js'
export { MemoryStorage } from './memory-storage.js'
export type { MemoryStorageOptions } from './memory-storage.js'
