import { describe, expect, it } from 'vitest'
import { ObjectQLError } from '../errors.js'
import { EventBus } from '../events/event-bus.js'
import { PluginLoader } from './plugin-loader.js'
import { rejection, setup, standInKernel as kernel, tracked } from './plugin-loader.test-utils.js'
import type { KernelEvents } from '../events/kernel-events.js'
import type { RuntimePlugin } from './plugin.js'

describe('PluginLoader lifecycle', () => {
  it('installs and starts in dependency order and stops in reverse', async () => {
    const { calls, ctx } = setup()
    const loader = new PluginLoader([
      tracked(calls, 'rest', { dependencies: { data: '^1' } }),
      tracked(calls, 'data', { version: '1.2.0' }),
      tracked(calls, 'metrics'),
    ])
    expect(loader.plugins().map((p) => p.name)).toEqual(['data', 'rest', 'metrics'])
    await loader.install(ctx)
    expect(loader.state).toBe('installed')
    await loader.start(ctx)
    expect(loader.state).toBe('started')
    expect(loader.startedPlugins()).toEqual(['data', 'rest', 'metrics'])
    await loader.stop(ctx)
    expect(loader.state).toBe('stopped')
    expect(calls).toEqual([
      'install:data',
      'install:rest',
      'install:metrics',
      'onStart:data',
      'onStart:rest',
      'onStart:metrics',
      'onStop:metrics',
      'onStop:rest',
      'onStop:data',
    ])
    expect(loader.startedPlugins()).toEqual([])
  })

  it('accepts one shared context object as well as a factory', async () => {
    const { ctx } = setup()
    const shared = ctx({ name: 'shared' })
    const seen: unknown[] = []
    const loader = new PluginLoader([{ name: 'a', install: (c) => void seen.push(c) }])
    await loader.install(shared)
    expect(seen).toEqual([shared])
  })

  it('loads upstream RuntimePlugins and core plugins next to kernel plugins', async () => {
    const { calls, ctx } = setup()
    const runtime: RuntimePlugin = {
      name: 'graphql',
      init: () => void calls.push('init:graphql'),
      install: (c) => void calls.push(`install:graphql:${c.engine === kernel}`),
    }
    const loader = new PluginLoader([
      runtime,
      { name: 'ui', dependencies: ['graphql'], init: () => void calls.push('init:ui') },
    ])
    await loader.install(ctx)
    expect(calls).toEqual(['init:graphql', 'install:graphql:true', 'init:ui'])
    const [graphqlNode] = loader.bootTree()
    expect(graphqlNode?.children?.map((c) => [c.hook, c.status])).toEqual([
      ['init', 'ok'],
      ['install', 'ok'],
    ])
  })

  it('checks the dependency graph when install begins and installs nothing on error', async () => {
    const { calls, ctx } = setup()
    const loader = new PluginLoader([tracked(calls, 'b', { dependencies: { a: '^1.0.0' } })])
    const error = await rejection(loader.install(ctx))
    expect(error.code).toBe('PLUGIN_DEPENDENCY_MISSING')
    expect(error.message).toContain("plugin 'b' depends on 'a'")
    expect(calls).toEqual([])
  })

  it('rejects shapes and duplicate names at registration', () => {
    const loader = new PluginLoader([{ name: 'a' }])
    expect(() => loader.register({ name: 'a' })).toThrow(/registered twice/)
    expect(() => new PluginLoader([{ name: '' }])).toThrow(ObjectQLError)
    expect(() => new PluginLoader([], { timeoutMs: -5 })).toThrow(/timeoutMs must be >= 0/)
  })

  it('enforces the phase order with KERNEL_STATE', async () => {
    const { ctx } = setup()
    const loader = new PluginLoader([{ name: 'a' }])
    expect((await rejection(loader.start(ctx))).code).toBe('KERNEL_STATE')
    await loader.install(ctx)
    expect((await rejection(loader.install(ctx))).code).toBe('KERNEL_STATE')
    expect(() => loader.register({ name: 'late' })).toThrow(/while the loader is installed/)
    await loader.start(ctx)
    await loader.stop(ctx)
    await loader.stop(ctx) // a second stop is a no-op
    expect((await rejection(loader.start(ctx))).code).toBe('KERNEL_STATE')
  })

  it('stop before start runs no onStop', async () => {
    const { calls, ctx } = setup()
    const loader = new PluginLoader([tracked(calls, 'a')])
    await loader.install(ctx)
    await loader.stop(ctx)
    expect(calls).toEqual(['install:a'])
  })

  it('emits plugin:installed/started/stopped on the event bus', async () => {
    const { ctx } = setup()
    const events = new EventBus<KernelEvents>()
    const seen: string[] = []
    for (const name of ['plugin:installed', 'plugin:started', 'plugin:stopped'] as const) {
      events.on(name, (payload) => {
        seen.push(`${name}:${payload.plugin}@${payload.version ?? '-'}`)
        expect(payload.durationMs).toBeGreaterThanOrEqual(0)
      })
    }
    const loader = new PluginLoader([{ name: 'a', version: '1.0.0' }, { name: 'b' }], { events })
    await loader.install(ctx)
    await loader.start(ctx)
    await loader.stop(ctx)
    expect(seen).toEqual([
      'plugin:installed:a@1.0.0',
      'plugin:installed:b@-',
      'plugin:started:a@1.0.0',
      'plugin:started:b@-',
      'plugin:stopped:b@-',
      'plugin:stopped:a@1.0.0',
    ])
  })
})

