import { describe, expect, it } from 'vitest'
import { withRunAsBaseline } from './baseline-store.js'
import type { BaselineFile } from './baseline-store.js'
import { compareWithBaseline, confirmGate, evaluateGate, flaggedScenarios } from './bench-gate.js'
import { around, measured, runOf, skipped } from './bench.test-utils.js'

const NAME = 'kernel/findOne-vs-driver'

function baselineOf(...results: Parameters<typeof runOf>[0]): BaselineFile {
  return withRunAsBaseline(undefined, runOf(results))
}

describe('compareWithBaseline', () => {
  it('flags a clear slowdown: change past the threshold and the interval past half of it', () => {
    const base = baselineOf(measured(NAME, around(2)))
    const stored = base.baselines['node-20.20/toolkit-0.1.0']?.results[NAME]
    expect(stored).toBeDefined()
    if (stored === undefined) return
    const comparison = compareWithBaseline(measured(NAME, around(2.6)), stored)
    expect(comparison.change).toBeCloseTo(0.3, 2)
    expect(comparison.interval[0]).toBeGreaterThan(0.075)
    expect(comparison.regressed).toBe(true)
    expect(comparison.improved).toBe(false)
  })

  it('does not flag a change inside the threshold', () => {
    const file = baselineOf(measured(NAME, around(2)))
    const stored = file.baselines['node-20.20/toolkit-0.1.0']?.results[NAME]
    if (stored === undefined) throw new Error('baseline missing')
    const comparison = compareWithBaseline(measured(NAME, around(2.2)), stored)
    expect(comparison.regressed).toBe(false)
  })

  it('does not flag when the median moved past the threshold but the interval disagrees (noise)', () => {
    // Medians differ by ~+20%, but the processes overlap: one slow baseline process (JIT lottery)
    // and one fast candidate process keep the interval's lower bound below T/2.
    const file = baselineOf(measured(NAME, [1.0, 1.3, 1.02, 1.35, 0.99]))
    const stored = file.baselines['node-20.20/toolkit-0.1.0']?.results[NAME]
    if (stored === undefined) throw new Error('baseline missing')
    const noisy = measured(NAME, [1.25, 1.0, 1.24, 1.3, 1.22])
    const comparison = compareWithBaseline(noisy, stored)
    expect(comparison.change).toBeGreaterThan(0.15)
    expect(comparison.regressed).toBe(false)
  })

  it('uses the wider threshold for io scenarios', () => {
    const name = 'sql/postgres-find-100-vs-raw'
    const file = baselineOf(measured(name, around(1.1), { kind: 'io' }))
    const stored = file.baselines['node-20.20/toolkit-0.1.0']?.results[name]
    if (stored === undefined) throw new Error('baseline missing')
    // +20%: a regression for an in-process scenario, within the 25% of an io one.
    expect(
      compareWithBaseline(measured(name, around(1.32), { kind: 'io' }), stored).regressed,
    ).toBe(false)
    expect(compareWithBaseline(measured(name, around(1.32)), stored).regressed).toBe(true)
  })

  it('reports improvements separately', () => {
    const file = baselineOf(measured(NAME, around(2)))
    const stored = file.baselines['node-20.20/toolkit-0.1.0']?.results[NAME]
    if (stored === undefined) throw new Error('baseline missing')
    const comparison = compareWithBaseline(measured(NAME, around(1.2)), stored)
    expect(comparison.improved).toBe(true)
    expect(comparison.regressed).toBe(false)
  })
})

