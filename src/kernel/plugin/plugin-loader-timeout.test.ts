import { describe, expect, it } from 'vitest'
import { formatBootTree } from './boot-tree.js'
import { PluginLoader } from './plugin-loader.js'
import { rejection, setup, tracked } from './plugin-loader.test-utils.js'

describe('PluginLoader timeouts', () => {
  const never = (): Promise<void> => new Promise<void>(() => undefined)

  it('PLUGIN_TIMEOUT names the plugin and the phase', async () => {
    const { ctx } = setup()
    const loader = new PluginLoader(
      [{ name: 'ok' }, { name: 'hang', version: '0.1.0', onStart: never }],
      {
        timeoutMs: 25,
      },
    )
    await loader.install(ctx)
    const error = await rejection(loader.start(ctx))
    expect(error.code).toBe('PLUGIN_TIMEOUT')
    expect(error.message).toBe(
      "plugin 'hang' did not finish start within 25 ms (stuck in onStart())",
    )
    expect(error.details).toEqual({
      plugin: 'hang',
      phase: 'start',
      hook: 'onStart',
      timeoutMs: 25,
    })
    const node = loader.bootTree().find((n) => n.plugin === 'hang' && n.phase === 'start')
    expect(node?.status).toBe('timeout')
    expect(formatBootTree(loader.bootTree())).toContain('hang@0.1.0 onStart()')
  })

  it('a plugin timeout overrides the global one, and 0 disables it', async () => {
    const { ctx } = setup()
    const slow = () => new Promise<void>((resolve) => setTimeout(resolve, 30))
    const loader = new PluginLoader(
      [
        { name: 'patient', install: slow, timeoutMs: 0 },
        { name: 'generous', install: slow, timeoutMs: 60_000 },
        { name: 'strict', install: never, timeoutMs: 15 },
      ],
      { timeoutMs: 1 },
    )
    const error = await rejection(loader.install(ctx))
    expect(error.code).toBe('PLUGIN_TIMEOUT')
    expect(error.details).toMatchObject({ plugin: 'strict', phase: 'install', timeoutMs: 15 })
    expect(loader.bootTree().map((n) => `${n.plugin}:${n.status}`)).toEqual([
      'patient:ok',
      'generous:ok',
      'strict:timeout',
    ])
  })

  it('times out a hanging onStop and keeps stopping the others', async () => {
    const { calls, ctx } = setup()
    const loader = new PluginLoader([
      tracked(calls, 'a'),
      { name: 'stuck', onStop: never, timeoutMs: 10 },
    ])
    await loader.install(ctx)
    await loader.start(ctx)
    const error = await rejection(loader.stop(ctx))
    expect(error.code).toBe('PLUGIN_TIMEOUT')
    expect(error.details).toMatchObject({ plugin: 'stuck', phase: 'stop' })
    expect(calls).toContain('onStop:a')
  })

  it('logs a failure that arrives after the timeout instead of losing it', async () => {
    const { errors, ctx } = setup()
    let fail: (error: Error) => void = () => undefined
    const late = new Promise<void>((_, reject) => {
      fail = reject
    })
    const loader = new PluginLoader([{ name: 'late', install: () => late, timeoutMs: 10 }])
    expect((await rejection(loader.install(ctx))).code).toBe('PLUGIN_TIMEOUT')
    fail(new Error('finally failed'))
    await new Promise((resolve) => setImmediate(resolve))
    expect(errors).toEqual(["plugin 'late' failed in install() after timing out"])
  })

  it('warns when a timed-out hook finishes later (it will not be stopped)', async () => {
    const { warnings, ctx } = setup()
    let finish: () => void = () => undefined
    const late = new Promise<void>((resolve) => {
      finish = resolve
    })
    const loader = new PluginLoader([{ name: 'slow', onStart: () => late, timeoutMs: 10 }])
    await loader.install(ctx)
    expect((await rejection(loader.start(ctx))).code).toBe('PLUGIN_TIMEOUT')
    expect(warnings).toEqual([])
    finish()
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings).toEqual([
      "plugin 'slow' finished onStart() after timing out; it is treated as failed",
    ])
    expect(loader.startedPlugins()).toEqual([])
  })
})
