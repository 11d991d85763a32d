import { defineCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'

/**
 * What the memory driver does; every flag is backed by tests in this folder. Isolation is read
 * committed (see memory-transaction.ts); savepoints, joins and full-text search are not offered.
 */
export const MEMORY_CAPABILITIES: DriverCapabilities = defineCapabilities({
  bulkCreate: true,
  bulkUpdate: true,
  bulkDelete: true,
  transactions: true,
  isolationLevels: Object.freeze(['read_committed'] as const),
  queryAggregations: true,
  distinct: true,
  jsonFields: true,
  arrayFields: true,
  schemaSync: true,
  introspection: true,
})
