/**
 * `objectql-toolkit/compliance`: the driver conformance suite. Two front doors over one engine:
 * {@link runDriverConformance} returns results as data (CLI, reports, any runner);
 * {@link driverSuite} registers one test per audit with the runner's own `test` function.
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
