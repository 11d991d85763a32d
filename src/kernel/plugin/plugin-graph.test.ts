import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isObjectQLError } from '../errors.js'
import type { ObjectQLError } from '../errors.js'
import { orderPlugins } from './plugin-graph.js'
import type { KernelPlugin, PluginInput } from './plugin.js'

function names(plugins: readonly KernelPlugin[]): string[] {
  return plugins.map((p) => p.name)
}

function failure(plugins: readonly PluginInput[]): ObjectQLError {
  try {
    orderPlugins(plugins)
  } catch (error) {
    if (isObjectQLError(error)) return error
    throw error
  }
  throw new Error('expected orderPlugins to throw')
}

describe('orderPlugins: order', () => {
  it('keeps registration order for independent plugins', () => {
    const plugins = ['e', 'b', 'd', 'a', 'c'].map((name) => ({ name }))
    expect(names(orderPlugins(plugins))).toEqual(['e', 'b', 'd', 'a', 'c'])
  })

  it('puts dependencies first and otherwise keeps registration order', () => {
    const plugins: KernelPlugin[] = [
      { name: 'rest', dependencies: { data: '^1.0.0', auth: '*' } },
      { name: 'logger' },
      { name: 'auth', version: '3.1.0', dependencies: { data: '>=1' } },
      { name: 'data', version: '1.4.2' },
    ]
    expect(names(orderPlugins(plugins))).toEqual(['logger', 'data', 'auth', 'rest'])
  })

  it('moves a dependency only as far as needed (smallest stable order)', () => {
    // c needs b; a is free and was registered before b, so it stays ahead of b.
    const plugins = [{ name: 'c', dependencies: { b: '*' } }, { name: 'a' }, { name: 'b' }]
    expect(names(orderPlugins(plugins))).toEqual(['a', 'b', 'c'])
  })

  it('resolves a dependency through a capability another plugin provides', () => {
    const plugins: KernelPlugin[] = [
      { name: 'api', dependencies: { 'driver.sql': '^2.0.0' } },
      { name: 'postgres-driver', version: '2.3.0', provides: ['driver.sql'] },
    ]
    expect(names(orderPlugins(plugins))).toEqual(['postgres-driver', 'api'])
  })

  it("accepts '*' for a plugin without a version, and pre-releases inside a range", () => {
    const plugins: KernelPlugin[] = [
      { name: 'a' },
      { name: 'b', version: '1.5.0-beta.2' },
      { name: 'c', dependencies: { a: '*', b: '^1.0.0' } },
    ]
    expect(names(orderPlugins(plugins))).toEqual(['a', 'b', 'c'])
  })

  it('adapts @objectstack/core plugins whose dependencies are a list of names', () => {
    const plugins: PluginInput[] = [
      { name: 'ui', dependencies: ['objectql'], init: () => undefined },
      { name: 'objectql', version: '4.0.0', init: () => undefined },
    ]
    expect(names(orderPlugins(plugins))).toEqual(['objectql', 'ui'])
  })

  it('property: the order is the smallest topological order by registration index', () => {
    // A random DAG: plugin i may depend only on plugins with a larger index in `names`, then the
    // registration order is shuffled, so dependencies point in every direction.
    const dagArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.record({
        deps: fc.array(fc.subarray([...Array(n).keys()]), { minLength: n, maxLength: n }),
        order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      }),
    )
    fc.assert(
      fc.property(dagArb, ({ deps, order }) => {
        const plugins: KernelPlugin[] = order.map((i) => ({
          name: `p${i}`,
          dependencies: Object.fromEntries(
            (deps[i] ?? []).filter((d) => d > i).map((d) => [`p${d}`, '*']),
          ),
        }))
        const result = orderPlugins(plugins)
        expect(result).toHaveLength(plugins.length)
        const position = new Map(plugins.map((p, index) => [p, index]))
        const placed = new Set<string>()
        for (const plugin of result) {
          // Greedy: nothing registered earlier was free to go when `plugin` was chosen.
          const ready = plugins.filter(
            (p) =>
              !placed.has(p.name) && Object.keys(p.dependencies ?? {}).every((d) => placed.has(d)),
          )
          const first = ready.reduce((a, b) =>
            (position.get(a) ?? 0) <= (position.get(b) ?? 0) ? a : b,
          )
          expect(plugin).toBe(first)
          placed.add(plugin.name)
        }
      }),
      { seed: 20240611, numRuns: 200 },
    )
  })
})

