import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import { MetadataRegistry } from './metadata-registry.js'

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
