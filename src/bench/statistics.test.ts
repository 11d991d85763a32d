import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  bootstrapChangeInterval,
  bootstrapMedianInterval,
  geometricMean,
  median,
  quantile,
  robustCv,
  seededRandom,
} from './statistics.js'

const SEED = 20_240_101

describe('median and quantile', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([7])).toBe(7)
  })

  it('interpolates linearly between order statistics (type 7, as tinybench)', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12)
    expect(quantile([10, 20], 0.9)).toBeCloseTo(19, 12)
    expect(quantile([3, 1, 2], 0)).toBe(1)
    expect(quantile([3, 1, 2], 1)).toBe(3)
  })

  it('lies between min and max and does not depend on input order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (values) => {
          const m = median(values)
          expect(m).toBeGreaterThanOrEqual(Math.min(...values))
          expect(m).toBeLessThanOrEqual(Math.max(...values))
          expect(median([...values].reverse())).toBe(m)
        },
      ),
      { seed: SEED },
    )
  })

  it('rejects empty and non-finite input instead of returning NaN', () => {
    expect(() => median([])).toThrow(/empty/)
    expect(() => median([1, Number.NaN])).toThrow(/non-finite/)
    expect(() => quantile([1, 2], 1.5)).toThrow(/not in \[0, 1\]/)
  })
})

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const c = seededRandom(43)
    const first = Array.from({ length: 5 }, () => a())
    expect(Array.from({ length: 5 }, () => b())).toEqual(first)
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first)
    for (const value of first) {
      expect(value).toBeGreaterThanOrEqual(0)
      expect(value).toBeLessThan(1)
    }
  })
})

describe('bootstrapMedianInterval', () => {
  it('is reproducible for a seed and contains the median', () => {
    const values = [1.02, 0.98, 1.05, 1.01, 0.97, 1.1, 0.99]
    const one = bootstrapMedianInterval(values, { seed: 7 })
    const two = bootstrapMedianInterval(values, { seed: 7 })
    expect(two).toEqual(one)
    expect(one[0]).toBeLessThanOrEqual(median(values))
    expect(one[1]).toBeGreaterThanOrEqual(median(values))
    expect(one[0]).toBeGreaterThanOrEqual(Math.min(...values))
    expect(one[1]).toBeLessThanOrEqual(Math.max(...values))
  })

  it('is narrower for tightly clustered values than for spread ones', () => {
    const tight = bootstrapMedianInterval([1.0, 1.01, 0.99, 1.0, 1.02, 0.98, 1.01], { seed: 1 })
    const wide = bootstrapMedianInterval([0.6, 1.4, 0.8, 1.0, 1.3, 0.7, 1.2], { seed: 1 })
    expect(tight[1] - tight[0]).toBeLessThan(wide[1] - wide[0])
  })

  it('is the value itself for a single process', () => {
    expect(bootstrapMedianInterval([2.5])).toEqual([2.5, 2.5])
  })

  it('rejects a confidence outside (0, 1)', () => {
    expect(() => bootstrapMedianInterval([1, 2], { confidence: 1 })).toThrow(/confidence/)
  })
})

describe('bootstrapChangeInterval', () => {
  it('lies wholly above zero for a clear 2x slowdown', () => {
    const base = [1.0, 1.05, 0.97, 1.02, 0.99]
    const slow = base.map((v) => v * 2)
    const [low, high] = bootstrapChangeInterval(base, slow, { seed: SEED })
    expect(low).toBeGreaterThan(0.5)
    expect(high).toBeLessThan(1.5)
  })

  it('straddles zero when both sides come from the same noise', () => {
    const random = seededRandom(SEED)
    const noisy = (): number[] => Array.from({ length: 5 }, () => 1 + (random() - 0.5) * 0.1)
    const [low, high] = bootstrapChangeInterval(noisy(), noisy(), { seed: SEED })
    expect(low).toBeLessThan(0)
    expect(high).toBeGreaterThan(0)
  })

  it('cannot exclude zero when an outlier process overlaps the other side', () => {
    // The JIT lottery: one baseline process 2x slower. The interval must not claim a change.
    const base = [1.0, 1.02, 2.1, 0.99, 1.01]
    const candidate = [1.1, 1.12, 1.09, 1.11, 1.1]
    const [low] = bootstrapChangeInterval(base, candidate, { seed: SEED })
    expect(low).toBeLessThan(0.075)
  })
})

describe('geometricMean and robustCv', () => {
  it('averages ratios multiplicatively', () => {
    expect(geometricMean([0.5, 2])).toBeCloseTo(1, 12)
    expect(geometricMean([4, 1, 2])).toBeCloseTo(2, 12)
    expect(() => geometricMean([1, 0])).toThrow(/positive/)
  })

  it('measures spread robustly (one wild value barely moves it)', () => {
    expect(robustCv([1, 1, 1, 1])).toBe(0)
    const calm = robustCv([1, 1.02, 0.98, 1.01, 0.99])
    expect(calm).toBeGreaterThan(0)
    expect(robustCv([1, 1.02, 0.98, 1.01, 9])).toBeLessThan(calm * 2)
  })
})
