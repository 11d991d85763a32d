import { describe, expect, it } from 'vitest'
import {
  aggregateOutcomes,
  formatTarget,
  formatValue,
  meetsTarget,
  seedOf,
} from './bench-result.js'
import type { ScenarioInfo } from './scenario.js'

const info: ScenarioInfo = {
  name: 'kernel/x',
  group: 'kernel',
  kind: 'io',
  title: 'x',
  description: 'x',
  target: { max: 3, label: 'within 3x' },
}
const env = { node: 'v20.20.2', commit: 'abc' }

describe('aggregateOutcomes', () => {
  it('takes the median of the processes, an interval around it and the median reference', () => {
    const result = aggregateOutcomes(
      info,
      [4, 2, 3, 100, 2.5].map((value, i) => ({
        kind: 'measured' as const,
        value,
        reference: { value: i + 1, unit: 'µs' },
      })),
      env,
    )
    expect(result).toMatchObject({
      status: 'measured',
      value: 3,
      processes: [4, 2, 3, 100, 2.5],
      reference: { value: 3, unit: 'µs' },
      threshold: 0.25,
      unit: 'x',
      node: 'v20.20.2',
      commit: 'abc',
    })
    if (result.status !== 'measured') return
    expect(result.range[0]).toBeLessThanOrEqual(3)
    expect(result.range[1]).toBeGreaterThanOrEqual(3)
  })

  it('is skipped when no process measured, with the reason', () => {
    expect(aggregateOutcomes(info, [{ kind: 'skipped', reason: 'no URL' }], env)).toMatchObject({
      status: 'skipped',
      reason: 'no URL',
    })
  })
})

describe('formatting and targets', () => {
  it('formats figures with sensible precision', () => {
    expect(formatValue(0.01294, 'x')).toBe('0.013x')
    expect(formatValue(2.414, 'x')).toBe('2.41x')
    expect(formatValue(24.14, 'x')).toBe('24.1x')
    expect(formatValue(160.36, 'MiB')).toBe('160 MiB')
    expect(formatTarget({ max: 3, label: '' }, 'x')).toBe('≤ 3x')
    expect(formatTarget({ max: 1 / 0.7, label: '' }, 'x')).toBe('≤ 1.43x')
    expect(formatTarget({ min: 10, label: '' }, 'x')).toBe('≥ 10x')
    expect(formatTarget({ max: 1024, label: '' }, 'MiB')).toBe('≤ 1024 MiB')
  })

  it('checks max and min targets inclusively', () => {
    expect(meetsTarget(3, { max: 3, label: '' })).toBe(true)
    expect(meetsTarget(3.01, { max: 3, label: '' })).toBe(false)
    expect(meetsTarget(9.9, { min: 10, label: '' })).toBe(false)
    expect(meetsTarget(123, undefined)).toBe(true)
  })

  it('derives a stable seed per name', () => {
    expect(seedOf('a/b')).toBe(seedOf('a/b'))
    expect(seedOf('a/b')).not.toBe(seedOf('a/c'))
  })
})
