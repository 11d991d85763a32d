/**
 * What a driver can do. Names follow upstream's `DriverCapabilities`. The conformance suite reads
 * this manifest to gate audit groups and also holds the driver to it: a declared capability whose
 * audits fail is a failure, not a skip.
 */

/** Transaction isolation levels, in upstream's snake_case. */
export type IsolationLevel =
  'read_uncommitted' | 'read_committed' | 'repeatable_read' | 'serializable' | 'snapshot'

/** The capability manifest every driver publishes. */
export interface DriverCapabilities {
  readonly create: boolean
  readonly read: boolean
  readonly update: boolean
  readonly delete: boolean
  readonly bulkCreate: boolean
  readonly bulkUpdate: boolean
  readonly bulkDelete: boolean
  readonly transactions: boolean
  readonly savepoints: boolean
  readonly isolationLevels: readonly IsolationLevel[]
  readonly queryFilters: boolean
  readonly querySorting: boolean
  readonly queryPagination: boolean
  readonly queryAggregations: boolean
  readonly distinct: boolean
  readonly joins: boolean
  readonly fullTextSearch: boolean
  readonly jsonFields: boolean
  readonly arrayFields: boolean
  readonly schemaSync: boolean
  readonly introspection: boolean
  readonly connectionPooling: boolean
  readonly preparedStatements: boolean
}

/** Upstream's defaults: CRUD, filters, sorting and paging on; everything else off. */
export const DEFAULT_CAPABILITIES: DriverCapabilities = Object.freeze({
  create: true,
  read: true,
  update: true,
  delete: true,
  bulkCreate: false,
  bulkUpdate: false,
  bulkDelete: false,
  transactions: false,
  savepoints: false,
  isolationLevels: Object.freeze([]),
  queryFilters: true,
  querySorting: true,
  queryPagination: true,
  queryAggregations: false,
  distinct: false,
  joins: false,
  fullTextSearch: false,
  jsonFields: false,
  arrayFields: false,
  schemaSync: false,
  introspection: false,
  connectionPooling: false,
  preparedStatements: false,
})

/** Fills a partial manifest with {@link DEFAULT_CAPABILITIES} and freezes it. */
export function defineCapabilities(partial: Partial<DriverCapabilities>): DriverCapabilities {
  return Object.freeze({ ...DEFAULT_CAPABILITIES, ...partial })
}
