/**
 * `objectql-toolkit/drivers/memory`: the in-process reference driver.
 */
export { MEMORY_CAPABILITIES, MemoryDriver } from './memory-driver.js'
export type { MemoryDriverConfig } from './memory-driver-config.js'
