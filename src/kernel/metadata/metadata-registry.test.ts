import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import { MetadataRegistry } from './metadata-registry.js'
import type { MetadataChange } from './metadata-registry.js'

function thrownBy(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  return undefined
}

describe('MetadataRegistry: register and read', () => {
  it('registers by name and returns the content from get, the wrapper from getEntry', () => {
    const registry = new MetadataRegistry()
    const tasks = { name: 'tasks', fields: { title: { type: 'text' } } }
    const entry = registry.register('object', 'tasks', tasks, 'crm')
    expect(entry).toEqual({
      type: 'object',
      name: 'tasks',
      id: 'tasks',
      package: 'crm',
      content: tasks,
    })
    expect(registry.get('object', 'tasks')).toBe(tasks)
    expect(registry.getEntry('object', 'tasks')).toBe(entry)
    expect(Object.isFrozen(entry)).toBe(true)
  })

  it('takes the name from item.name or item.id and the package from package/_package/argument', () => {
    const registry = new MetadataRegistry()
    registry.register('object', { name: 'a', package: 'p1' }, undefined, 'ignored')
    registry.register('object', { id: 'b', _package: 'p2' })
    registry.register('object', { id: 'c' }, undefined, 'p3')
    expect(registry.getEntry('object', 'a')?.package).toBe('p1')
    expect(registry.getEntry('object', 'b')?.package).toBe('p2')
    expect(registry.getEntry('object', 'c')?.package).toBe('p3')
  })

  it('unwraps an upstream wrapper { id, content, path, package } like upstream get does', () => {
    const registry = new MetadataRegistry()
    const content = { label: 'Tasks' }
    registry.register('object', {
      id: 'tasks',
      content,
      path: 'objects/tasks.object.yml',
      package: 'crm',
    })
    expect(registry.get('object', 'tasks')).toBe(content)
    expect(registry.list('object')).toEqual([content])
    expect(registry.listEntries('object')[0]).toMatchObject({
      path: 'objects/tasks.object.yml',
      package: 'crm',
    })
  })

  it('lists in registration order; a replacement keeps its slot', () => {
    const registry = new MetadataRegistry()
    registry.register('view', 'b', 1)
    registry.register('view', 'a', 2)
    registry.register('view', 'b', 3)
    expect(registry.list('view')).toEqual([3, 2])
    expect(registry.list('unknown')).toEqual([])
    expect(registry.listEntries('unknown')).toEqual([])
  })

  it('reports types and packages that currently hold items', () => {
    const registry = new MetadataRegistry()
    registry.register('object', 'a', {}, 'p')
    registry.register('action', 'run', {})
    expect(registry.getTypes()).toEqual(['object', 'action'])
    expect(registry.getPackages()).toEqual(['p'])
    registry.unregister('action', 'run')
    registry.unregister('object', 'a')
    expect(registry.getTypes()).toEqual([])
    expect(registry.getPackages()).toEqual([])
  })

  it('has / unregister', () => {
    const registry = new MetadataRegistry()
    registry.register('object', 'a', { x: 1 })
    expect(registry.has('object', 'a')).toBe(true)
    expect(registry.has('object', 'b')).toBe(false)
    expect(registry.has('other', 'a')).toBe(false)
    expect(registry.unregister('object', 'a')?.content).toEqual({ x: 1 })
    expect(registry.unregister('object', 'a')).toBeUndefined()
    expect(registry.get('object', 'a')).toBeUndefined()
  })

  it('METADATA_INVALID for an empty type or a missing name', () => {
    const registry = new MetadataRegistry()
    expect(
      hasErrorCode(
        thrownBy(() => registry.register('', 'a', {})),
        'METADATA_INVALID',
      ),
    ).toBe(true)
    expect(
      hasErrorCode(
        thrownBy(() => registry.register('object', '', {})),
        'METADATA_INVALID',
      ),
    ).toBe(true)
    const nameless = thrownBy(() => registry.register('object', { label: 'x' }))
    expect(hasErrorCode(nameless, 'METADATA_INVALID')).toBe(true)
    expect((nameless as Error).message).toContain("a 'object' item has no name")
    expect(registry.getTypes()).toEqual([])
  })
})

