/**
 * `objectql-toolkit/compliance`: the driver and protocol conformance suites. Two front doors
 * over each engine: {@link runDriverConformance} / {@link runProtocolConformance} return results
 * as data (CLI, reports, any runner); {@link driverSuite} / {@link protocolSuite} register one
 * test per audit with the runner's own `test` function.
 *
 * @example
 * import { test } from 'vitest'
 * import { driverSuite } from 'objectql-toolkit/compliance'
 * driverSuite({ name: 'my-driver', test, factory: () => new MyDriver() })
 */
export { runDriverConformance } from './driver/run-driver-conformance.js'
export { driverSuite } from './driver/driver-suite.js'
export type { DriverSuiteOptions } from './driver/driver-suite.js'
export { DEFAULT_RUNS } from './driver/conformance-options.js'
export type { DriverConformanceOptions, SkipList } from './driver/conformance-options.js'
export type { DriverConformanceResult } from './driver/conformance-result.js'
export type { ProgressEvent } from './driver/progress-event.js'
export { DRIVER_AUDITS, findDriverAudit } from './driver/audit-catalog.js'
export type { DriverAudit } from './driver/driver-audit.js'
export type { DriverAuditContext, ObjectFixture } from './driver/audit-context.js'
export { REQUIRED_DRIVER_METHODS, assertDriverShape } from './driver/driver-factory.js'
export type { DriverFactory } from './driver/driver-factory.js'
export { runAudit } from './driver/run-audit.js'
export type { AuditRunSettings } from './driver/run-audit.js'
export { formatFailure } from './driver/format-failure.js'
export { runDifferential } from './driver/differential.js'
export type {
  DifferentialDriver,
  DifferentialOptions,
  DifferentialResult,
  Disagreement,
} from './driver/differential.js'
export { AUDIT_GROUPS, AUDIT_GROUP_TITLES } from './common/audit-groups.js'
export type { AuditGroup } from './common/audit-groups.js'
export type { Audit, AuditLevel, CapabilityName } from './common/audit.js'
export type {
  AuditOutcome,
  AuditResult,
  ErrorOutcome,
  FailOutcome,
  PassOutcome,
  SkipKind,
  SkipOutcome,
} from './common/audit-result.js'
export { countResults, gradeGroup, gradeResults } from './common/grading.js'
export type { ConformanceGrade, GroupCell, ResultCounts } from './common/grading.js'
export type { TestBody, TestContextLike, TestFunction } from './common/test-function.js'
export type { BackendInfo } from './common/backend-info.js'
export { parseReplayToken, formatReplayToken } from './common/seed.js'
export type { ReplayToken } from './common/seed.js'
export { parseSpecRules } from './common/spec-rules.js'
export type { SpecRule } from './common/spec-rules.js'
export { buildMatrix } from './report/conformance-matrix.js'
export type { ConformanceMatrix, MatrixRow } from './report/conformance-matrix.js'
export { renderDriverMarkdown, renderMatrixMarkdown } from './report/markdown-report.js'
export { renderMatrixHtml } from './report/html-report.js'
export { renderJUnit } from './report/junit-report.js'
export { renderMatrixText } from './report/matrix-text.js'
export { writeDriverReport, writeJUnitReport, writeMatrixReports } from './report/write-reports.js'

// Protocol conformance: the same two front doors for servers. Nothing here loads a protocol;
// `startInProcessProtocolServer` imports ours on first use.
export { runProtocolConformance } from './protocol/run-protocol-conformance.js'
export { protocolSuite } from './protocol/protocol-suite.js'
export type { ProtocolSuiteOptions, ServedProtocols } from './protocol/protocol-suite.js'
export { startInProcessProtocolServer } from './protocol/in-process-server-loader.js'
export type {
  InProcessProtocolServer,
  InProcessServerOptions,
} from './protocol/in-process-protocol-server.js'
export {
  DEFAULT_PROTOCOL_RUNS,
  parseProtocolList,
  resolvePaths,
} from './protocol/protocol-options.js'
export type { ProtocolConformanceOptions } from './protocol/protocol-options.js'
export type {
  ProtocolAuditResult,
  ProtocolConformanceResult,
  ProtocolProgressEvent,
} from './protocol/protocol-result.js'
export { PROTOCOL_AUDITS, findProtocolAudit } from './protocol/protocol-catalog.js'
export type { ProtocolAudit, ProtocolAuditGroup } from './protocol/protocol-audit.js'
export { PROTOCOL_AUDIT_GROUPS, PROTOCOL_GROUP_TITLES } from './protocol/protocol-groups.js'
export { DEFAULT_PROTOCOL_PATHS, PROTOCOL_NAMES } from './protocol/protocol-audit-context.js'
export type {
  ProtocolAuditContext,
  ProtocolName,
  ProtocolPaths,
} from './protocol/protocol-audit-context.js'
export { injectTransport, urlTransport } from './protocol/protocol-transport.js'
export type {
  HttpMethod,
  InjectTarget,
  ProtocolRequest,
  ProtocolResponse,
  ProtocolTransport,
  UrlTransportOptions,
} from './protocol/protocol-transport.js'
export {
  AuditFailure,
  check,
  describeResponse,
  expectStatus,
  hasContentType,
  jsonBody,
} from './protocol/protocol-checks.js'
export { PROTOCOL_FIXTURE_OBJECTS, PRT_ITEMS, PRT_OWNERS } from './protocol/protocol-fixture.js'
export { writeProtocolFixture } from './protocol/protocol-fixture-files.js'
export { formatProtocolFailure } from './protocol/format-protocol-failure.js'
export { buildProtocolMatrix } from './report/protocol-matrix.js'
export type { ProtocolMatrix, ProtocolMatrixRow } from './report/protocol-matrix.js'
export {
  renderProtocolMarkdown,
  renderProtocolMatrixMarkdown,
} from './report/protocol-markdown-report.js'
export { renderProtocolMatrixHtml } from './report/protocol-html-report.js'
export { renderProtocolJUnit } from './report/protocol-junit-report.js'
export { renderProtocolMatrixText } from './report/protocol-matrix-text.js'
export { readProtocolResults } from './report/protocol-report-files.js'
export { writeProtocolJUnitReport, writeProtocolReport } from './report/write-reports.js'
