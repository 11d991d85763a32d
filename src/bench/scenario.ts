/**
 * What a benchmark scenario is. A scenario's figure is never an absolute time: it is the ratio
 * of its task to a reference task measured in the same process (the raw driver on the same
 * connection, a bare Fastify route, a hand-written predicate), so machine speed and noisy
 * neighbours cancel out. Every figure is lower-is-better.
 */

/**
 * `in-process`: CPU work inside one process (default regression threshold 15%).
 * `io`: crosses a socket or a database (default threshold 25%, because the other side adds noise).
 */
export type ScenarioKind = 'in-process' | 'io'

/** The unit of a scenario's figure: a ratio (`x`) or, for memory scenarios, mebibytes. */
export type ScenarioUnit = 'x' | 'MiB'

/**
 * An absolute target (a gate threshold that fails whenever it is missed, baseline or not).
 * `max`: the figure must be at most this; `min`: at least this.
 */
export interface ScenarioTarget {
  readonly max?: number
  readonly min?: number
  /** Where the target comes from, in words (`within 3x of the driver`). */
  readonly label: string
}

/** A benchmarked operation: synchronous, or returning a promise (awaited inside the timing). */
export type BenchFn = () => unknown

/** What a timed scenario's `setup()` prepares. Both functions run in the same process. */
export interface ScenarioSetup {
  /** The operation under test. */
  readonly task: BenchFn
  /** The reference it is measured against (its absolute p50 is recorded for information). */
  readonly reference: BenchFn
  /** Releases connections, servers and timers; always awaited, also after a failure. */
  readonly teardown?: () => Promise<void> | void
}

/** Returned instead of a setup when a scenario cannot run here; the reason shows in reports. */
export interface ScenarioSkip {
  readonly skip: string
}

/** One process's measurement of a measured (non-timed) scenario. */
export interface ScenarioMeasurement {
  /** The figure, in the scenario's unit. */
  readonly value: number
  /** The absolute reference figure, for information only (e.g. the array's heap in MiB). */
  readonly reference?: { readonly value: number; readonly unit: string }
}

/** Descriptive fields every scenario has. */
export interface ScenarioInfo {
  /** Unique id, `group/what`, e.g. `kernel/findOne-vs-driver`. `--filter` matches it. */
  readonly name: string
  /** The group it belongs to (`kernel`, `hooks`, `filter`, ...). */
  readonly group: string
  readonly kind: ScenarioKind
  /** A short human label for tables and charts. */
  readonly title: string
  /** What the task and the reference are, in one or two sentences. */
  readonly description: string
  /** Default `x` (a ratio). */
  readonly unit?: ScenarioUnit
  readonly target?: ScenarioTarget
  /** Overrides the kind's default regression threshold (a fraction, 0.15 = 15%). */
  readonly threshold?: number
}

/** A scenario timed with tinybench: `task` p50 / `reference` p50. */
export interface TimedScenario extends ScenarioInfo {
  readonly setup: () => Promise<ScenarioSetup | ScenarioSkip>
}

/** A scenario that measures something other than time (heap, RSS) once per process. */
export interface MeasuredScenario extends ScenarioInfo {
  readonly measure: () => Promise<ScenarioMeasurement | ScenarioSkip>
  /** Extra node flags for its child process (e.g. `--expose-gc`, which every worker gets). */
  readonly nodeFlags?: readonly string[]
}

/** Any scenario. */
export type Scenario = TimedScenario | MeasuredScenario

/** True for a timed scenario. */
export function isTimedScenario(scenario: Scenario): scenario is TimedScenario {
  return 'setup' in scenario && typeof scenario.setup === 'function'
}

/** True when a setup or measurement is a skip. */
export function isSkip(value: object): value is ScenarioSkip {
  return 'skip' in value && typeof value.skip === 'string'
}

/** The scenario's unit, with the default applied. */
export function unitOf(scenario: ScenarioInfo): ScenarioUnit {
  return scenario.unit ?? 'x'
}

/** The default regression threshold of a kind: 15% in-process, 25% across a socket or a DB. */
export const DEFAULT_THRESHOLDS: Readonly<Record<ScenarioKind, number>> = Object.freeze({
  'in-process': 0.15,
  io: 0.25,
})

/** The scenario's regression threshold (its own, or its kind's default). */
export function thresholdOf(scenario: Pick<ScenarioInfo, 'kind' | 'threshold'>): number {
  return scenario.threshold ?? DEFAULT_THRESHOLDS[scenario.kind]
}
