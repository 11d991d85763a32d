/**
 * `objectql-toolkit/protocols/graphql`: GraphQL over HTTP with a schema generated from metadata
 * (upstream's names), typed filters, Relay connections, batched lookups and depth/complexity
 * limits.
 */
export { BatchLoader, MAX_BATCH_IDS } from './graphql-batch-loader.js'
export type { BatchFetch } from './graphql-batch-loader.js'
export {
  buildConnection,
  connectionDigest,
  connectionWindow,
  decodeCursor,
  encodeCursor,
} from './graphql-connection.js'
export type { ConnectionArgs, ConnectionResult, ConnectionWindow } from './graphql-connection.js'
export { formatGraphQLError, requestErrorBody } from './graphql-error-map.js'
export type { CodedGraphQLError, GraphQLErrorPhase } from './graphql-error-map.js'
export { GraphQLExecutor } from './graphql-executor.js'
export type { GraphQLExecutorOptions, GraphQLOutcome } from './graphql-executor.js'
export { GraphQLJSON, fieldShape } from './graphql-field-types.js'
export type { FieldShape, GraphQLValueKind } from './graphql-field-types.js'
export { toFilterCondition, toOrderBy } from './graphql-filter-input.js'
export { DEFAULT_GRAPHQL_LIMITS, complexityLimitRule, depthLimitRule } from './graphql-limits.js'
export type { GraphQLLimits } from './graphql-limits.js'
export { camelName, objectGraphQLNames, pascalName } from './graphql-naming.js'
export type { ObjectGraphQLNames } from './graphql-naming.js'
export { getParams, negotiateMediaType, postParams } from './graphql-request-params.js'
export type { GraphQLMediaType, GraphQLRequestParams } from './graphql-request-params.js'
export { createGraphQLContext } from './graphql-resolvers.js'
export type { GraphQLRequestContext } from './graphql-resolvers.js'
export { generateGraphQLSchema, generateGraphQLSdl } from './graphql-schema-generator.js'
export {
  GRAPHQL_DEFAULT_PATH,
  GRAPHQL_DEFAULT_PORT,
  createGraphQLProtocol,
  createGraphQLServer,
  graphqlProtocol,
} from './graphql-server.js'
export type { GraphQLProtocolOptions, GraphQLServerOptions } from './graphql-server.js'
