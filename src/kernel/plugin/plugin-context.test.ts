import { afterEach, describe, expect, it, vi } from 'vitest'
import { hasErrorCode, isObjectQLError } from '../errors.js'
import { createConsoleLogger, createPluginContextFactory } from './plugin-context.js'
import { ServiceRegistry } from './service-registry.js'
import type { Kernel } from '../kernel.js'
import type { PluginLogger } from './plugin.js'

// The context only hands the kernel through; an opaque stand-in keeps these tests off kernel.ts.
const kernel = { standIn: true } as unknown as Kernel

function recordingLogger(): { logger: PluginLogger; lines: [string, string, unknown][] } {
  const lines: [string, string, unknown][] = []
  const at = (level: string) => (message: string, data?: unknown) => {
    lines.push([level, message, data])
  }
  return {
    lines,
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
  }
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  return undefined
}

describe('ServiceRegistry', () => {
  it('registers and returns services', () => {
    const services = new ServiceRegistry()
    const cache = { get: () => 1 }
    services.register('cache', cache, 'redis')
    expect(services.get('cache')).toBe(cache)
    expect(services.has('cache')).toBe(true)
    expect(services.ownerOf('cache')).toBe('redis')
    expect(services.names()).toEqual(['cache'])
    expect(services.unregister('cache')).toBe(true)
    expect(services.has('cache')).toBe(false)
  })

  it('PLUGIN_CONFLICT on a second registration names both plugins and keeps the first', () => {
    const services = new ServiceRegistry()
    const first = {}
    services.register('cache', first, 'redis-cache')
    const error = thrownBy(() => services.register('cache', {}, 'memory-cache'))
    expect(hasErrorCode(error, 'PLUGIN_CONFLICT')).toBe(true)
    expect((error as Error).message).toBe(
      "plugin 'memory-cache' registers service 'cache', already registered by plugin 'redis-cache'",
    )
    expect(services.get('cache')).toBe(first)
  })

  it('PLUGIN_DEPENDENCY_MISSING for an unknown service names the requester and lists known ones', () => {
    const services = new ServiceRegistry()
    services.register('data', {})
    const error = thrownBy(() => services.get('auth', 'rest'))
    expect(hasErrorCode(error, 'PLUGIN_DEPENDENCY_MISSING')).toBe(true)
    expect((error as Error).message).toBe(
      "plugin 'rest' requested service 'auth', which is not registered (registered: data)",
    )
  })

  it('rejects an empty service name', () => {
    expect(
      hasErrorCode(
        thrownBy(() => new ServiceRegistry().register('', {})),
        'PLUGIN_INVALID',
      ),
    ).toBe(true)
  })
})

describe('createPluginContextFactory', () => {
  it('gives each plugin a context whose kernel, engine and getKernel() are the kernel', () => {
    const factory = createPluginContextFactory({ kernel })
    const ctx = factory({ name: 'a' })
    expect(ctx.kernel).toBe(kernel)
    expect(ctx.engine).toBe(kernel)
    expect(ctx.getKernel()).toBe(kernel)
  })

  it('returns the same context for the same plugin and another for another plugin', () => {
    const factory = createPluginContextFactory({ kernel })
    const a = { name: 'a' }
    expect(factory(a)).toBe(factory(a))
    expect(factory(a)).not.toBe(factory({ name: 'b' }))
  })

  it('shares services between plugins and names the plugins in conflicts', () => {
    const services = new ServiceRegistry()
    const factory = createPluginContextFactory({ kernel, services })
    factory({ name: 'objectql' }).registerService('data', { engine: 1 })
    expect(factory({ name: 'rest' }).getService<{ engine: number }>('data').engine).toBe(1)
    expect(services.ownerOf('data')).toBe('objectql')
    const error = thrownBy(() => factory({ name: 'other' }).registerService('data', {}))
    expect(isObjectQLError(error) && error.message).toContain("plugin 'other'")
    expect(isObjectQLError(error) && error.message).toContain("plugin 'objectql'")
  })

  it("adds the plugin's name to every log line", () => {
    const { logger, lines } = recordingLogger()
    const ctx = createPluginContextFactory({ kernel, logger })({ name: 'audit' })
    ctx.logger.info('ready', { port: 1 })
    ctx.logger.error('boom')
    expect(lines).toEqual([
      ['info', 'ready', { port: 1, plugin: 'audit' }],
      ['error', 'boom', { plugin: 'audit' }],
    ])
  })

  it('runs hook handlers across plugins in order and logs (not drops) a failing handler', async () => {
    const { logger, lines } = recordingLogger()
    const factory = createPluginContextFactory({ kernel, logger })
    const seen: string[] = []
    factory({ name: 'a' }).hook?.('kernel:ready', () => {
      throw new Error('a failed')
    })
    factory({ name: 'b' }).hook?.('kernel:ready', (who) => {
      seen.push(`b saw ${String(who)}`)
    })
    await factory({ name: 'c' }).trigger?.('kernel:ready', 'c')
    expect(seen).toEqual(['b saw c'])
    expect(lines).toHaveLength(1)
    expect(lines[0]?.[0]).toBe('error')
    expect(lines[0]?.[1]).toContain('a failed')
  })
})

describe('createConsoleLogger', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('drops lines below its level and writes the rest', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const logger = createConsoleLogger('warn')
    logger.info('hidden')
    logger.warn('shown', { a: 1 })
    expect(info).not.toHaveBeenCalled()
    expect(warn).toHaveBeenCalledWith('[objectql] shown', { a: 1 })
  })
})
