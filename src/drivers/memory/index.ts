/**
 * `objectql-toolkit/drivers/memory`: the in-process reference driver.
 */
export { MemoryDriver } from './memory-driver.js'
export { MEMORY_CAPABILITIES } from './memory-driver-capabilities.js'
export type { MemoryDriverConfig } from './memory-driver-config.js'
