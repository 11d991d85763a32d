import { describe, expect, it } from 'vitest'
import { formatBootTree } from './boot-tree.js'
import { createPluginContextFactory } from './plugin-context.js'
import { PluginLoader } from './plugin-loader.js'
import type { BootTree } from './boot-tree.js'
import type { Kernel } from '../kernel.js'

// The loader never touches the kernel; an opaque stand-in keeps these tests off kernel.ts.
const kernel = { standIn: true } as unknown as Kernel

describe('formatBootTree', () => {
  it('groups consecutive phases, shows versions, hooks, durations, statuses and errors', () => {
    const tree: BootTree = [
      {
        plugin: 'metadata',
        version: '1.0.0',
        phase: 'install',
        hook: 'install',
        durationMs: 0.3,
        status: 'ok',
      },
      {
        plugin: 'rest',
        version: '2.1.0',
        phase: 'install',
        durationMs: 0.12,
        status: 'ok',
        children: [
          {
            plugin: 'rest',
            version: '2.1.0',
            phase: 'install',
            hook: 'init',
            durationMs: 0.05,
            status: 'ok',
          },
          {
            plugin: 'rest',
            version: '2.1.0',
            phase: 'install',
            hook: 'install',
            durationMs: 0.07,
            status: 'ok',
          },
        ],
      },
      { plugin: 'metadata', version: '1.0.0', phase: 'start', durationMs: 0, status: 'ok' },
      {
        plugin: 'rest',
        version: undefined,
        phase: 'start',
        hook: 'onStart',
        durationMs: 10_000,
        status: 'timeout',
        error: "plugin 'rest' did not finish start within 10000 ms",
      },
    ]
    expect(formatBootTree(tree).split('\n')).toEqual([
      'install 0.42 ms',
      '├─ metadata@1.0.0 install() 0.30 ms',
      '└─ rest@2.1.0 0.12 ms',
      '   ├─ init() 0.05 ms',
      '   └─ install() 0.07 ms',
      'start 10000 ms TIMEOUT',
      '├─ metadata@1.0.0 (no hook) 0.00 ms',
      "└─ rest onStart() 10000 ms TIMEOUT: plugin 'rest' did not finish start within 10000 ms",
    ])
  })

  it('prints nothing for an empty tree', () => {
    expect(formatBootTree([])).toBe('')
  })

  it('prints the tree a real loader recorded, including a rollback', async () => {
    let clock = 0
    const ctx = createPluginContextFactory({ kernel })
    const loader = new PluginLoader(
      [
        {
          name: 'a',
          version: '1.0.0',
          install: () => undefined,
          onStop: () => undefined,
          onStart: () => undefined,
        },
        {
          name: 'b',
          onStart: () => {
            throw new Error('port in use')
          },
        },
      ],
      // A clock that advances 1 ms per reading makes durations deterministic.
      { now: () => (clock += 1) },
    )
    await loader.install(ctx)
    await expect(loader.start(ctx)).rejects.toThrow(/port in use/)
    const text = formatBootTree(loader.bootTree())
    const lines = text.split('\n')
    expect(lines.filter((line) => !line.startsWith('├') && !line.startsWith('└'))).toEqual([
      expect.stringMatching(/^install /),
      expect.stringMatching(/^start .* FAILED$/),
      expect.stringMatching(/^stop /),
    ])
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^└─ b onStart\(\) \d+\.\d\d ms FAILED: plugin 'b' failed in start \(onStart\(\)\): port in use$/,
      ),
    )
    expect(lines.at(-1)).toMatch(/^└─ a@1\.0\.0 onStop\(\) /)
  })
})