describe('evaluateGate and confirmGate', () => {
  const baseline = baselineOf(measured(NAME, around(2)), measured('filter/x', around(1.2)))

  it('passes an unchanged run', () => {
    const gate = evaluateGate(
      runOf([measured(NAME, around(2.02)), measured('filter/x', around(1.19))]),
      baseline,
    )
    expect(gate.passed).toBe(true)
    expect(gate.gated).toBe(true)
    expect(gate.verdicts.map((v) => v.regression)).toEqual(['pass', 'pass'])
    expect(flaggedScenarios(gate)).toEqual([])
  })

  it('flags first, then fails only when the re-run confirms the regression', () => {
    const first = evaluateGate(
      runOf([measured(NAME, around(4)), measured('filter/x', around(1.2))]),
      baseline,
    )
    expect(first.verdicts[0]?.regression).toBe('flagged')
    // A flag alone does not fail: only a confirmed one does.
    expect(first.verdicts[0]?.fails).toBe(false)
    expect(flaggedScenarios(first)).toEqual([NAME])

    const confirmed = confirmGate(first, runOf([measured(NAME, around(3.9))]), baseline)
    expect(confirmed.verdicts[0]?.regression).toBe('confirmed')
    expect(confirmed.verdicts[0]?.fails).toBe(true)
    expect(confirmed.passed).toBe(false)
    expect(confirmed.verdicts[1]?.regression).toBe('pass')
  })

  it('passes when the re-run does not confirm the flag (noise)', () => {
    const first = evaluateGate(runOf([measured(NAME, around(4))]), baseline)
    const second = confirmGate(first, runOf([measured(NAME, around(2.01))]), baseline)
    expect(second.verdicts[0]?.regression).toBe('not-confirmed')
    expect(second.passed).toBe(true)
    expect(second.verdicts[0]?.note).toMatch(/not confirmed/)
  })

  it('fails a missed absolute target whatever the baseline says', () => {
    const target = { max: 3, label: 'within 3x' }
    const run = runOf([measured(NAME, around(3.5), { target })])
    const withBaseline = evaluateGate(run, baselineOf(measured(NAME, around(3.5), { target })))
    expect(withBaseline.verdicts[0]?.regression).toBe('pass')
    expect(withBaseline.verdicts[0]?.target).toBe('missed')
    expect(withBaseline.passed).toBe(false)
    expect(withBaseline.verdicts[0]?.note).toMatch(/misses its target ≤ 3x/)
    expect(evaluateGate(run, undefined).passed).toBe(false)
    const met = evaluateGate(runOf([measured(NAME, around(2.5), { target })]), undefined)
    expect(met.verdicts[0]?.target).toBe('met')
    expect(met.passed).toBe(true)
  })

  it('re-runs a missed target and fails only when the re-run misses it too', () => {
    const target = { max: 3, label: 'within 3x' }
    const first = evaluateGate(runOf([measured(NAME, around(3.2), { target })]), undefined)
    expect(first.passed).toBe(false)
    expect(flaggedScenarios(first)).toEqual([NAME])

    const noise = confirmGate(first, runOf([measured(NAME, around(2.4), { target })]), undefined)
    expect(noise.verdicts[0]?.target).toBe('met')
    expect(noise.passed).toBe(true)
    expect(noise.verdicts[0]?.note).toMatch(/met on re-run/)

    const again = confirmGate(first, runOf([measured(NAME, around(3.3), { target })]), undefined)
    expect(again.verdicts[0]?.target).toBe('missed')
    expect(again.passed).toBe(false)
    expect(again.verdicts[0]?.note).toMatch(/missed again on re-run/)

    const notRerun = confirmGate(first, runOf([]), undefined)
    expect(notRerun.passed).toBe(false)
  })

  it('checks min targets too', () => {
    const gate = evaluateGate(
      runOf([measured(NAME, around(5), { target: { min: 10, label: '≥ 10x' } })]),
      undefined,
    )
    expect(gate.verdicts[0]?.target).toBe('missed')
  })

  it('warns and skips regression gating on a Node version mismatch, instead of comparing', () => {
    const slowerOnOtherNode = runOf([measured(NAME, around(8))], { node: 'v22.11.0' })
    const gate = evaluateGate(slowerOnOtherNode, baseline)
    expect(gate.gated).toBe(false)
    expect(gate.passed).toBe(true)
    expect(gate.verdicts[0]?.regression).toBe('ungated')
    expect(gate.warnings.join('\n')).toMatch(/no baseline for node-22\.11\/toolkit-0\.1\.0/)
    expect(gate.warnings.join('\n')).toMatch(/stored: node-20\.20\/toolkit-0\.1\.0/)
  })

  it('warns and skips on a toolkit version mismatch too', () => {
    const gate = evaluateGate(runOf([measured(NAME, around(8))], { toolkit: '0.2.0' }), baseline)
    expect(gate.gated).toBe(false)
    expect(gate.verdicts[0]?.regression).toBe('ungated')
  })

  it('marks scenarios without a stored figure as new, and skipped ones as skipped', () => {
    const gate = evaluateGate(
      runOf([
        measured('hooks/new-one', around(1.1)),
        skipped('sql/postgres-x', 'no PostgreSQL URL'),
      ]),
      baseline,
    )
    expect(gate.verdicts.map((v) => v.regression)).toEqual(['new', 'skipped'])
    expect(gate.verdicts[1]?.note).toBe('no PostgreSQL URL')
    expect(gate.passed).toBe(true)
  })

  it('is deterministic: the same results give the same verdicts and intervals', () => {
    const run = runOf([measured(NAME, [2.3, 2.5, 2.1, 2.6, 2.4])])
    expect(evaluateGate(run, baseline)).toEqual(evaluateGate(run, baseline))
  })
})
