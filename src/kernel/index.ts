/**
 * `objectql-toolkit/kernel`: the micro-kernel and every contract around it. Explicit named
 * exports only, so the public surface is exactly this list (internal helpers of the pipeline,
 * the normalizer and the query engine stay private).
 */

// Kernel
export { Kernel, createKernel } from './kernel.js'
export type { KernelOptions, KernelState, UnregisteredPackage } from './kernel.js'

// Errors
export {
  ERROR_CATALOG,
  ERROR_CODES,
  ObjectQLError,
  hasErrorCode,
  isObjectQLError,
  toObjectQLError,
} from './errors.js'
export type { ErrorCatalogEntry, ErrorCode, ErrorDetails, ObjectQLErrorOptions } from './errors.js'

// Object metadata and the canonical query
export { FIELD_TYPES, SYSTEM_FIELDS } from './spec/object-config.js'
export type {
  ActionConfig,
  DataRecord,
  FieldConfig,
  FieldOption,
  FieldType,
  IndexConfig,
  ObjectConfig,
  RecordInput,
} from './spec/object-config.js'
export {
  AGGREGATE_FUNCTIONS,
  CANONICAL_OPERATORS,
  FILTER_OPERATORS,
  LOGICAL_OPERATORS,
} from './spec/query-ast.js'
export type {
  AggregateFunction,
  AggregationNode,
  CanonicalOperator,
  FieldOperators,
  FilterCondition,
  FilterOperator,
  FilterValue,
  QueryAST,
  SearchNode,
  SortNode,
} from './spec/query-ast.js'
export { QUERY_OPERATIONS, normalizeFilter, normalizeQuery } from './spec/query-normalizer.js'
export type { NormalizeQueryOptions, QueryOperation } from './spec/query-normalizer.js'
export { DEFAULT_MAX_EXPAND_DEPTH } from './spec/expand-normalizer.js'
export { toFilterNode } from './spec/filter-node.js'
export type { AndNode, CompareNode, FilterNode, NotNode, OrNode } from './spec/filter-node.js'
export { andOf, leafOf, notOf, orOf } from './spec/filter-combine.js'
export { deepFreeze, isDeepFrozen } from './spec/deep-freeze.js'
export {
  FieldConfigSchema,
  IndexConfigSchema,
  ObjectConfigSchema,
  parseObjectConfig,
} from './spec/object-config-schema.js'
export type { MetadataIssue } from './spec/object-config-schema.js'
export { listObjectFiles, loadObjectsFromDir } from './spec/object-loader.js'
export { isObjectFile, parseObjectFile } from './spec/object-file-parser.js'

// Drivers
export type {
  BulkUpdate,
  CommandResult,
  Driver,
  DriverCommand,
  DriverOptions,
  IntrospectedColumn,
  IntrospectedForeignKey,
  IntrospectedSchema,
  IntrospectedTable,
  QueryResult,
  TransactionHandle,
  TransactionOptions,
} from './driver/driver.js'
export { DriverBase } from './driver/driver-base.js'
export { DEFAULT_CAPABILITIES, defineCapabilities } from './driver/driver-capabilities.js'
export type { DriverCapabilities, IsolationLevel } from './driver/driver-capabilities.js'
export { RuntimeDriver } from './driver/runtime-driver.js'
export type { RuntimeDriverState } from './driver/runtime-driver.js'

// The in-process query engine (for drivers that evaluate queries themselves)
export {
  aggregateRecords,
  compareValues,
  compileFilter,
  compileProjection,
  compileSort,
  countRecords,
  distinctValues,
  executeQuery,
  interpretFilter,
  pageRows,
  projectRecord,
  querySchemaFor,
  sortRecords,
  valuesEqual,
} from './query/index.js'
export type { QuerySchema, RecordPredicate } from './query/index.js'

