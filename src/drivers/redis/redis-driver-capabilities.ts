import { defineCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'

/**
 * What the Redis driver does. Every declared flag is backed by tests in this folder against a
 * real Redis, and the conformance suite holds the driver to it:
 * - `bulkCreate`, `bulkUpdate`, `bulkDelete`: each call is ONE Lua script that checks every
 *   record before writing any, so a duplicate or missing id changes nothing (DRV-BULK-002/003);
 * - `transactions` (`read_committed`): a buffered unit of work with read-your-writes, applied
 *   at commit as one atomic compare-and-set script; a commit that conflicts keeps nothing
 *   (redis-transaction.ts). No savepoints;
 * - `queryAggregations`, `distinct`: the kernel's aggregator over the loaded candidates;
 * - `jsonFields`, `arrayFields`: records are JSON, so nested values and arrays round-trip exactly;
 * - `schemaSync`: `syncSchema` records the fields (unknown names fail with `INVALID_FIELD`) and
 *   builds the numeric sorted-set indexes.
 * Not declared: `joins` and `fullTextSearch` (no server-side support; `search` fails with
 * `NOT_SUPPORTED`), `introspection` (not implemented), `connectionPooling` (one multiplexed
 * connection), `preparedStatements` (scripts are cached by SHA, which is not the same thing).
 */
export const REDIS_CAPABILITIES: DriverCapabilities = defineCapabilities({
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
})
