import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import { normalizePlugin, pluginSteps, pluginStyle } from './plugin-adapter.js'
import { createPluginContextFactory } from './plugin-context.js'
import type { Kernel } from '../kernel.js'
import type { CorePlugin, KernelPlugin, PluginContext, RuntimePlugin } from './plugin.js'

// The adapter never touches the kernel; an opaque stand-in keeps these tests off kernel.ts.
const kernel = { standIn: true } as unknown as Kernel

// One context factory (so one service registry) per kernel, as the loader would have it.
function phaseRunner(): (
  plugin: KernelPlugin,
  phase: 'install' | 'start' | 'stop',
) => Promise<void> {
  const factory = createPluginContextFactory({ kernel })
  return async (plugin, phase) => {
    const ctx = factory(plugin)
    for (const step of pluginSteps(plugin, phase)) await step.run(ctx)
  }
}

describe('normalizePlugin', () => {
  it('returns a KernelPlugin unchanged (same object)', () => {
    const plugin: KernelPlugin = { name: 'k', install: () => undefined }
    expect(normalizePlugin(plugin)).toBe(plugin)
    expect(pluginStyle(plugin)).toBe('kernel')
    expect(pluginSteps(plugin, 'install').map((s) => s.hook)).toEqual(['install'])
    expect(pluginSteps(plugin, 'start')).toEqual([])
  })

  it('loads an upstream RuntimePlugin: init then install, ctx.engine is the kernel', async () => {
    const runPhase = phaseRunner()
    const calls: string[] = []
    const upstream: RuntimePlugin = {
      name: 'odata',
      version: '4.0.5',
      init: (ctx) => {
        calls.push(`init:${ctx.engine === kernel}`)
      },
      install: async (ctx) => {
        calls.push(`install:${ctx.getKernel() === kernel}`)
      },
      onStart: () => {
        calls.push('onStart')
      },
      onStop: () => {
        calls.push('onStop')
      },
    }
    const plugin = normalizePlugin(upstream)
    expect(pluginStyle(plugin)).toBe('runtime')
    expect(plugin.name).toBe('odata')
    expect(plugin.version).toBe('4.0.5')
    expect(pluginSteps(plugin, 'install').map((s) => s.hook)).toEqual(['init', 'install'])
    await runPhase(plugin, 'install')
    await runPhase(plugin, 'start')
    await runPhase(plugin, 'stop')
    expect(calls).toEqual(['init:true', 'install:true', 'onStart', 'onStop'])
  })

  it('keeps `this` for class-based plugins of every style', async () => {
    const runPhase = phaseRunner()
    class Counter implements KernelPlugin {
      readonly name = 'counter'
      count = 0
      install(): void {
        this.count += 1
      }
    }
    const counter = new Counter()
    await runPhase(normalizePlugin(counter), 'install')
    expect(counter.count).toBe(1)

    class CoreCounter {
      readonly name = 'core-counter'
      count = 0
      init(): void {
        this.count += 1
      }
      destroy(): void {
        this.count += 10
      }
    }
    const core = new CoreCounter()
    const adapted = normalizePlugin(core)
    await runPhase(adapted, 'install')
    await runPhase(adapted, 'stop')
    expect(core.count).toBe(11)
  })

  it('maps an @objectstack/core plugin: dependencies, init, start, destroy', async () => {
    const runPhase = phaseRunner()
    const calls: string[] = []
    const core: CorePlugin = {
      name: 'security',
      version: '4.0.5',
      type: 'standard',
      dependencies: ['objectql', 'auth'],
      init: (ctx) => {
        ctx.registerService('security', { ok: true })
        calls.push(`init:${ctx.getKernel() === kernel}`)
      },
      start: (ctx) => {
        calls.push(`start:${ctx.getService<{ ok: boolean }>('security').ok}`)
      },
      destroy: () => {
        calls.push('destroy')
      },
    }
    const plugin = normalizePlugin(core)
    expect(pluginStyle(plugin)).toBe('core')
    expect(plugin.dependencies).toEqual({ objectql: '*', auth: '*' })
    expect(plugin.version).toBe('4.0.5')
    expect(pluginSteps(plugin, 'install').map((s) => s.hook)).toEqual(['init'])
    expect(pluginSteps(plugin, 'start').map((s) => s.hook)).toEqual(['start'])
    expect(pluginSteps(plugin, 'stop').map((s) => s.hook)).toEqual(['destroy'])
    await runPhase(plugin, 'install')
    await runPhase(plugin, 'start')
    await runPhase(plugin, 'stop')
    expect(calls).toEqual(['init:true', 'start:true', 'destroy'])
  })

  it('gives core plugins hook/trigger, and a coded NOT_SUPPORTED when the kernel has none', async () => {
    const runPhase = phaseRunner()
    const seen: unknown[] = []
    const plugin = normalizePlugin({
      name: 'hooks',
      dependencies: [],
      init: async (ctx: PluginContext) => {
        ctx.hook?.('kernel:ready', (a, b) => {
          seen.push(a, b)
        })
        await ctx.trigger?.('kernel:ready', 1, 'two')
      },
    })
    await runPhase(plugin, 'install')
    expect(seen).toEqual([1, 'two'])

    const bare: PluginContext = {
      engine: kernel,
      kernel,
      getKernel: () => kernel,
      registerService: () => undefined,
      getService: <T>() => undefined as T,
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
      },
    }
    const needsHook = normalizePlugin({
      name: 'needs-hook',
      dependencies: [],
      init: (ctx: PluginContext) => ctx.hook?.('x', () => undefined),
    })
    const [step] = pluginSteps(needsHook, 'install')
    let thrown: unknown
    try {
      await step?.run(bare)
    } catch (error) {
      thrown = error
    }
    expect(hasErrorCode(thrown, 'NOT_SUPPORTED')).toBe(true)
    expect((thrown as Error).message).toContain("plugin 'needs-hook' called ctx.hook()")
  })

  it('rejects a plugin mixing core and kernel lifecycles', () => {
    const mixed = {
      name: 'mixed',
      init: () => undefined,
      start: () => undefined,
      install: () => undefined,
    }
    let thrown: unknown
    try {
      normalizePlugin(mixed)
    } catch (error) {
      thrown = error
    }
    expect(hasErrorCode(thrown, 'PLUGIN_INVALID')).toBe(true)
    expect((thrown as Error).message).toContain("plugin 'mixed' mixes")
  })

  it('validates the shape first', () => {
    let thrown: unknown
    try {
      normalizePlugin({ name: 'bad', version: 'v-one' })
    } catch (error) {
      thrown = error
    }
    expect(hasErrorCode(thrown, 'PLUGIN_INVALID')).toBe(true)
  })
})