// Plugins
export { assertUniqueNames, definePlugin, validatePlugin } from './plugin/plugin.js'
export type {
  CorePlugin,
  KernelPlugin,
  MaybePromise,
  PluginContext,
  PluginHook,
  PluginHookHandler,
  PluginInput,
  PluginLogger,
  RuntimePlugin,
} from './plugin/plugin.js'
export { DEFAULT_PLUGIN_TIMEOUT_MS, PluginLoader } from './plugin/plugin-loader.js'
export type {
  PluginContextSource,
  PluginLoaderOptions,
  PluginLoaderState,
} from './plugin/plugin-loader.js'
export { orderPlugins } from './plugin/plugin-graph.js'
export { normalizePlugin } from './plugin/plugin-adapter.js'
export type { PluginPhase, PluginStyle } from './plugin/plugin-adapter.js'
export { createConsoleLogger, createPluginContextFactory } from './plugin/plugin-context.js'
export type {
  LogLevel,
  PluginContextFactory,
  PluginContextFactoryOptions,
} from './plugin/plugin-context.js'
export { ServiceRegistry } from './plugin/service-registry.js'
export { formatBootTree } from './plugin/boot-tree.js'
export type { BootStatus, BootTree, BootTreeNode } from './plugin/boot-tree.js'

// Metadata
export { MetadataRegistry } from './metadata/metadata-registry.js'
export type {
  MetadataChange,
  MetadataChangeListener,
  MetadataEntry,
  MetadataItem,
} from './metadata/metadata-registry.js'

// Events
export { EventBus } from './events/event-bus.js'
export type {
  EventBusOptions,
  EventHandler,
  EventMeta,
  ListenerErrorHandler,
  ListenerErrorInfo,
  TransportOptions,
} from './events/event-bus.js'
export { InProcessChannel, InProcessTransport } from './events/event-transport.js'
export type { EventTransport, TransportHandler } from './events/event-transport.js'
export { KERNEL_EVENT_NAMES, isClusterEvent } from './events/kernel-events.js'
export type {
  DataCreatedEvent,
  DataDeletedEvent,
  DataEventActor,
  DataUpdatedEvent,
  DriverEvent,
  KernelEventName,
  KernelEvents,
  KernelStartedEvent,
  KernelStartingEvent,
  KernelStoppedEvent,
  KernelStoppingEvent,
  MetadataEvent,
  PluginPhaseEvent,
} from './events/kernel-events.js'
export { findJsonProblem, isJsonSerializable } from './events/json-value.js'
export type { JsonValue } from './events/json-value.js'

// Hooks
export {
  HOOK_EVENTS,
  HOOK_OPERATIONS,
  hookEventFor,
  resolveHookEvent,
} from './hooks/hook-events.js'
export type { HookEvent, HookEventInfo, HookOperation, HookTiming } from './hooks/hook-events.js'
export type { HookContext, HookHandler, HookOptions, HookQuery } from './hooks/hook-context.js'
export { ANY_OBJECT, DEFAULT_HOOK_PRIORITY, HookRegistry } from './hooks/hook-registry.js'
export type { HookEntry } from './hooks/hook-registry.js'

// The data API, middleware and the protocol bridge
export type { DataApi, TransactionRunOptions } from './pipeline/data-api.js'
export type { ExecutionContext, KernelUser } from './pipeline/execution-context.js'
export { MiddlewareRegistry } from './pipeline/middleware.js'
export type {
  Middleware,
  MiddlewareOptions,
  OperationContext,
  OperationName,
} from './pipeline/middleware.js'
export type { KernelDrivers } from './pipeline/datasource-registry.js'
export { OBJECT_METADATA_TYPE, RuntimeProtocolBridge } from './bridge/runtime-protocol-bridge.js'
export type { BridgeKernel, FindDataResult } from './bridge/runtime-protocol-bridge.js'

// Actions and validation
export { ActionRegistry } from './actions/action-registry.js'
export type {
  ActionContext,
  ActionDescriptor,
  ActionHandler,
  ActionOptions,
} from './actions/action-registry.js'
export { assertValid, validateRecord } from './validation/record-validator.js'
export { isWellFormedId } from './validation/record-id.js'
export type {
  RecordValidationOptions,
  RecordValidationResult,
} from './validation/record-validator.js'
export type { ValidationIssue, ValidationRule } from './validation/field-value-check.js'
