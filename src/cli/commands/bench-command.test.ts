import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FAST_GATE_FILTER } from '../../bench/index.js'
import { BENCH_COMMAND } from './bench-command.js'
import { parseBenchArgs } from './bench-args.js'

function capture(): {
  io: { out: (t: string) => void; err: (t: string) => void }
  out: () => string
} {
  let out = ''
  return { io: { out: (t) => (out += t), err: () => undefined }, out: () => out }
}

describe('objectql bench (argument handling; no benchmark runs here)', () => {
  it('--list names every scenario with its kind and target, marking the fast gate subset', async () => {
    const { io, out } = capture()
    expect(await BENCH_COMMAND.run(['--list'], io)).toBe(0)
    expect(out()).toMatch(/kernel\/findOne-vs-driver\s+in-process .*target ≤ 3x\s+\[fast gate\]/)
    expect(out()).toMatch(/sql\/postgres-find-100-vs-raw\s+io .*target ≤ 1\.3x/)
    expect(out()).toMatch(/footprint\/peak-rss-conformance .*target ≤ 1024 MiB/)
  })

  it('refuses a filter that selects nothing (a typo must not pass a gate)', async () => {
    await expect(
      BENCH_COMMAND.run(['--filter', 'no-such-scenario'], capture().io),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    })
  })

  it('refuses --gate without a baseline file unless it is being recorded', async () => {
    await expect(
      BENCH_COMMAND.run(
        ['--filter', 'metadata/get-100k', '--gate', '/nonexistent/baseline.json'],
        capture().io,
      ),
    ).rejects.toThrow(
      /no baseline at \/nonexistent\/baseline\.json; record one first with --update-baseline/,
    )
  })

  it('refuses a slowdown for a scenario the run does not include', async () => {
    await expect(
      BENCH_COMMAND.run(
        ['--filter', 'metadata/', '--slowdown', 'kernel/findOne-vs-driver=2'],
        capture().io,
      ),
    ).rejects.toThrow(/--slowdown names 'kernel\/findOne-vs-driver'/)
  })

  it('prints its usage', async () => {
    const { io, out } = capture()
    expect(await BENCH_COMMAND.run(['--help'], io)).toBe(0)
    expect(out()).toContain('--gate <baseline.json>')
  })

  it('npm run bench:gate gates exactly the documented fast subset', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as {
      scripts: Record<string, string>
    }
    const script = pkg.scripts['bench:gate'] ?? ''
    const args = parseBenchArgs(script.split(/\s+/).slice(script.split(/\s+/).indexOf('bench') + 1))
    expect(args.gate).toBe('reports/bench/baseline.json')
    expect(args.filter).toEqual([...FAST_GATE_FILTER])
  })
})