describe('MetadataRegistry: packages', () => {
  it('unregisterPackage removes exactly that package and returns what it removed', () => {
    const registry = new MetadataRegistry()
    registry.register('object', 'tasks', {}, 'crm')
    registry.register('action', 'close', {}, 'crm')
    registry.register('object', 'users', {}, 'auth')
    registry.register('object', 'notes', {})
    const removed = registry.unregisterPackage('crm')
    expect(removed.map((e) => `${e.type}/${e.name}`).sort()).toEqual([
      'action/close',
      'object/tasks',
    ])
    expect(registry.listEntries('object').map((e) => e.name)).toEqual(['users', 'notes'])
    expect(registry.has('action', 'close')).toBe(false)
    expect(registry.unregisterPackage('crm')).toEqual([])
    expect(registry.unregisterPackage('never-seen')).toEqual([])
  })

  it('ownership rule: the last registration owns the name; the earlier package no longer removes it', () => {
    const registry = new MetadataRegistry()
    registry.register('object', 'tasks', { v: 'base' }, 'base')
    registry.register('object', 'extra', {}, 'base')
    registry.register('object', 'tasks', { v: 'override' }, 'custom')
    expect(registry.listPackage('base').map((e) => e.name)).toEqual(['extra'])
    expect(registry.listPackage('custom').map((e) => e.name)).toEqual(['tasks'])

    expect(registry.unregisterPackage('base').map((e) => e.name)).toEqual(['extra'])
    expect(registry.get('object', 'tasks')).toEqual({ v: 'override' })

    // Removing the overriding package removes the name; the base version is not restored.
    expect(registry.unregisterPackage('custom').map((e) => e.name)).toEqual(['tasks'])
    expect(registry.has('object', 'tasks')).toBe(false)
  })

  it('re-registering without a package takes the item out of its old package', () => {
    const registry = new MetadataRegistry()
    registry.register('object', 'tasks', {}, 'crm')
    registry.register('object', 'tasks', { local: true })
    expect(registry.unregisterPackage('crm')).toEqual([])
    expect(registry.get('object', 'tasks')).toEqual({ local: true })
  })

  it('property: agrees with a naive model over random operation sequences', () => {
    const name = fc.constantFrom('a', 'b', 'c', 'd')
    const type = fc.constantFrom('object', 'view')
    const pkg = fc.constantFrom('p1', 'p2', undefined)
    const op = fc.oneof(
      fc.record({ kind: fc.constant('register' as const), type, name, pkg, value: fc.integer() }),
      fc.record({ kind: fc.constant('unregister' as const), type, name }),
      fc.record({
        kind: fc.constant('unregisterPackage' as const),
        pkg: fc.constantFrom('p1', 'p2'),
      }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const registry = new MetadataRegistry()
        let model: { type: string; name: string; pkg: string | undefined; value: number }[] = []
        for (const o of ops) {
          if (o.kind === 'register') {
            registry.register(o.type, o.name, o.value, o.pkg)
            const at = model.findIndex((m) => m.type === o.type && m.name === o.name)
            const item = { type: o.type, name: o.name, pkg: o.pkg, value: o.value }
            if (at >= 0) model[at] = item
            else model.push(item)
          } else if (o.kind === 'unregister') {
            registry.unregister(o.type, o.name)
            model = model.filter((m) => !(m.type === o.type && m.name === o.name))
          } else {
            const removed = registry.unregisterPackage(o.pkg).map((e) => `${e.type}/${e.name}`)
            const expected = model.filter((m) => m.pkg === o.pkg).map((m) => `${m.type}/${m.name}`)
            expect(removed.sort()).toEqual(expected.sort())
            model = model.filter((m) => m.pkg !== o.pkg)
          }
        }
        for (const t of ['object', 'view']) {
          expect(registry.list(t)).toEqual(model.filter((m) => m.type === t).map((m) => m.value))
        }
        for (const p of ['p1', 'p2']) {
          const owned = registry.listPackage(p).map((e) => `${e.type}/${e.name}`)
          expect(owned.sort()).toEqual(
            model
              .filter((m) => m.pkg === p)
              .map((m) => `${m.type}/${m.name}`)
              .sort(),
          )
        }
      }),
      { seed: 424242, numRuns: 300 },
    )
  })
})

describe('MetadataRegistry: change listeners', () => {
  it('reports registrations (with the replaced entry) and removals', () => {
    const registry = new MetadataRegistry()
    const changes: string[] = []
    const off = registry.onChange((change) => {
      const previous =
        change.kind === 'registered' && change.previous
          ? ` (was ${String(change.previous.content)})`
          : ''
      changes.push(`${change.kind} ${change.entry.type}/${change.entry.name}${previous}`)
    })
    registry.register('object', 'a', 1, 'p')
    registry.register('object', 'a', 2, 'p')
    registry.register('object', 'b', 3, 'p')
    registry.unregisterPackage('p')
    registry.register('view', 'v', 4)
    registry.clear()
    off()
    registry.register('object', 'after', 5)
    expect(changes).toEqual([
      'registered object/a',
      'registered object/a (was 1)',
      'registered object/b',
      'unregistered object/a',
      'unregistered object/b',
      'registered view/v',
      'unregistered view/v',
    ])
    expect(registry.list('object')).toEqual([5])
  })

  it('a throwing listener does not undo the change or skip other listeners, and is not swallowed', () => {
    const registry = new MetadataRegistry()
    const seen: string[] = []
    registry.onChange(() => {
      throw new Error('cache rebuild failed')
    })
    registry.onChange((change) => void seen.push(`${change.kind} ${change.entry.name}`))
    const onRegister = thrownBy(() => registry.register('object', 'x', 1, 'p'))
    expect(hasErrorCode(onRegister, 'INTERNAL_ERROR')).toBe(true)
    expect((onRegister as Error).message).toContain('cache rebuild failed')
    expect((onRegister as Error).cause).toBeInstanceOf(Error)
    expect(registry.get('object', 'x')).toBe(1)

    thrownBy(() => registry.register('object', 'y', 2, 'p'))
    const onPackage = thrownBy(() => registry.unregisterPackage('p'))
    expect(hasErrorCode(onPackage, 'INTERNAL_ERROR')).toBe(true)
    expect((onPackage as Error).cause).toBeInstanceOf(AggregateError)
    // The whole package is gone even though the first notification failed.
    expect(registry.listEntries('object')).toEqual([])
    expect(seen).toEqual(['registered x', 'registered y', 'unregistered x', 'unregistered y'])
  })
})

