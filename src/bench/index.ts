/**
 * `objectql-toolkit/bench`: benchmark scenarios measured as ratios to a reference task in the
 * same process, run in several fresh processes, gated against a stored baseline, and reported
 * as Markdown and SVG. The `objectql bench` command is a thin layer over these exports.
 *
 * @example
 * import { SCENARIOS, runBench, evaluateGate, readBaselineFile } from 'objectql-toolkit/bench'
 * const run = await runBench({ scenarios: SCENARIOS.filter((s) => s.group === 'filter') })
 * const gate = evaluateGate(run, await readBaselineFile('reports/bench/baseline.json'))
 */

// Scenarios
export { DEFAULT_THRESHOLDS, isSkip, isTimedScenario, thresholdOf, unitOf } from './scenario.js'
export type {
  BenchFn,
  MeasuredScenario,
  Scenario,
  ScenarioInfo,
  ScenarioKind,
  ScenarioMeasurement,
  ScenarioSetup,
  ScenarioSkip,
  ScenarioTarget,
  ScenarioUnit,
  TimedScenario,
} from './scenario.js'
export {
  FAST_GATE_FILTER,
  FILTER_SCENARIOS,
  FOOTPRINT_SCENARIOS,
  GRAPHQL_SCENARIOS,
  KERNEL_SCENARIOS,
  MEMORY_DRIVER_SCENARIOS,
  METADATA_SCENARIOS,
  NORMALIZER_SCENARIOS,
  PROTOCOL_SCENARIOS,
  REDIS_SCENARIOS,
  SCENARIOS,
  SQL_SCENARIOS,
  builtInScenarioModule,
} from './scenarios/index.js'

// Running
export { measureTimed } from './bench-runner.js'
export type { TimedMeasurement, TimedRunOptions } from './bench-runner.js'
export { DEFAULT_PROCESSES, runBench, selectScenarios } from './bench-session.js'
export type { BenchProgress, RunBenchOptions } from './bench-session.js'
export { RESULT_MARKER, parseWorkerOutput, runWorker, workerCommand } from './process-pool.js'
export type { RunWorkerOptions, WorkerReply, WorkerRequest } from './process-pool.js'
export { benchEnvironment, gitCommit, toolkitVersion } from './bench-environment.js'
export type { BenchEnvironment } from './bench-environment.js'

// Results and statistics
export {
  aggregateOutcomes,
  formatTarget,
  formatValue,
  meetsTarget,
  seedOf,
  skippedResult,
} from './bench-result.js'
export type {
  BenchRun,
  MeasuredResult,
  ProcessOutcome,
  RunEnvironment,
  ScenarioResult,
  SkippedResult,
} from './bench-result.js'
export {
  bootstrapChangeInterval,
  bootstrapMedianInterval,
  geometricMean,
  median,
  quantile,
  robustCv,
  seededRandom,
} from './statistics.js'
export type { BootstrapOptions, Interval, RandomSource } from './statistics.js'

// Gate and baselines
export { compareWithBaseline, confirmGate, evaluateGate, flaggedScenarios } from './bench-gate.js'
export type {
  Comparison,
  GateOptions,
  GateReport,
  RegressionVerdict,
  ScenarioVerdict,
} from './bench-gate.js'
export {
  baselineKey,
  findBaseline,
  parseBaselineFile,
  readBaselineFile,
  round4,
  withRunAsBaseline,
  writeBaselineFile,
} from './baseline-store.js'
export type { Baseline, BaselineFile, BaselineResult } from './baseline-store.js'
export { HISTORY_LIMIT, appendRun, readHistoryFile, writeHistoryFile } from './bench-history.js'
export type { HistoryEntry, HistoryFile } from './bench-history.js'

// Reports
export { renderMarkdownSummary } from './reports/markdown-summary.js'
export type { MarkdownSummaryOptions } from './reports/markdown-summary.js'
export { renderRatioChart } from './reports/svg-chart.js'
export { renderTrendChart } from './reports/svg-trend-chart.js'
export type { TrendSeriesInfo } from './reports/svg-trend-chart.js'
export { REPORT_FILES, writeBenchReports } from './reports/report-writer.js'
export type { WriteBenchReportsOptions } from './reports/report-writer.js'
