import { defineCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'

/**
 * What the excel driver does; every flag is backed by tests in this folder and the conformance
 * suite. Bulk writes are all-or-nothing: they stage in memory and save the workbook once.
 * Transactions are not offered: staging several writes and saving once could make a commit
 * atomic, but the driver would also have to isolate the transaction's reads and writes from
 * everyone else's until then, which it does not; declaring them would promise more than it keeps.
 */
export const EXCEL_CAPABILITIES: DriverCapabilities = defineCapabilities({
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
