/**
 * `objectql-toolkit/harness`: test plugins against a real kernel, and obtain real backends.
 *
 * - {@link PluginTestHarness}: boots a kernel with the plugins under test; CRUD and action calls,
 *   hook and event capture with assertions, a fake clock, seeded fixtures, fault injection, the
 *   boot tree and automatic cleanup; `withProtocol()` + `inject()` send requests to REST,
 *   GraphQL, OData or JSON-RPC without a socket. Works under vitest and node:test (no runner
 *   import).
 * - {@link PluginBuilder}: the fluent way to write a plugin.
 * - {@link FaultyDriver}, {@link FakeClock}, {@link RecordFactory}: the parts on their own.
 * - {@link provide}: PostgreSQL, MySQL/MariaDB, Redis, MongoDB for tests, from an env URL, a
 *   container or a throwaway local server, or `unavailable` with the reason.
 */
export { PluginTestHarness } from './plugin-test-harness.js'
export type { PluginTestHarnessOptions } from './plugin-test-harness-options.js'
export { HarnessDataApi, ScopedHarnessApi } from './harness-data-api.js'
export { HarnessCaptures } from './harness-captures.js'
export { HarnessKernelView, HarnessProtocols } from './harness-protocols.js'
export type {
  HarnessProtocol,
  HarnessProtocolOptions,
  HarnessRequest,
  HarnessResponse,
} from './harness-protocols.js'
export type { HarnessLogEntry } from './harness-logger.js'
export { PluginBuilder } from './plugin-builder.js'
export type { BuilderHookOptions } from './plugin-builder.js'
export { FakeClock, FAKE_CLOCK_EPOCH } from './fake-clock.js'
export type { FakeClockOptions } from './fake-clock.js'
export { FaultyDriver, LIFECYCLE_METHODS } from './faulty-driver.js'
export type { DriverCall, DriverMethod, FailOnCallOptions, FaultScope } from './faulty-driver.js'
export { RecordFactory } from './fixtures/record-factory.js'
export type { RecordFactoryOptions, RecordOverrides } from './fixtures/record-factory.js'
export { sequentialIds } from './fixtures/sequential-ids.js'
export { HookExpectation, HookRecorder, RECORDER_PACKAGE } from './recorders/hook-recorder.js'
export type { HookCall, HookRegistrar } from './recorders/hook-recorder.js'
export { EventExpectation, EventRecorder } from './recorders/event-recorder.js'
export type { DeepPartial, EventRecord } from './recorders/event-recorder.js'
export { matchesPartial } from './recorders/harness-assertion.js'
export { describeProvided, provide, requiredServices } from './services/provide.js'
export { ServiceRegistry, serviceRegistry } from './services/service-registry.js'
export { SERVICE_REPORT_VARIABLE, readServiceReport } from './services/service-report.js'
export type { ServiceReportEntry } from './services/service-report.js'
export { SERVICE_NAMES, serviceUrlVariable } from './services/service-types.js'
export type {
  LocalServerOptions,
  ProvideOptions,
  ProvidedService,
  ServiceKind,
  ServiceName,
  StartedService,
} from './services/service-types.js'
export { detectContainerRuntime, findContainerRuntimeHint } from './services/container-runtime.js'
export type {
  ContainerRuntimeOptions,
  ContainerRuntimeStatus,
} from './services/container-runtime.js'
export { startContainerService } from './services/container-service.js'
export type { ContainerServiceOptions } from './services/container-service.js'
export { startLocalMysql } from './services/local-mysql.js'
export { startLocalPostgres } from './services/local-postgres.js'
export { startLocalRedis } from './services/local-redis.js'
export { probeService, waitUntilAnswers } from './services/service-probe.js'
export type { WaitOptions } from './services/service-probe.js'
