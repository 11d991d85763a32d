import { describe, expect, it } from 'vitest'
import { runDriverConformance } from '../../src/compliance/index.js'
import { BROKEN_DRIVERS } from './broken-driver-catalog.js'

// Properties and model-based runs must catch bugs on their own too (not only the example
// audits), report a shrunk case with seed and path, and replay exactly that case.
const CASES = [
  { bug: 'lte-off-by-one', audit: 'DRV-PROP-001', evidence: '$lte' },
  { bug: 'ignores-offset', audit: 'DRV-PROP-004', evidence: 'offset' },
  { bug: 'live-references', audit: 'DRV-PROP-008', evidence: 'steps: 1. ' },
  { bug: 'update-replaces', audit: 'DRV-PROP-008', evidence: 'update' },
  { bug: 'not-three-valued', audit: 'DRV-PROP-006', evidence: '$not' },
]

describe('self-test: generated audits catch broken drivers and replay the shrunk case', () => {
  for (const { bug, audit, evidence } of CASES) {
    it(`${audit} catches ${bug}; --replay <seed>/<path> repeats the same minimal case`, async () => {
      const broken = BROKEN_DRIVERS.find((driver) => driver.bug === bug)
      if (broken === undefined) throw new Error(`no broken driver ${bug}`)
      const first = await runDriverConformance({
        factory: broken.factory,
        only: [audit],
        seed: 2024,
      })
      const failure = first.audits[0]
      if (failure?.status !== 'fail')
        throw new Error(`${audit} did not catch ${bug}: ${JSON.stringify(failure)}`)
      expect(failure.message).toContain(evidence)
      expect(failure.seed).toBe(2024)
      expect(failure.path).toMatch(/^\d+(:\d+)*$/)
      const replay = await runDriverConformance({
        factory: broken.factory,
        only: [audit],
        replay: `${failure.seed}/${failure.path}`,
      })
      const again = replay.audits[0]
      expect(again?.status).toBe('fail')
      expect(again?.status === 'fail' ? again.minimalCase : undefined).toEqual(failure.minimalCase)
    })
  }
})
