import { defineCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'

/**
 * What the fs driver does; every flag is backed by tests in this folder and the conformance
 * suite. Bulk writes are all-or-nothing because they stage in memory and replace the object's
 * file once. Transactions are NOT offered: a transaction spans several objects, hence several
 * files, and replacing several files is not atomic without a write-ahead journal; declaring
 * them would promise an all-or-nothing commit a crash between two renames could break.
 */
export const FS_CAPABILITIES: DriverCapabilities = defineCapabilities({
  bulkCreate: true,
  bulkUpdate: true,
  bulkDelete: true,
  transactions: false,
  queryAggregations: true,
  distinct: true,
  jsonFields: true,
  arrayFields: true,
  schemaSync: true,
  introspection: true,
})
