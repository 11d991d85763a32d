import { describe, expect, it } from 'vitest'
import { MemoryDriver } from '../../drivers/memory/index.js'
import { hasErrorCode } from '../../kernel/errors.js'
import type { FilterCondition } from '../../kernel/spec/query-ast.js'
import { runDifferential } from './differential.js'

/** Counts every record whatever the filter: the kind of bug a differential run exposes. */
class CountsEverything extends MemoryDriver {
  override count(object: string, _where: FilterCondition | undefined) {
    return super.count(object, undefined)
  }
}

describe('runDifferential', () => {
  it('finds no disagreement between two correct drivers', async () => {
    const result = await runDifferential({
      drivers: [
        { name: 'a', factory: () => new MemoryDriver() },
        { name: 'b', factory: () => new MemoryDriver() },
      ],
      seed: 11,
      runs: 40,
    })
    expect(result).toMatchObject({ agreed: true, drivers: ['a', 'b'], seed: 11 })
  })

  it('reports the first disagreement as a short command sequence, and replays it exactly', async () => {
    const drivers = [
      { name: 'memory', factory: () => new MemoryDriver() },
      { name: 'counts-everything', factory: () => new CountsEverything() },
    ]
    const result = await runDifferential({ drivers, seed: 11, runs: 100 })
    expect(result.agreed).toBe(false)
    const d = result.disagreement
    expect(d).toMatchObject({ subject: 'counts-everything', reference: 'memory', seed: 11 })
    expect(d?.steps.at(-1)).toMatch(/count where/)
    expect(d?.steps.length).toBeLessThanOrEqual(3)
    expect(d?.message).toMatch(/counts-everything returned \d+ but memory returned \d+/)
    const again = await runDifferential({ drivers, replay: `${d?.seed}/${d?.path}` })
    expect(again.disagreement?.steps).toEqual(d?.steps)
  })

  it('needs at least two drivers', async () => {
    const error = await runDifferential({
      drivers: [{ name: 'a', factory: () => new MemoryDriver() }],
    }).catch((e: unknown) => e)
    expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true)
  })
})
