import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { BenchRun, GateReport } from '../../src/bench/index.js'
import { BENCH_COMMAND } from '../../src/cli/commands/bench-command.js'

/**
 * THE BENCH GATE SELF-TEST. This is the one place in the repository with timing-based
 * assertions, and they are on ratios, never absolute times: it proves the gate of
 * `objectql bench --gate` works on this very machine.
 *
 * 1. A scenario whose task is deliberately slowed 2x (`--slowdown`, the task runs twice per
 *    call) must be flagged, re-run in fresh processes, confirmed, and fail the command.
 * 2. The unchanged code, run twice (a fresh baseline, then a gated run), must not fail; this is
 *    repeated OBJECTQL_BENCH_SELF_TEST_REPEATS times (default 3) and the false-alarm count is
 *    printed, first-stage flags included.
 *
 * Kept fast for CI with tiny budgets: one in-process scenario, 3 processes, 120 ms per task.
 */

const SCENARIO = 'normalizer/canonical-query'
const REPEATS = Number(process.env['OBJECTQL_BENCH_SELF_TEST_REPEATS'] ?? 3)
const COMMON = [
  '--filter',
  SCENARIO,
  '--processes',
  '3',
  '--time',
  '120',
  '--warmup',
  '60',
  '--no-report',
]

const dir = await mkdtemp(join(tmpdir(), 'objectql-bench-self-test-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

interface BenchJson extends BenchRun {
  readonly gate: GateReport
  readonly confirmation?: BenchRun
}

let counter = 0

/** Runs `objectql bench` in this process (workers are still fresh processes). */
async function bench(
  args: readonly string[],
): Promise<{ code: number; json: BenchJson; err: string }> {
  const jsonPath = join(dir, `run-${counter++}.json`)
  let err = ''
  const code = await BENCH_COMMAND.run([...args, '--json', jsonPath], {
    out: () => undefined,
    err: (text) => {
      err += text
    },
  })
  return { code, json: JSON.parse(await readFile(jsonPath, 'utf8')) as BenchJson, err }
}

describe('bench gate self-test (timing-based by design: ratios of a deliberately 2x-slowed task)', () => {
  it('catches an injected 2x slowdown: flagged, confirmed on a re-run, exit code 1', async () => {
    const baseline = join(dir, 'slowdown-baseline.json')
    const recorded = await bench([...COMMON, '--gate', baseline, '--update-baseline'])
    expect(recorded.code, recorded.err).toBe(0)

    const slowed = await bench([...COMMON, '--gate', baseline, '--slowdown', `${SCENARIO}=2`])
    const verdict = slowed.json.gate.verdicts.find((v) => v.name === SCENARIO)
    console.log(`[bench self-test] injected 2x slowdown: ${verdict?.regression}: ${verdict?.note}`)
    expect(verdict?.regression, slowed.err).toBe('confirmed')
    expect(verdict?.change).toBeGreaterThan(0.5)
    expect(slowed.json.confirmation?.results.map((r) => r.name)).toEqual([SCENARIO])
    expect(slowed.code).toBe(1)
    expect(slowed.err).toMatch(/gate: FAILED/)
  }, 600_000)

  it(`does not flag the unchanged code run twice (${REPEATS} repetitions)`, async () => {
    const outcomes: { regression: string; change: number | undefined; code: number }[] = []
    for (let i = 0; i < REPEATS; i++) {
      const baseline = join(dir, `unchanged-baseline-${i}.json`)
      const first = await bench([...COMMON, '--gate', baseline, '--update-baseline'])
      expect(first.code, first.err).toBe(0)
      const second = await bench([...COMMON, '--gate', baseline])
      const verdict = second.json.gate.verdicts.find((v) => v.name === SCENARIO)
      outcomes.push({
        regression: verdict?.regression ?? 'missing',
        change: verdict?.change,
        code: second.code,
      })
    }
    const flagged = outcomes.filter(
      (o) => o.regression === 'confirmed' || o.regression === 'not-confirmed',
    )
    const falseAlarms = outcomes.filter((o) => o.code !== 0)
    console.log(
      `[bench self-test] unchanged code: ${REPEATS} pairs, ${flagged.length} flagged at the first stage, ` +
        `${falseAlarms.length} false alarms (gate failures); changes: ` +
        outcomes
          .map(
            (o) => `${o.change === undefined ? '?' : (o.change * 100).toFixed(1)}% ${o.regression}`,
          )
          .join(', '),
    )
    expect(
      outcomes.every(
        (o) =>
          o.regression === 'pass' ||
          o.regression === 'not-confirmed' ||
          o.regression === 'improved',
      ),
    ).toBe(true)
    expect(falseAlarms).toEqual([])
  }, 1_200_000)
})
