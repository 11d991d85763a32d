import { ObjectQLError } from '../kernel/errors.js'

/**
 * Small, dependency-free statistics for benchmark gating. Everything here works on the handful
 * of per-process values a run produces (typically 3 to 10), never on raw within-run samples:
 * samples inside one process are autocorrelated and blind to the per-process "JIT lottery", so
 * the process is the unit of replication.
 */

/** A deterministic source of uniform numbers in [0, 1). */
export type RandomSource = () => number

/**
 * mulberry32: a tiny seeded PRNG. Bootstrap intervals must be reproducible (the same results give
 * the same verdict on every machine), so nothing in the gate uses `Math.random`.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function checkValues(values: readonly number[], what: string): void {
  if (values.length === 0) {
    throw new ObjectQLError('INTERNAL_ERROR', `${what} of an empty list is undefined`)
  }
  for (const value of values) {
    if (!Number.isFinite(value)) {
      throw new ObjectQLError('INTERNAL_ERROR', `${what} got a non-finite value (${value})`)
    }
  }
}

/**
 * The q-quantile (0..1) with linear interpolation between order statistics (type 7, as R's
 * default and tinybench's percentiles), so our p50 and tinybench's p50 agree.
 */
export function quantile(values: readonly number[], q: number): number {
  checkValues(values, 'quantile')
  if (!(q >= 0 && q <= 1))
    throw new ObjectQLError('INTERNAL_ERROR', `quantile ${q} is not in [0, 1]`)
  const sorted = [...values].sort((a, b) => a - b)
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  const lowValue = sorted[low] ?? 0
  const highValue = sorted[high] ?? lowValue
  return lowValue + (highValue - lowValue) * (position - low)
}

/** The median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

/** The geometric mean of positive values: the right average for ratios (benchstat's summary). */
export function geometricMean(values: readonly number[]): number {
  checkValues(values, 'geometricMean')
  let sum = 0
  for (const value of values) {
    if (value <= 0) throw new ObjectQLError('INTERNAL_ERROR', `geometricMean needs positive values`)
    sum += Math.log(value)
  }
  return Math.exp(sum / values.length)
}

/** Options of the bootstrap functions. */
export interface BootstrapOptions {
  /** Two-sided confidence level; default 0.95. */
  readonly confidence?: number
  /** Resamples drawn; default 2000. */
  readonly resamples?: number
  /** Seed of the PRNG; default 1. Same seed and values, same interval. */
  readonly seed?: number
}

/** A confidence interval `[low, high]`. */
export type Interval = readonly [number, number]

function resample(values: readonly number[], random: RandomSource, into: number[]): number[] {
  for (let i = 0; i < values.length; i++) {
    into[i] = values[Math.floor(random() * values.length)] ?? 0
  }
  return into
}

function percentileInterval(estimates: number[], confidence: number): Interval {
  const alpha = (1 - confidence) / 2
  return [quantile(estimates, alpha), quantile(estimates, 1 - alpha)]
}

function bootstrapSettings(options: BootstrapOptions): {
  confidence: number
  resamples: number
  random: RandomSource
} {
  const confidence = options.confidence ?? 0.95
  const resamples = options.resamples ?? 2000
  if (!(confidence > 0 && confidence < 1)) {
    throw new ObjectQLError('INTERNAL_ERROR', `confidence ${confidence} is not in (0, 1)`)
  }
  if (!Number.isInteger(resamples) || resamples < 10) {
    throw new ObjectQLError('INTERNAL_ERROR', `resamples must be an integer >= 10`)
  }
  return { confidence, resamples, random: seededRandom(options.seed ?? 1) }
}

/**
 * Percentile-bootstrap confidence interval of the median of `values`. With one value the
 * interval is that value (nothing to resample; callers see a zero-width interval, not a guess).
 */
export function bootstrapMedianInterval(
  values: readonly number[],
  options: BootstrapOptions = {},
): Interval {
  checkValues(values, 'bootstrapMedianInterval')
  const { confidence, resamples, random } = bootstrapSettings(options)
  if (values.length === 1) return [values[0] ?? 0, values[0] ?? 0]
  const scratch: number[] = []
  const estimates: number[] = []
  for (let i = 0; i < resamples; i++) estimates.push(median(resample(values, random, scratch)))
  return percentileInterval(estimates, confidence)
}

/**
 * Percentile-bootstrap interval of the relative change of the median,
 * `median(candidate) / median(baseline) - 1`, resampling both groups independently (two-sample
 * bootstrap, as Criterion does for its change estimate). A positive change means the candidate
 * is larger, which for our lower-is-better ratios means slower.
 */
export function bootstrapChangeInterval(
  baseline: readonly number[],
  candidate: readonly number[],
  options: BootstrapOptions = {},
): Interval {
  checkValues(baseline, 'bootstrapChangeInterval')
  checkValues(candidate, 'bootstrapChangeInterval')
  const { confidence, resamples, random } = bootstrapSettings(options)
  const baseScratch: number[] = []
  const candidateScratch: number[] = []
  const estimates: number[] = []
  for (let i = 0; i < resamples; i++) {
    const base = median(resample(baseline, random, baseScratch))
    const next = median(resample(candidate, random, candidateScratch))
    estimates.push(base === 0 ? 0 : next / base - 1)
  }
  return percentileInterval(estimates, confidence)
}

/** Robust coefficient of variation: 1.4826 x MAD / median (0 for a single value). */
export function robustCv(values: readonly number[]): number {
  checkValues(values, 'robustCv')
  const center = median(values)
  if (center === 0) return 0
  const mad = median(values.map((value) => Math.abs(value - center)))
  return (1.4826 * mad) / Math.abs(center)
}
