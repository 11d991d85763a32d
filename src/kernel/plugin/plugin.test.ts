import { describe, expect, it } from 'vitest'
import { hasErrorCode, isObjectQLError } from '../errors.js'
import { assertUniqueNames, definePlugin, validatePlugin } from './plugin.js'
import type { KernelPlugin } from './plugin.js'

function codeOf(fn: () => unknown): { code: string; message: string; details: unknown } {
  try {
    fn()
  } catch (error) {
    if (isObjectQLError(error)) {
      return { code: error.code, message: error.message, details: error.details }
    }
    throw error
  }
  throw new Error('expected an error')
}

describe('definePlugin', () => {
  it('returns the same plugin object, typed', () => {
    const plugin = { name: 'audit', version: '1.2.0', install: () => undefined }
    expect(definePlugin(plugin)).toBe(plugin)
  })

  it('accepts every documented member', () => {
    const plugin: KernelPlugin = definePlugin({
      name: 'full',
      version: '2.0.0-rc.1',
      dependencies: { a: '^1.0.0', b: '>=2 <4', c: '*' },
      provides: ['cache'],
      conflicts: ['other-cache'],
      install: () => undefined,
      onStart: async () => undefined,
      onStop: () => undefined,
      timeoutMs: 0,
    })
    expect(plugin.name).toBe('full')
  })

  it('rejects a missing or blank name with PLUGIN_INVALID', () => {
    expect(codeOf(() => definePlugin({ name: '' })).code).toBe('PLUGIN_INVALID')
    expect(codeOf(() => definePlugin({ name: '   ' })).code).toBe('PLUGIN_INVALID')
    expect(codeOf(() => validatePlugin({ version: '1.0.0' })).code).toBe('PLUGIN_INVALID')
    expect(codeOf(() => validatePlugin(null)).message).toMatch(/must be an object, got null/)
  })

  it('rejects an invalid semver version and names the plugin', () => {
    const error = codeOf(() => definePlugin({ name: 'x', version: '1.0' }))
    expect(error.code).toBe('PLUGIN_INVALID')
    expect(error.message).toContain("plugin 'x'")
    expect(error.message).toContain('"1.0"')
  })

  it('rejects an invalid dependency range', () => {
    const error = codeOf(() => definePlugin({ name: 'x', dependencies: { a: 'not a range!' } }))
    expect(error.code).toBe('PLUGIN_INVALID')
    expect(error.details).toMatchObject({ plugin: 'x', dependency: 'a' })
  })

  it('rejects depending on or conflicting with itself', () => {
    expect(codeOf(() => definePlugin({ name: 'x', dependencies: { x: '*' } })).message).toMatch(
      /depends on itself/,
    )
    expect(codeOf(() => definePlugin({ name: 'x', conflicts: ['x'] })).message).toMatch(
      /conflicts with itself/,
    )
  })

  it('rejects hooks that are not functions', () => {
    const bad = { name: 'x', onStart: 'go' } as unknown as KernelPlugin
    const error = codeOf(() => definePlugin(bad))
    expect(error.code).toBe('PLUGIN_INVALID')
    expect(error.message).toContain('onStart must be a function, got string')
  })

  it('rejects malformed provides/conflicts lists', () => {
    expect(codeOf(() => definePlugin({ name: 'x', provides: ['a', 'a'] })).message).toContain(
      "lists 'a' twice",
    )
    const notArray = { name: 'x', conflicts: 'y' } as unknown as KernelPlugin
    expect(codeOf(() => definePlugin(notArray)).code).toBe('PLUGIN_INVALID')
    expect(codeOf(() => definePlugin({ name: 'x', provides: [''] })).code).toBe('PLUGIN_INVALID')
  })

  it('rejects a negative or non-numeric timeout', () => {
    expect(codeOf(() => definePlugin({ name: 'x', timeoutMs: -1 })).code).toBe('PLUGIN_INVALID')
    expect(codeOf(() => definePlugin({ name: 'x', timeoutMs: Number.NaN })).code).toBe(
      'PLUGIN_INVALID',
    )
  })

  it('rejects duplicate names in a list, naming the plugin and both positions', () => {
    const error = codeOf(() => definePlugin([{ name: 'a' }, { name: 'b' }, { name: 'a' }]))
    expect(error.code).toBe('PLUGIN_INVALID')
    expect(error.message).toContain("plugin 'a' is registered twice")
    expect(error.details).toEqual({ plugin: 'a', positions: [0, 2] })
  })
})

describe('assertUniqueNames', () => {
  it('passes distinct names', () => {
    expect(() => assertUniqueNames([{ name: 'a' }, { name: 'b' }])).not.toThrow()
  })

  it('throws a coded error for a repeated name', () => {
    let thrown: unknown
    try {
      assertUniqueNames([{ name: 'a' }, { name: 'a' }])
    } catch (error) {
      thrown = error
    }
    expect(hasErrorCode(thrown, 'PLUGIN_INVALID')).toBe(true)
  })
})