type Counted = { steps: number; lookups: number }

/**
 * Counts, while `fn` runs, Map/Set lookups (get/has/set/delete) and iteration steps (every item
 * a Map/Set iterator or forEach yields). Equal counts for a small and a huge registry prove an
 * operation does not scan: the test measures structure, not time.
 */
function countOps(fn: () => unknown): Counted {
  const counted: Counted = { steps: 0, lookups: 0 }
  const restore: (() => void)[] = []
  for (const proto of [Map.prototype, Set.prototype] as Record<PropertyKey, unknown>[]) {
    for (const key of ['get', 'has', 'set', 'add', 'delete']) {
      const original = proto[key]
      if (typeof original !== 'function') continue
      proto[key] = function (this: unknown, ...args: unknown[]) {
        counted.lookups += 1
        return Reflect.apply(original, this, args)
      }
      restore.push(() => void (proto[key] = original))
    }
    for (const key of ['keys', 'values', 'entries', Symbol.iterator]) {
      const original = proto[key]
      if (typeof original !== 'function') continue
      proto[key] = function (this: unknown, ...args: unknown[]) {
        const iterator = Reflect.apply(original, this, args) as Iterator<unknown>
        return {
          next: () => {
            counted.steps += 1
            return iterator.next()
          },
          [Symbol.iterator]() {
            return this
          },
        }
      }
      restore.push(() => void (proto[key] = original))
    }
    const forEach = proto.forEach
    proto.forEach = function (this: { size: number }, ...args: unknown[]) {
      counted.steps += this.size
      return Reflect.apply(forEach as (...a: unknown[]) => unknown, this, args)
    }
    restore.push(() => void (proto.forEach = forEach))
  }
  try {
    fn()
  } finally {
    for (const undo of restore) undo()
  }
  return counted
}

function filled(others: number): MetadataRegistry {
  const registry = new MetadataRegistry()
  registry.onChange(() => undefined)
  for (let i = 0; i < others; i += 1) {
    registry.register('object', `o${i}`, { i }, `pkg${i % 7}`)
    registry.register('view', `v${i}`, { i })
  }
  registry.register('object', 'target', { t: 1 }, 'mine')
  registry.register('view', 'target-view', { t: 2 }, 'mine')
  registry.register('action', 'target-action', { t: 3 }, 'mine')
  return registry
}

describe('MetadataRegistry: cost does not depend on the number of items (no scans)', () => {
  it('get / has / getEntry do the same work with 10 or 20 000 other items, and never iterate', () => {
    const small = filled(5)
    const large = filled(10_000)
    for (const read of [
      (r: MetadataRegistry) => r.get('object', 'target'),
      (r: MetadataRegistry) => r.has('object', 'target'),
      (r: MetadataRegistry) => r.has('object', 'missing'),
      (r: MetadataRegistry) => r.getEntry('view', 'target-view'),
    ]) {
      const a = countOps(() => read(small))
      const b = countOps(() => read(large))
      expect(b).toEqual(a)
      expect(b.steps).toBe(0)
    }
  })

  it('register / unregister do the same work regardless of size', () => {
    const small = filled(5)
    const large = filled(10_000)
    const ops = [
      (r: MetadataRegistry) => r.register('object', 'fresh', {}, 'mine'),
      (r: MetadataRegistry) => r.register('object', 'fresh', { again: true }, 'other'),
      (r: MetadataRegistry) => r.unregister('object', 'fresh'),
    ]
    for (const op of ops) expect(countOps(() => op(large))).toEqual(countOps(() => op(small)))
  })

  it('unregisterPackage does the same work whatever the other packages hold', () => {
    const small = filled(5)
    const large = filled(10_000)
    let removedSmall: unknown[] = []
    let removedLarge: unknown[] = []
    const a = countOps(() => (removedSmall = small.unregisterPackage('mine')))
    const b = countOps(() => (removedLarge = large.unregisterPackage('mine')))
    expect(removedSmall).toHaveLength(3)
    expect(removedLarge).toHaveLength(3)
    expect(b).toEqual(a)
    expect(large.listEntries('object')).toHaveLength(10_000)
  })
})
