import { findBaseline } from './baseline-store.js'
import type { BaselineFile, BaselineResult } from './baseline-store.js'
import { formatTarget, formatValue, meetsTarget, seedOf } from './bench-result.js'
import type { BenchRun, MeasuredResult, ScenarioResult } from './bench-result.js'
import { bootstrapChangeInterval } from './statistics.js'
import type { Interval } from './statistics.js'

/**
 * How a scenario compares with its baseline:
 * - `pass`: within the threshold; `improved`: faster beyond it (reported, never failing);
 * - `flagged`: slower beyond the threshold with the interval agreeing, awaiting a re-run;
 * - `confirmed`: flagged again on a re-run in fresh processes (fails the gate);
 * - `not-confirmed`: flagged once, fine on the re-run (noise);
 * - `new`: no stored figure; `ungated`: no baseline for this Node/toolkit version;
 * - `skipped`: the scenario did not run here.
 */
export type RegressionVerdict =
  'pass' | 'improved' | 'flagged' | 'confirmed' | 'not-confirmed' | 'new' | 'ungated' | 'skipped'

/** The gate's decision for one scenario. */
export interface ScenarioVerdict {
  readonly name: string
  readonly regression: RegressionVerdict
  /** The absolute target: checked on every run, baseline or not. */
  readonly target: 'met' | 'missed' | 'none'
  /** True when this scenario fails the gate. */
  readonly fails: boolean
  readonly threshold: number
  /** `median(now) / median(baseline) - 1`; positive is slower. */
  readonly change?: number
  readonly changeInterval?: Interval
  readonly baselineValue?: number
  /** One line saying why. */
  readonly note: string
}

/** The gate's decision for a run. */
export interface GateReport {
  readonly passed: boolean
  /** The baseline key of this run (`node-20.20/toolkit-0.1.0`). */
  readonly key: string
  /** False when no baseline matched the key: regressions were not checked, targets were. */
  readonly gated: boolean
  readonly warnings: readonly string[]
  readonly verdicts: readonly ScenarioVerdict[]
}

/** Options of the gate's statistics. */
export interface GateOptions {
  /** Confidence of the change interval; default 0.95. */
  readonly confidence?: number
  /** Bootstrap resamples; default 4000. */
  readonly resamples?: number
}

/** The comparison of one measured result with its stored figures. */
export interface Comparison {
  readonly change: number
  readonly interval: Interval
  /** Slower beyond the threshold, and the interval's lower bound beyond half of it. */
  readonly regressed: boolean
  /** Faster beyond the threshold, and the interval's upper bound beyond half of it. */
  readonly improved: boolean
}

