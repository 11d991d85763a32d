import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  baselineKey,
  findBaseline,
  parseBaselineFile,
  readBaselineFile,
  withRunAsBaseline,
  writeBaselineFile,
} from './baseline-store.js'
import { appendRun, readHistoryFile, writeHistoryFile } from './bench-history.js'
import { around, measured, runOf, skipped } from './bench.test-utils.js'

const dir = await mkdtemp(join(tmpdir(), 'objectql-bench-store-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('baselineKey', () => {
  it('keys on Node major.minor and the toolkit version', () => {
    expect(baselineKey('v20.20.2', '0.1.0')).toBe('node-20.20/toolkit-0.1.0')
    expect(baselineKey('v20.20.9', '0.1.0')).toBe(baselineKey('v20.20.2', '0.1.0'))
    expect(baselineKey('v20.21.0', '0.1.0')).not.toBe(baselineKey('v20.20.2', '0.1.0'))
    expect(baselineKey('v20.20.2', '0.2.0')).not.toBe(baselineKey('v20.20.2', '0.1.0'))
  })
})

describe('withRunAsBaseline', () => {
  it('stores measured results under the run key, keeps other keys and unmeasured scenarios', () => {
    const first = withRunAsBaseline(
      undefined,
      runOf([measured('a/one', around(2)), measured('b/two', around(3))]),
    )
    const other = withRunAsBaseline(
      first,
      runOf([measured('a/one', around(9))], { node: 'v22.1.0' }),
    )
    const updated = withRunAsBaseline(
      other,
      runOf([measured('a/one', around(2.5)), skipped('b/two', 'no server')]),
    )
    const current = updated.baselines['node-20.20/toolkit-0.1.0']
    expect(current?.results['a/one']?.value).toBeCloseTo(2.5, 3)
    // Skipped this time: the stored figure stays.
    expect(current?.results['b/two']?.value).toBeCloseTo(3, 3)
    expect(updated.baselines['node-22.1/toolkit-0.1.0']?.results['a/one']?.value).toBeCloseTo(9, 3)
    expect(current?.results['a/one']?.processes).toHaveLength(5)
  })
})

describe('baseline files', () => {
  it('round-trips through disk and is found by version', async () => {
    const path = join(dir, 'nested', 'baseline.json')
    const file = withRunAsBaseline(undefined, runOf([measured('a/one', around(2))]))
    await writeBaselineFile(path, file)
    const read = await readBaselineFile(path)
    expect(read).toEqual(file)
    expect(findBaseline(read, 'v20.20.5', '0.1.0').baseline?.results['a/one']).toBeDefined()
    const missing = findBaseline(read, 'v22.0.0', '0.1.0')
    expect(missing.baseline).toBeUndefined()
    expect(missing.stored).toEqual(['node-20.20/toolkit-0.1.0'])
    expect((await readFile(path, 'utf8')).endsWith('\n')).toBe(true)
  })

  it('reads a missing file as undefined', async () => {
    expect(await readBaselineFile(join(dir, 'absent.json'))).toBeUndefined()
  })

  it('rejects malformed files with CONFIG_INVALID naming the problem', async () => {
    expect(() => parseBaselineFile('{', 'b.json')).toThrow(/b\.json is not valid JSON/)
    expect(() => parseBaselineFile('{"schema":2,"baselines":{}}', 'b.json')).toThrow(
      /not a bench baseline/,
    )
    const bad = JSON.stringify({
      schema: 1,
      baselines: {
        k: {
          node: 'v20',
          toolkit: '0',
          commit: 'c',
          date: 'd',
          processes: 5,
          timeMs: 500,
          results: {
            x: { unit: 'x', kind: 'in-process', value: -1, range: [0, 1], processes: [1] },
          },
        },
      },
    })
    const path = join(dir, 'bad.json')
    await writeFile(path, bad)
    await expect(readBaselineFile(path)).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
  })
})

describe('history', () => {
  it('appends runs, keeps only the newest, and round-trips', async () => {
    let history = await readHistoryFile(join(dir, 'no-history.json'))
    expect(history.runs).toEqual([])
    for (let i = 0; i < 5; i++) {
      history = appendRun(
        history,
        runOf([measured('a/one', around(1 + i))], { commit: `c${i}` }),
        3,
      )
    }
    expect(history.runs.map((r) => r.commit)).toEqual(['c2', 'c3', 'c4'])
    const path = join(dir, 'history.json')
    await writeHistoryFile(path, history)
    expect(await readHistoryFile(path)).toEqual(history)
  })
})
