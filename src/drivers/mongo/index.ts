/**
 * `objectql-toolkit/drivers/mongo`: the MongoDB driver (official `mongodb` package), with its
 * query and pipeline compilers exported for inspection and reuse.
 */
export { MongoDriver } from './mongo-driver.js'
export { dropCollectionsWithPrefix, dropPrefixedCollections } from './mongo-collection-cleanup.js'
export type { CollectionDropTarget } from './mongo-collection-cleanup.js'
export { mongoCapabilities } from './mongo-driver-capabilities.js'
export {
  DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
  impliesReplicaSet,
  resolveMongoConfig,
} from './mongo-driver-config.js'
export type { MongoDriverConfig, ResolvedMongoDriverConfig } from './mongo-driver-config.js'
export { mapMongoError, mongoErrorCode } from './mongo-error-map.js'
export { mongoFieldMap } from './mongo-field-map.js'
export type { MongoFieldInfo, MongoFieldKind, MongoFieldMap } from './mongo-field-map.js'
export {
  compileMongoFilter,
  compileMongoProjection,
  compileMongoSort,
  escapeRegex,
} from './mongo-query-compiler.js'
export type { MongoSort } from './mongo-query-compiler.js'
export { compileMongoAggregate } from './mongo-aggregate-compiler.js'
export type { AggregateColumn, MongoAggregatePlan } from './mongo-aggregate-compiler.js'
