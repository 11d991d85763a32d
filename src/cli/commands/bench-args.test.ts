import { describe, expect, it } from 'vitest'
import { DEFAULT_BASELINE, parseBenchArgs } from './bench-args.js'

describe('parseBenchArgs', () => {
  it('has the documented defaults', () => {
    const args = parseBenchArgs([])
    expect(args).toMatchObject({
      filter: undefined,
      processes: 5,
      time: 500,
      warmup: 200,
      gate: undefined,
      baseline: DEFAULT_BASELINE,
      updateBaseline: false,
      out: 'reports/bench',
      history: true,
      list: false,
    })
    expect(args.slowdown.size).toBe(0)
  })

  it('reads filters (comma-separated and repeated), gate, json and slowdowns', () => {
    const args = parseBenchArgs([
      '--filter',
      'kernel/, filter/',
      '--filter',
      'hooks/100',
      '--processes',
      '3',
      '--gate',
      'b.json',
      '--json',
      'out.json',
      '--slowdown',
      'filter/compiled-vs-handwritten=2',
      '--no-report',
      '--no-history',
    ])
    expect(args.filter).toEqual(['kernel/', 'filter/', 'hooks/100'])
    expect(args.processes).toBe(3)
    expect(args.gate).toBe('b.json')
    // --gate names the baseline that is compared and, with --update-baseline, written.
    expect(args.baseline).toBe('b.json')
    expect(args.json).toBe('out.json')
    expect(args.out).toBeUndefined()
    expect(args.history).toBe(false)
    expect([...args.slowdown]).toEqual([['filter/compiled-vs-handwritten', 2]])
  })

  it('rejects bad input with CONFIG_INVALID', () => {
    expect(() => parseBenchArgs(['--processes', '0'])).toThrow(/--processes takes an integer >= 1/)
    expect(() => parseBenchArgs(['--time', 'fast'])).toThrow(/--time takes an integer/)
    expect(() => parseBenchArgs(['--slowdown', 'x'])).toThrow(
      /--slowdown takes <scenario>=<integer factor>/,
    )
    expect(() => parseBenchArgs(['--bogus'])).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
  })
})
