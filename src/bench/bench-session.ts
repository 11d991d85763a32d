import { ObjectQLError } from '../kernel/errors.js'
import { benchEnvironment } from './bench-environment.js'
import type { BenchEnvironment } from './bench-environment.js'
import { aggregateOutcomes } from './bench-result.js'
import type { BenchRun, ProcessOutcome, ScenarioResult } from './bench-result.js'
import { runWorker } from './process-pool.js'
import { isTimedScenario } from './scenario.js'
import type { Scenario } from './scenario.js'
import { builtInScenarioModule } from './scenarios/index.js'

/** Progress of a run, one event at a time (the CLI prints them as lines). */
export type BenchProgress =
  | { readonly kind: 'start'; readonly scenarios: number; readonly processes: number }
  | {
      readonly kind: 'process'
      readonly scenario: Scenario
      /** 1-based process number of this scenario. */
      readonly index: number
      readonly of: number
      readonly outcome: ProcessOutcome
      readonly durationMs: number
    }
  | { readonly kind: 'result'; readonly result: ScenarioResult }

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  /** The scenarios to run (already filtered), in report order. */
  readonly scenarios: readonly Scenario[]
  /**
   * URL of a module exporting the scenarios (an array of them) for your own scenarios; built-in
   * scenarios are found in their own modules.
   */
  readonly module?: string
  /** Fresh processes per scenario; default 5. */
  readonly processes?: number
  /** Measured time per task per process (ms); default 500. */
  readonly time?: number
  /** Warm-up per task per process (ms); default 200. */
  readonly warmupTime?: number
  /** Injected slowdown factors by scenario name (the gate self-test). */
  readonly slowdown?: ReadonlyMap<string, number>
  /** True when this run confirms flagged scenarios (marked on the results). */
  readonly rerun?: boolean
  readonly onProgress?: (event: BenchProgress) => void
  /** Versions and commit to stamp; computed when absent. */
  readonly environment?: BenchEnvironment
}

/** Default number of fresh processes per scenario (the bench anchors' K = 5). */
export const DEFAULT_PROCESSES = 5

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ObjectQLError('CONFIG_INVALID', `${name} must be an integer >= 1, got ${value}`)
  }
  return value
}

/**
 * Runs every scenario in `processes` fresh child processes and aggregates each into a result
 * (median of the per-process figures, bootstrap interval). Processes run one at a time, in
 * rounds over all scenarios, so slow drift of the machine spreads over every scenario instead
 * of hitting one; the task/reference order alternates between rounds. A scenario that skips in
 * its first process is not started again.
 *
 * @throws ObjectQLError `INTERNAL_ERROR` when any process fails (loudly: the run stops).
 */
export async function runBench(options: RunBenchOptions): Promise<BenchRun> {
  const processes = positiveInteger(options.processes ?? DEFAULT_PROCESSES, 'processes')
  const time = positiveInteger(options.time ?? 500, 'time')
  const warmupTime = positiveInteger(options.warmupTime ?? 200, 'warmupTime')
  const env = options.environment ?? benchEnvironment()
  const moduleOf = (name: string): string => {
    const url = builtInScenarioModule(name) ?? options.module
    if (url === undefined) {
      throw new ObjectQLError('CONFIG_INVALID', `scenario ${name} is not built in: pass its module`)
    }
    return url
  }
  const date = new Date().toISOString()
  const outcomes = new Map<string, ProcessOutcome[]>()
  const skipped = new Set<string>()
  options.onProgress?.({ kind: 'start', scenarios: options.scenarios.length, processes })

  for (let round = 0; round < processes; round++) {
    for (const scenario of options.scenarios) {
      if (skipped.has(scenario.name)) continue
      const started = Date.now()
      const outcome = await runWorker(
        {
          module: moduleOf(scenario.name),
          scenario: scenario.name,
          time,
          warmupTime,
          referenceFirst: round % 2 === 0,
          slowdown: options.slowdown?.get(scenario.name) ?? 1,
        },
        isTimedScenario(scenario) ? {} : { nodeFlags: scenario.nodeFlags ?? [] },
      )
      const list = outcomes.get(scenario.name) ?? []
      list.push(outcome)
      outcomes.set(scenario.name, list)
      if (outcome.kind === 'skipped') skipped.add(scenario.name)
      options.onProgress?.({
        kind: 'process',
        scenario,
        index: round + 1,
        of: outcome.kind === 'skipped' ? round + 1 : processes,
        outcome,
        durationMs: Date.now() - started,
      })
    }
  }

  const results = options.scenarios.map((scenario) => {
    const result = aggregateOutcomes(
      scenario,
      outcomes.get(scenario.name) ?? [],
      env,
      options.rerun,
    )
    options.onProgress?.({ kind: 'result', result })
    return result
  })
  return {
    schema: 1,
    toolkit: env.toolkit,
    node: env.node,
    commit: env.commit,
    date,
    cpu: env.cpu,
    processes,
    timeMs: time,
    results,
  }
}

/**
 * The scenarios whose name contains any of `patterns` (all of them without patterns).
 *
 * @throws ObjectQLError `CONFIG_INVALID` when the patterns select nothing (a typo must not pass
 *   a gate by running zero scenarios).
 */
export function selectScenarios(
  scenarios: readonly Scenario[],
  patterns: readonly string[] | undefined,
): Scenario[] {
  if (patterns === undefined || patterns.length === 0) return [...scenarios]
  const selected = scenarios.filter((s) => patterns.some((pattern) => s.name.includes(pattern)))
  if (selected.length === 0) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `--filter ${patterns.join(',')} matches no scenario (see objectql bench --list)`,
    )
  }
  return selected
}
