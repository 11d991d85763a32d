import { ObjectQLError } from '../errors.js'
import type { HookHandler, HookOptions } from './hook-context.js'
import { resolveHookEvent } from './hook-events.js'
import type { HookEvent } from './hook-events.js'

/** The default hook priority (upstream's). */
export const DEFAULT_HOOK_PRIORITY = 100

/** The wildcard object: the hook runs for every object. */
export const ANY_OBJECT = '*'

/** One registered hook. */
export interface HookEntry {
  readonly event: HookEvent
  /** An object name or {@link ANY_OBJECT}. */
  readonly object: string
  readonly handler: HookHandler
  readonly priority: number
  readonly package: string | undefined
  readonly name: string | undefined
  /** Registration sequence number: the tie-breaker that keeps the order stable. */
  readonly seq: number
}

interface CompiledChain {
  readonly version: number
  readonly entries: readonly HookEntry[]
}

/**
 * Hook registrations and their compiled chains.
 *
 * Order (documented contract): for one event and object, the chain holds the hooks registered
 * for that object and for `'*'`, sorted by `priority` ascending, then by registration order.
 * A `'*'` hook and an object hook with equal priority therefore run in the order they were
 * registered.
 *
 * The chain for an (event, object) pair is compiled once into a frozen array and reused until a
 * registration changes: every change bumps {@link HookRegistry.version}, and a cached chain
 * built under an older version is rebuilt on its next use. `chainBuilds` counts the rebuilds so
 * tests can prove that operations between registrations rebuild nothing.
 */
export class HookRegistry {
  #entries: HookEntry[] = []
  #seq = 0
  #version = 0
  // Event, then object: two lookups with strings the caller already holds, instead of one
  // lookup with a key concatenated (and hashed afresh) on every operation.
  readonly #cache = new Map<HookEvent, Map<string, CompiledChain>>()
  #builds = 0

  /** Bumped by every registration change; compiled chains of older versions are stale. */
  get version(): number {
    return this.#version
  }

  /** How many chains were compiled so far (for tests of the cache). */
  get chainBuilds(): number {
    return this.#builds
  }

  /** How many hooks are registered. */
  get size(): number {
    return this.#entries.length
  }

  /**
   * Registers `handler` for `event` on `object` (or `'*'`).
   *
   * @returns a function that removes this registration (idempotent).
   * @throws ObjectQLError `HOOK_INVALID` for an unknown event, a missing handler, an empty object
   * name or a non-finite priority.
   */
  register(
    event: string,
    object: string,
    handler: HookHandler,
    options: HookOptions = {},
  ): () => void {
    const info = resolveHookEvent(event)
    if (typeof handler !== 'function') {
      throw new ObjectQLError('HOOK_INVALID', `hook '${event}' on '${object}' has no handler`, {
        details: { event, object },
      })
    }
    if (typeof object !== 'string' || object === '') {
      throw new ObjectQLError('HOOK_INVALID', `hook '${event}' needs an object name or '*'`, {
        details: { event, object },
      })
    }
    const priority = options.priority ?? DEFAULT_HOOK_PRIORITY
    if (typeof priority !== 'number' || !Number.isFinite(priority)) {
      throw new ObjectQLError('HOOK_INVALID', `hook '${event}' has a non-finite priority`, {
        details: { event, object, priority },
      })
    }
    const entry: HookEntry = Object.freeze({
      event: info.event,
      object,
      handler,
      priority,
      package: options.package,
      name: options.name,
      seq: this.#seq++,
    })
    this.#entries.push(entry)
    this.#changed()
    return () => {
      const index = this.#entries.indexOf(entry)
      if (index === -1) return
      this.#entries.splice(index, 1)
      this.#changed()
    }
  }

  /** Removes every hook owned by `packageName`; returns how many were removed. */
  unregisterPackage(packageName: string): number {
    const before = this.#entries.length
    this.#entries = this.#entries.filter((entry) => entry.package !== packageName)
    const removed = before - this.#entries.length
    if (removed > 0) this.#changed()
    return removed
  }

  /** The compiled, ordered chain for `event` on `object`; an empty array when none. */
  chain(event: HookEvent, object: string): readonly HookEntry[] {
    let byObject = this.#cache.get(event)
    const cached = byObject?.get(object)
    if (cached !== undefined && cached.version === this.#version) return cached.entries
    const entries = Object.freeze(
      this.#entries
        .filter((e) => e.event === event && (e.object === object || e.object === ANY_OBJECT))
        .sort((a, b) => a.priority - b.priority || a.seq - b.seq),
    )
    this.#builds++
    if (byObject === undefined) {
      byObject = new Map()
      this.#cache.set(event, byObject)
    }
    byObject.set(object, { version: this.#version, entries })
    return entries
  }

  /** Every registration, in registration order (for listings and the harness). */
  list(): readonly HookEntry[] {
    return [...this.#entries]
  }

  #changed(): void {
    // Chains are not dropped here: each one is checked against the version on its next use,
    // so a burst of registrations costs nothing until an operation needs the chain.
    this.#version++
  }
}
