import { defineCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { RemoteSchemaMode } from './remote-driver-config.js'

/**
 * What the remote driver does over the REST protocol. Filters, sorting and paging run on the
 * server; `aggregate` and `distinct` run here over the matching records the server returns
 * (the protocol has no aggregation route), with the kernel's engine, so their semantics are the
 * spec's. The protocol has no transactions and no atomic bulk routes, so those are not declared
 * (bulk writes are loops, as `DriverBase` documents). `schemaSync` only in `register` mode, the
 * one that creates storage on the server.
 */
export function remoteCapabilities(schema: RemoteSchemaMode): DriverCapabilities {
  return defineCapabilities({
    queryAggregations: true,
    distinct: true,
    jsonFields: true,
    arrayFields: true,
    schemaSync: schema === 'register',
    introspection: true,
  })
}