describe('PluginLoader failures name the plugin', () => {
  it('wraps a plain error as INTERNAL_ERROR naming plugin and phase, original as cause', async () => {
    const { calls, ctx } = setup()
    const loader = new PluginLoader([tracked(calls, 'a'), tracked(calls, 'b', { fail: 'install' })])
    const error = await rejection(loader.install(ctx))
    expect(error.code).toBe('INTERNAL_ERROR')
    expect(error.message).toBe("plugin 'b' failed in install (install()): boom in b")
    expect(error.cause).toBeInstanceOf(Error)
    expect((error.cause as Error).message).toBe('boom in b')
    expect(error.details).toEqual({ plugin: 'b', phase: 'install', hook: 'install' })
    expect(loader.state).toBe('failed')
  })

  it('keeps the code of a coded error but names the plugin', async () => {
    const { ctx } = setup()
    const original = new ObjectQLError('DRIVER_UNAVAILABLE', 'database down', {
      details: { host: 'db' },
    })
    const loader = new PluginLoader([
      {
        name: 'sql',
        onStart: () => {
          throw original
        },
      },
    ])
    await loader.install(ctx)
    const error = await rejection(loader.start(ctx))
    expect(error.code).toBe('DRIVER_UNAVAILABLE')
    expect(error.message).toBe("plugin 'sql' failed in start (onStart()): database down")
    expect(error.cause).toBe(original)
    expect(error.details).toMatchObject({ host: 'db', plugin: 'sql', phase: 'start' })
  })

  it('wraps synchronous throws and non-Error values', async () => {
    const { ctx } = setup()
    const loader = new PluginLoader([
      {
        name: 'odd',
        install: () => {
          throw 'a string' // eslint-disable-line @typescript-eslint/only-throw-error
        },
      },
    ])
    const error = await rejection(loader.install(ctx))
    expect(error.code).toBe('INTERNAL_ERROR')
    expect(error.message).toBe("plugin 'odd' failed in install (install()): a string")
    expect(error.cause).toBe('a string')
  })

  it('stops already-started plugins in reverse when a start fails, then rethrows', async () => {
    const { calls, ctx } = setup()
    const loader = new PluginLoader([
      tracked(calls, 'a'),
      tracked(calls, 'b'),
      tracked(calls, 'c', { fail: 'onStart' }),
      tracked(calls, 'd'),
    ])
    await loader.install(ctx)
    calls.length = 0
    const error = await rejection(loader.start(ctx))
    expect(error.message).toContain("plugin 'c' failed in start")
    expect(calls).toEqual(['onStart:a', 'onStart:b', 'onStart:c', 'onStop:b', 'onStop:a'])
    expect(loader.state).toBe('failed')
    expect(loader.startedPlugins()).toEqual([])
    await loader.stop(ctx) // nothing left to stop
    expect(calls).toHaveLength(5)
    const tree = loader.bootTree().filter((n) => n.phase !== 'install')
    expect(tree.map((n) => `${n.phase}:${n.plugin}:${n.status}`)).toEqual([
      'start:a:ok',
      'start:b:ok',
      'start:c:failed',
      'stop:b:ok',
      'stop:a:ok',
    ])
  })

  it('reports rollback failures in the start error and the log', async () => {
    const { calls, errors, ctx } = setup()
    const loader = new PluginLoader([
      tracked(calls, 'a', { fail: 'onStop' }),
      tracked(calls, 'b', { fail: 'onStart' }),
    ])
    await loader.install(ctx)
    const error = await rejection(loader.start(ctx))
    expect(error.message).toContain("plugin 'b' failed in start")
    expect(error.details?.rollbackFailures).toEqual([
      {
        plugin: 'a',
        code: 'INTERNAL_ERROR',
        message: "plugin 'a' failed in stop (onStop()): boom in a",
      },
    ])
    expect(errors).toEqual(["plugin 'a' failed in stop (onStop()): boom in a"])
  })

  it('stops every plugin even when some onStop fail, then reports all of them', async () => {
    const { calls, ctx } = setup()
    const loader = new PluginLoader([
      tracked(calls, 'a', { fail: 'onStop' }),
      tracked(calls, 'b'),
      tracked(calls, 'c', { fail: 'onStop' }),
    ])
    await loader.install(ctx)
    await loader.start(ctx)
    calls.length = 0
    const error = await rejection(loader.stop(ctx))
    expect(calls).toEqual(['onStop:c', 'onStop:b', 'onStop:a'])
    expect(error.message).toMatch(/^2 plugins failed to stop \('c', 'a'\)/)
    expect(error.details?.plugins).toEqual(['c', 'a'])
    expect(error.cause).toBeInstanceOf(AggregateError)
    expect(loader.state).toBe('stopped')
  })
})
