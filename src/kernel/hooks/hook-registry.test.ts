import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import type { HookHandler } from './hook-context.js'
import { HookRegistry } from './hook-registry.js'

const noop: HookHandler = () => undefined

function names(registry: HookRegistry, object = 'task'): (string | undefined)[] {
  return registry.chain('beforeCreate', object).map((entry) => entry.name)
}

describe('HookRegistry order', () => {
  it('KRN-HOOK-001 sorts by priority ascending, then registration order (wildcard and object hooks mixed)', () => {
    const registry = new HookRegistry()
    registry.register('beforeCreate', 'task', noop, { name: 'a', priority: 100 })
    registry.register('beforeCreate', '*', noop, { name: 'b', priority: 50 })
    registry.register('before:create', 'task', noop, { name: 'c' })
    registry.register('beforeInsert', '*', noop, { name: 'd', priority: 100 })
    registry.register('beforeCreate', 'task', noop, { name: 'e', priority: -1 })
    registry.register('beforeCreate', 'other', noop, { name: 'f', priority: 0 })
    registry.register('afterCreate', 'task', noop, { name: 'g', priority: 0 })
    expect(names(registry)).toEqual(['e', 'b', 'a', 'c', 'd'])
    expect(names(registry, 'other')).toEqual(['f', 'b', 'd'])
    expect(registry.chain('afterCreate', 'task').map((e) => e.name)).toEqual(['g'])
  })

  it('returns an empty chain when nothing matches', () => {
    const registry = new HookRegistry()
    registry.register('beforeUpdate', 'task', noop)
    expect(registry.chain('beforeCreate', 'task')).toEqual([])
  })
})

describe('HookRegistry compiled chains', () => {
  it('compiles a chain once and reuses it until a registration changes', () => {
    const registry = new HookRegistry()
    registry.register('beforeCreate', 'task', noop, { name: 'a' })
    const first = registry.chain('beforeCreate', 'task')
    const builds = registry.chainBuilds
    for (let i = 0; i < 50; i++) expect(registry.chain('beforeCreate', 'task')).toBe(first)
    expect(registry.chainBuilds).toBe(builds)

    const off = registry.register('beforeCreate', '*', noop, { name: 'b' })
    const second = registry.chain('beforeCreate', 'task')
    expect(second).not.toBe(first)
    expect(second.map((e) => e.name)).toEqual(['a', 'b'])
    expect(registry.chainBuilds).toBe(builds + 1)
    registry.chain('beforeCreate', 'task')
    expect(registry.chainBuilds).toBe(builds + 1)

    off()
    expect(registry.chain('beforeCreate', 'task').map((e) => e.name)).toEqual(['a'])
    expect(registry.chainBuilds).toBe(builds + 2)
  })

  it('keeps one compiled chain per event and object, never mixing objects or events', () => {
    const registry = new HookRegistry()
    registry.register('beforeCreate', 'task', noop, { name: 'task' })
    registry.register('beforeCreate', 'user', noop, { name: 'user' })
    registry.register('afterCreate', 'task', noop, { name: 'after' })
    const builds = registry.chainBuilds
    for (let i = 0; i < 3; i++) {
      expect(names(registry, 'task')).toEqual(['task'])
      expect(names(registry, 'user')).toEqual(['user'])
      expect(registry.chain('afterCreate', 'task').map((e) => e.name)).toEqual(['after'])
      expect(registry.chain('afterCreate', 'user')).toEqual([])
    }
    expect(registry.chainBuilds).toBe(builds + 4)
  })

  it('bumps the version on every change and freezes compiled chains', () => {
    const registry = new HookRegistry()
    const v0 = registry.version
    const off = registry.register('beforeFind', 'task', noop)
    expect(registry.version).toBe(v0 + 1)
    expect(Object.isFrozen(registry.chain('beforeFind', 'task'))).toBe(true)
    off()
    off() // idempotent: no second change
    expect(registry.version).toBe(v0 + 2)
  })
})

describe('HookRegistry packages and validation', () => {
  it('unregisterPackage removes only that package', () => {
    const registry = new HookRegistry()
    registry.register('beforeCreate', 'task', noop, { name: 'mine', package: 'p1' })
    registry.register('beforeCreate', 'task', noop, { name: 'theirs', package: 'p2' })
    registry.register('afterDelete', '*', noop, { name: 'mine2', package: 'p1' })
    expect(registry.unregisterPackage('p1')).toBe(2)
    expect(registry.list().map((e) => e.name)).toEqual(['theirs'])
    expect(registry.unregisterPackage('p1')).toBe(0)
  })

  it.each([
    ['unknown event', (r: HookRegistry) => r.register('beforeSave', 'task', noop)],
    [
      'missing handler',
      (r: HookRegistry) => r.register('beforeCreate', 'task', undefined as never),
    ],
    ['empty object', (r: HookRegistry) => r.register('beforeCreate', '', noop)],
    [
      'NaN priority',
      (r: HookRegistry) => r.register('beforeCreate', 'task', noop, { priority: NaN }),
    ],
  ])('rejects %s with HOOK_INVALID and registers nothing', (_label, register) => {
    const registry = new HookRegistry()
    let caught: unknown
    try {
      register(registry)
    } catch (error) {
      caught = error
    }
    expect(hasErrorCode(caught, 'HOOK_INVALID')).toBe(true)
    expect(registry.size).toBe(0)
    expect(registry.version).toBe(0)
  })
})
