import { defineCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'

/**
 * What the mongo driver does. Transactions (snapshot isolation) only where the deployment runs
 * them, which the config decides before connecting (see `MongoDriverConfig.transactions`).
 * Bulk writes are all-or-nothing: failures are detected before writing (existing ids, missing
 * ids), and a `bulkCreate` that still fails midway removes what it inserted. Not declared:
 * joins, full-text search (no text index is managed), savepoints, introspection.
 */
export function mongoCapabilities(transactions: boolean): DriverCapabilities {
  return defineCapabilities({
    bulkCreate: true,
    bulkUpdate: true,
    bulkDelete: true,
    transactions,
    isolationLevels: Object.freeze(transactions ? (['snapshot'] as const) : []),
    queryAggregations: true,
    distinct: true,
    jsonFields: true,
    arrayFields: true,
    schemaSync: true,
    connectionPooling: true,
  })
}