describe('orderPlugins: errors name both plugins', () => {
  it('PLUGIN_DEPENDENCY_MISSING', () => {
    const error = failure([{ name: 'b', dependencies: { a: '^1.0.0' } }])
    expect(error.code).toBe('PLUGIN_DEPENDENCY_MISSING')
    expect(error.message).toBe("plugin 'b' depends on 'a' (^1.0.0), which is not loaded")
    expect(error.details).toEqual({ plugin: 'b', dependency: 'a', range: '^1.0.0' })
  })

  it('PLUGIN_VERSION_MISMATCH names dependent, dependency, range and actual version', () => {
    const error = failure([
      { name: 'a', version: '1.9.0' },
      { name: 'b', dependencies: { a: '^2.0.0' } },
    ])
    expect(error.code).toBe('PLUGIN_VERSION_MISMATCH')
    expect(error.message).toBe("plugin 'b' requires 'a' ^2.0.0, but version 1.9.0 is loaded")
    expect(error.details).toMatchObject({
      plugin: 'b',
      dependency: 'a',
      range: '^2.0.0',
      actual: '1.9.0',
    })
  })

  it('PLUGIN_VERSION_MISMATCH when a range meets a plugin without a version', () => {
    const error = failure([{ name: 'a' }, { name: 'b', dependencies: { a: '>=1.0.0' } }])
    expect(error.code).toBe('PLUGIN_VERSION_MISMATCH')
    expect(error.message).toContain('but no version is loaded')
    expect(error.details).toMatchObject({ actual: null })
  })

  it('PLUGIN_VERSION_MISMATCH through a capability names the provider', () => {
    const error = failure([
      { name: 'api', dependencies: { cache: '^2' } },
      { name: 'redis-cache', version: '1.0.0', provides: ['cache'] },
    ])
    expect(error.code).toBe('PLUGIN_VERSION_MISMATCH')
    expect(error.message).toContain(
      "plugin 'api' requires 'cache' (provided by plugin 'redis-cache')",
    )
  })

  it('PLUGIN_DEPENDENCY_CYCLE lists the path a -> b -> a', () => {
    const error = failure([
      { name: 'a', dependencies: { b: '*' } },
      { name: 'b', dependencies: { a: '*' } },
    ])
    expect(error.code).toBe('PLUGIN_DEPENDENCY_CYCLE')
    expect(error.message).toBe('plugin dependency cycle: a -> b -> a')
    expect(error.details).toEqual({ cycle: ['a', 'b', 'a'], plugins: ['a', 'b'] })
  })

  it('PLUGIN_DEPENDENCY_CYCLE reports only the cycle, not the plugins hanging off it', () => {
    const error = failure([
      { name: 'top', dependencies: { x: '*' } },
      { name: 'free' },
      { name: 'x', dependencies: { y: '*' } },
      { name: 'y', dependencies: { z: '*' } },
      { name: 'z', dependencies: { x: '*' } },
    ])
    expect(error.code).toBe('PLUGIN_DEPENDENCY_CYCLE')
    expect(error.message).toBe('plugin dependency cycle: x -> y -> z -> x')
  })

  it('PLUGIN_DEPENDENCY_CYCLE for a plugin depending on a capability it provides', () => {
    const error = failure([{ name: 'a', provides: ['cap'], dependencies: { cap: '*' } }])
    expect(error.code).toBe('PLUGIN_DEPENDENCY_CYCLE')
    expect(error.message).toContain('a -> a')
  })

  it('PLUGIN_CONFLICT for a declared conflict, by name or by capability', () => {
    const byName = failure([{ name: 'a', conflicts: ['b'] }, { name: 'b' }])
    expect(byName.code).toBe('PLUGIN_CONFLICT')
    expect(byName.message).toBe("plugin 'a' conflicts with 'b', but plugin 'b' is loaded")
    expect(byName.details).toEqual({ plugins: ['a', 'b'], conflict: 'b' })

    const byCapability = failure([
      { name: 'memcache', provides: ['kv'] },
      { name: 'x', conflicts: ['kv'] },
    ])
    expect(byCapability.code).toBe('PLUGIN_CONFLICT')
    expect(byCapability.message).toContain("plugin 'memcache' is loaded (it provides 'kv')")
  })

  it('PLUGIN_CONFLICT when two plugins provide the same capability', () => {
    const error = failure([
      { name: 'redis-cache', provides: ['cache'] },
      { name: 'memory-cache', provides: ['cache'] },
    ])
    expect(error.code).toBe('PLUGIN_CONFLICT')
    expect(error.message).toBe("plugins 'redis-cache' and 'memory-cache' both provide 'cache'")
    expect(error.details).toEqual({ plugins: ['redis-cache', 'memory-cache'], capability: 'cache' })
  })

  it('PLUGIN_INVALID for duplicate names', () => {
    expect(failure([{ name: 'a' }, { name: 'a' }]).code).toBe('PLUGIN_INVALID')
  })
})
