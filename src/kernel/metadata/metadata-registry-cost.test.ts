import { describe, expect, it } from 'vitest'
import { MetadataRegistry } from './metadata-registry.js'

type Counted = { steps: number; lookups: number }

/**
 * Counts, while `fn` runs, Map/Set lookups (get/has/set/delete) and iteration steps (every item
 * a Map/Set iterator or forEach yields). Equal counts for a small and a huge registry prove an
 * operation does not scan: the test measures structure, not time.
 */
function countOps(fn: () => unknown): Counted {
  const counted: Counted = { steps: 0, lookups: 0 }
  const restore: (() => void)[] = []
  for (const proto of [Map.prototype, Set.prototype] as unknown as Record<PropertyKey, unknown>[]) {
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
