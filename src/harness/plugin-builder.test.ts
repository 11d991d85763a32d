import { describe, expect, it, onTestFinished } from 'vitest'
import { MemoryDriver } from '../drivers/memory/index.js'
import { hasErrorCode } from '../kernel/errors.js'
import { createKernel } from '../kernel/kernel.js'
import type { ObjectConfig } from '../kernel/spec/object-config.js'
import { PluginBuilder } from './plugin-builder.js'
import { PluginTestHarness } from './plugin-test-harness.js'

const notes: ObjectConfig = {
  name: 'notes',
  fields: { body: { type: 'text' }, tag: { type: 'text' } },
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    return hasErrorCode(error, 'PLUGIN_INVALID') || hasErrorCode(error, 'HOOK_INVALID')
      ? error.code
      : String(error)
  }
  return undefined
}

describe('PluginBuilder', () => {
  it('builds a plugin the kernel loads directly (no harness)', async () => {
    const order: string[] = []
    const plugin = new PluginBuilder()
      .name('tagger')
      .version('0.3.0')
      .object(notes)
      .hook('beforeCreate', 'notes', (ctx) => {
        ctx.data = { ...ctx.data, tag: 'auto' }
      })
      .action('notes', 'shout', ({ input }) => String(input.text).toUpperCase())
      .onInstall(() => void order.push('install'))
      .onStart(() => void order.push('start'))
      .onStop(() => void order.push('stop'))
      .build()
    expect(plugin).toMatchObject({ name: 'tagger', version: '0.3.0' })
    const kernel = createKernel({ drivers: { default: new MemoryDriver() }, plugins: [plugin] })
    await kernel.start()
    const note = await kernel.create('notes', { body: 'hello' })
    expect(note.tag).toBe('auto')
    expect(await kernel.executeAction('notes', 'shout', { text: 'hi' })).toBe('HI')
    await kernel.stop()
    expect(order).toEqual(['install', 'start', 'stop'])
  })

  it('owns its hooks, actions and objects under the plugin name', async () => {
    const plugin = new PluginBuilder()
      .name('owned')
      .object(notes)
      .hook('afterCreate', 'notes', () => undefined)
      .action('notes', 'noop', () => null)
      .build()
    const harness = new PluginTestHarness({ cleanup: onTestFinished }).withPlugin(plugin)
    await harness.start()
    const removed = harness.kernel.unregisterPackage('owned')
    expect(removed.hooks).toBe(1)
    expect(removed.actions).toBe(1)
    expect(removed.metadata.map((entry) => entry.name)).toEqual(['notes'])
  })

  it('orders hooks by priority and installs dependencies first', async () => {
    const seen: string[] = []
    const base = new PluginBuilder()
      .name('base')
      .version('1.4.0')
      .object(notes)
      .hook('beforeCreate', 'notes', () => void seen.push('base:100'))
      .build()
    const extra = new PluginBuilder()
      .name('extra')
      .dependency('base', '^1.0.0')
      .hook('beforeCreate', 'notes', () => void seen.push('extra:10'), { priority: 10 })
      .hook('before:insert', 'notes', () => void seen.push('extra:200'), { priority: 200 })
      .build()
    const harness = new PluginTestHarness({ cleanup: onTestFinished }).withPlugin(extra, base)
    await harness.start()
    await harness.create('notes', { body: 'x' })
    expect(seen).toEqual(['extra:10', 'base:100', 'extra:200'])
    const installs = harness.bootTree.filter((node) => node.phase === 'install')
    expect(installs.map((node) => node.plugin)).toEqual(['base', 'extra'])
  })

  it('fails where the mistake is written: no name, bad version or range, unknown event', () => {
    expect(codeOf(() => new PluginBuilder().build())).toBe('PLUGIN_INVALID')
    expect(codeOf(() => new PluginBuilder().name('x').version('one').build())).toBe(
      'PLUGIN_INVALID',
    )
    expect(codeOf(() => new PluginBuilder().name('x').dependency('y', 'not a range').build())).toBe(
      'PLUGIN_INVALID',
    )
    expect(
      codeOf(() => new PluginBuilder().name('x').hook('beforeExplode', 'notes', () => undefined)),
    ).toBe('HOOK_INVALID')
  })

  it('a dependency that is missing fails start with PLUGIN_DEPENDENCY_MISSING naming both', async () => {
    const lonely = new PluginBuilder().name('lonely').dependency('friend').build()
    const harness = new PluginTestHarness({ cleanup: onTestFinished }).withPlugin(lonely)
    const error: unknown = await harness.start().catch((e: unknown) => e)
    expect(hasErrorCode(error, 'PLUGIN_DEPENDENCY_MISSING')).toBe(true)
    expect(String(error)).toMatch(/lonely/)
    expect(String(error)).toMatch(/friend/)
  })
})