const pct = (value: number): string => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`

/**
 * Compares a result with its baseline (the bench anchors' decision rule): the change of the
 * median must pass the threshold T AND the 95% bootstrap interval of the change (resampling the
 * per-process figures of both sides) must lie beyond T/2, so a single noisy process cannot flag.
 */
export function compareWithBaseline(
  current: MeasuredResult,
  stored: BaselineResult,
  options: GateOptions = {},
): Comparison {
  const change = current.value / stored.value - 1
  const interval = bootstrapChangeInterval(stored.processes, current.processes, {
    confidence: options.confidence ?? 0.95,
    resamples: options.resamples ?? 4000,
    seed: seedOf(current.name),
  })
  const t = current.threshold
  return {
    change,
    interval,
    regressed: change > t && interval[0] > t / 2,
    improved: change < -t && interval[1] < -t / 2,
  }
}

function targetVerdict(result: ScenarioResult): ScenarioVerdict['target'] {
  if (result.target === undefined || result.status !== 'measured') return 'none'
  return meetsTarget(result.value, result.target) ? 'met' : 'missed'
}

function judge(
  result: ScenarioResult,
  stored: BaselineResult | undefined,
  gated: boolean,
  options: GateOptions,
): ScenarioVerdict {
  const base = { name: result.name, threshold: result.threshold }
  if (result.status === 'skipped') {
    return { ...base, regression: 'skipped', target: 'none', fails: false, note: result.reason }
  }
  const target = targetVerdict(result)
  const targetNote =
    target === 'missed' && result.target !== undefined
      ? `misses its target ${formatTarget(result.target, result.unit)} (${result.target.label}) at ${formatValue(result.value, result.unit)}`
      : undefined
  const finish = (
    regression: RegressionVerdict,
    note: string,
    extra: Partial<ScenarioVerdict> = {},
  ) => ({
    ...base,
    ...extra,
    regression,
    target,
    fails: target === 'missed' || regression === 'confirmed',
    note: targetNote === undefined ? note : `${targetNote}; ${note}`,
  })
  if (!gated) return finish('ungated', 'no baseline for this Node/toolkit version')
  if (stored === undefined || stored.unit !== result.unit) {
    return finish('new', 'no baseline figure yet')
  }
  const comparison = compareWithBaseline(result, stored, options)
  const detail =
    `${pct(comparison.change)} vs baseline ${formatValue(stored.value, stored.unit)} ` +
    `(95% CI ${pct(comparison.interval[0])} to ${pct(comparison.interval[1])}, threshold ${Math.round(result.threshold * 100)}%)`
  const extra = {
    change: comparison.change,
    changeInterval: comparison.interval,
    baselineValue: stored.value,
  }
  if (comparison.regressed) return finish('flagged', `slower: ${detail}`, extra)
  if (comparison.improved) return finish('improved', `faster: ${detail}`, extra)
  return finish('pass', detail, extra)
}

function report(
  key: string,
  gated: boolean,
  warnings: string[],
  verdicts: ScenarioVerdict[],
): GateReport {
  return { passed: verdicts.every((v) => !v.fails), key, gated, warnings, verdicts }
}

/**
 * First stage of the gate: each scenario against the baseline of the run's Node and toolkit
 * version. Without such a baseline it warns and skips regression checks (never comparing apples
 * to oranges); absolute targets are checked either way.
 */
export function evaluateGate(
  run: BenchRun,
  file: BaselineFile | undefined,
  options: GateOptions = {},
): GateReport {
  const { key, baseline, stored } = findBaseline(file, run.node, run.toolkit)
  const warnings: string[] = []
  if (baseline === undefined) {
    warnings.push(
      stored.length === 0
        ? `no stored baseline: regression gating skipped (absolute targets still apply); ` +
            `record one with --update-baseline`
        : `no baseline for ${key} (stored: ${stored.join(', ')}): regression gating skipped ` +
            `instead of comparing different Node or toolkit versions (absolute targets still apply)`,
    )
  }
  const verdicts = run.results.map((result) =>
    judge(result, baseline?.results[result.name], baseline !== undefined, options),
  )
  return report(key, baseline !== undefined, warnings, verdicts)
}

/**
 * Names of the scenarios a first stage flagged, to re-run in fresh processes: regressions, and
 * missed absolute targets too, since one slow process can tip a median near its target.
 */
export function flaggedScenarios(gate: GateReport): string[] {
  return gate.verdicts
    .filter((v) => v.regression === 'flagged' || v.target === 'missed')
    .map((v) => v.name)
}

/** A missed target judged again on the re-run: it stays missed only if the re-run misses too. */
function confirmTarget(
  verdict: ScenarioVerdict,
  again: ScenarioResult | undefined,
): ScenarioVerdict {
  if (again === undefined || again.status !== 'measured') {
    return { ...verdict, note: `${verdict.note}; target not re-run` }
  }
  const value = formatValue(again.value, again.unit)
  return targetVerdict(again) === 'met'
    ? {
        ...verdict,
        target: 'met',
        note: `${verdict.note}; target met on re-run at ${value} (noise)`,
      }
    : { ...verdict, note: `${verdict.note}; target missed again on re-run at ${value}` }
}

/** A flagged regression judged again on the re-run (see {@link confirmGate}). */
function confirmRegression(
  verdict: ScenarioVerdict,
  again: ScenarioResult | undefined,
  baseline: { results: Readonly<Record<string, BaselineResult>> } | undefined,
  options: GateOptions,
): ScenarioVerdict {
  if (again === undefined || baseline === undefined) {
    return { ...verdict, regression: 'confirmed', note: `${verdict.note}; not re-run` }
  }
  const second = judge(again, baseline.results[verdict.name], true, options)
  const confirmed = second.regression === 'flagged'
  return {
    ...verdict,
    regression: confirmed ? 'confirmed' : 'not-confirmed',
    note: confirmed
      ? `regression confirmed on re-run: ${second.note}`
      : `flagged (${verdict.note}), not confirmed on re-run: ${second.note}`,
  }
}

/**
 * Second stage: flagged scenarios judged again on a re-run in fresh processes. A regression
 * fails only if the re-run flags it too (`confirmed`), otherwise it was noise (`not-confirmed`);
 * a missed absolute target fails only if the re-run misses it too. This turns a per-scenario
 * false-alarm rate p into about p squared.
 */
export function confirmGate(
  first: GateReport,
  rerun: BenchRun,
  file: BaselineFile | undefined,
  options: GateOptions = {},
): GateReport {
  const { baseline } = findBaseline(file, rerun.node, rerun.toolkit)
  const verdicts = first.verdicts.map((verdict) => {
    const regressed = verdict.regression === 'flagged'
    if (!regressed && verdict.target !== 'missed') return verdict
    const again = rerun.results.find((r) => r.name === verdict.name)
    let next = verdict.target === 'missed' ? confirmTarget(verdict, again) : verdict
    if (regressed) next = confirmRegression(next, again, baseline, options)
    return { ...next, fails: next.target === 'missed' || next.regression === 'confirmed' }
  })
  return report(first.key, first.gated, [...first.warnings], verdicts)
}
