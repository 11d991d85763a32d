import { describe, expect, it } from 'vitest'
import { MemoryDriver } from '../drivers/memory/index.js'
import * as kernelApi from './index.js'
import { createKernel, definePlugin, hasErrorCode, resolveHookEvent } from './index.js'
import type { HookContext, KernelPlugin } from './index.js'

describe('objectql-toolkit/kernel public entry', () => {
  it('boots a kernel with a plugin that registers an object, a hook and an action', async () => {
    const audit: string[] = []
    const plugin: KernelPlugin = definePlugin({
      name: 'notes',
      version: '1.0.0',
      install: async (ctx) => {
        const kernel = ctx.kernel
        await kernel.registerObject(
          { name: 'note', fields: { body: { type: 'text', required: true } } },
          'notes',
        )
        kernel.on(
          'afterCreate',
          'note',
          (hook: HookContext) => void audit.push(String(hook.id)),
          'notes',
        )
        kernel.registerAction('note', 'shout', ({ input }) => String(input['text']).toUpperCase(), {
          package: 'notes',
        })
      },
    })
    const kernel = createKernel({
      drivers: { default: new MemoryDriver() },
      plugins: [plugin],
      idGenerator: () => 'n1',
    })
    await kernel.start()
    const note = await kernel.bridge.createData('note', { body: 'hi' })
    expect(audit).toEqual([note.id])
    expect(await kernel.bridge.executeAction('note', 'shout', { text: 'hey' })).toBe('HEY')
    expect(kernel.bridge.getMetaTypes()).toEqual(['note'])
    await kernel.stop()
  })

  it('exports runtime values for every documented name', () => {
    for (const name of [
      'Kernel',
      'ObjectQLError',
      'RuntimeDriver',
      'RuntimeProtocolBridge',
      'HookRegistry',
      'MiddlewareRegistry',
      'ActionRegistry',
      'MetadataRegistry',
      'EventBus',
      'PluginLoader',
      'DriverBase',
      'normalizeQuery',
      'normalizeFilter',
      'parseObjectConfig',
      'loadObjectsFromDir',
      'validateRecord',
      'orderPlugins',
      'compileFilter',
    ]) {
      expect(typeof (kernelApi as Record<string, unknown>)[name], name).toBe('function')
    }
    expect(resolveHookEvent('before:insert').event).toBe('beforeCreate')
    expect(hasErrorCode(new kernelApi.ObjectQLError('NOT_FOUND', 'x'), 'NOT_FOUND')).toBe(true)
  })
})
