/**
 * Audit groups, in the order audits run and the matrix shows them. Groups follow the issue's
 * list (CRUD, ids, writes, filters, ...) rather than SPEC.md sections, because a reader of the
 * matrix asks "does paging work?", not "does section DRV-PAGE pass?".
 */
export const AUDIT_GROUPS = [
  'crud',
  'ids',
  'writes',
  'filters',
  'order',
  'projection',
  'aggregation',
  'types',
  'bulk',
  'copies',
  'errors',
  'lifecycle',
  'transactions',
  'properties',
  'model-runs',
] as const

/** An audit group id. */
export type AuditGroup = (typeof AUDIT_GROUPS)[number]

/** Human titles of the groups for reports and progress lines. */
export const AUDIT_GROUP_TITLES: Readonly<Record<AuditGroup, string>> = Object.freeze({
  crud: 'CRUD',
  ids: 'Ids',
  writes: 'Writes',
  filters: 'Filters, nulls, strings',
  order: 'Order and paging',
  projection: 'Projection',
  aggregation: 'Counting and aggregation',
  types: 'Type round-trips',
  bulk: 'Bulk operations',
  copies: 'Copies, not references',
  errors: 'Errors and failed writes',
  lifecycle: 'Lifecycle',
  transactions: 'Transactions',
  properties: 'Properties vs model',
  'model-runs': 'Model-based runs',
})
