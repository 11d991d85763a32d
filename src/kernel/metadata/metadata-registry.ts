import { ObjectQLError } from '../errors.js'

/** One registered metadata item. `id` repeats `name` for upstream code that reads `entry.id`. */
export interface MetadataEntry<T = unknown> {
  readonly type: string
  readonly name: string
  readonly id: string
  readonly package?: string
  readonly path?: string
  readonly content: T
}

/**
 * An item registered without a separate name: the name is `name ?? id`, the package
 * `package ?? _package`. When it has `content` it is a wrapper (`{ id, content, path?, package? }`)
 * and `content` is what `get` returns; otherwise the item itself is the content.
 */
export interface MetadataItem {
  readonly name?: string
  readonly id?: string
  readonly package?: string
  readonly _package?: string
  readonly path?: string
  readonly content?: unknown
  readonly [key: string]: unknown
}

/** A registry change. `previous` is the entry a registration replaced, if any. */
export type MetadataChange =
  | {
      readonly kind: 'registered'
      readonly entry: MetadataEntry
      readonly previous?: MetadataEntry
    }
  | { readonly kind: 'unregistered'; readonly entry: MetadataEntry }

/** Listener for {@link MetadataRegistry.onChange}. */
export type MetadataChangeListener = (change: MetadataChange) => void

function invalid(message: string, details: Record<string, unknown>): ObjectQLError {
  return new ObjectQLError('METADATA_INVALID', message, { details })
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * Upstream-compatible metadata registry (`@objectql/types` `MetadataRegistry`): items by type and
 * name, `get`/`list` unwrap `content`, `getEntry`/`listEntries` return the wrappers.
 *
 * Storage is `Map<type, Map<name, entry>>` plus `Map<package, Map<type, Set<name>>>`, so `get`,
 * `has`, `register` and `unregister` are O(1) and `unregisterPackage` is O(items of the package).
 *
 * Ownership rule: an entry belongs to the package that registered it LAST. Registering an
 * existing (type, name) replaces the entry and moves it to the new package's index; the earlier
 * version is not kept, so `unregisterPackage` of the earlier package leaves the replacement alone,
 * and `unregisterPackage` of the later one removes the name entirely (nothing is restored).
 */
export class MetadataRegistry {
  private readonly store = new Map<string, Map<string, MetadataEntry>>()
  private readonly packages = new Map<string, Map<string, Set<string>>>()
  private readonly listeners = new Set<MetadataChangeListener>()

  /**
   * Registers `item` under `name` (`register(type, name, item, pkg?)`), or an item that carries
   * its own name (`register(type, item, undefined, pkg?)`). Returns the stored entry.
   * `METADATA_INVALID` for an empty type or a missing name.
   */
  register(type: string, name: string, item: unknown, packageName?: string): MetadataEntry
  register(type: string, item: MetadataItem, _?: undefined, packageName?: string): MetadataEntry
  register(
    type: string,
    nameOrItem: string | MetadataItem,
    item?: unknown,
    packageName?: string,
  ): MetadataEntry {
    if (text(type) === undefined)
      throw invalid('metadata type must be a non-empty string', { type })
    const raw: unknown = typeof nameOrItem === 'string' ? item : nameOrItem
    const fields: Partial<MetadataItem> = typeof raw === 'object' && raw !== null ? raw : {}
    const name =
      typeof nameOrItem === 'string' ? text(nameOrItem) : (text(fields.name) ?? text(fields.id))
    if (name === undefined) {
      throw invalid(`a '${type}' item has no name (give a name, or an item with name or id)`, {
        type,
      })
    }
    const pkg = text(fields.package) ?? text(fields._package) ?? text(packageName)
    const path = text(fields.path)
    const isWrapper = typeof raw === 'object' && raw !== null && 'content' in raw
    const entry: MetadataEntry = Object.freeze({
      type,
      name,
      id: name,
      ...(pkg === undefined ? {} : { package: pkg }),
      ...(path === undefined ? {} : { path }),
      content: isWrapper ? fields.content : raw,
    })

    let byName = this.store.get(type)
    if (byName === undefined) {
      byName = new Map()
      this.store.set(type, byName)
    }
    const previous = byName.get(name)
    if (previous !== undefined) this.unindex(previous)
    byName.set(name, entry)
    if (pkg !== undefined) this.index(entry, pkg)
    this.notify([
      previous === undefined
        ? { kind: 'registered', entry }
        : { kind: 'registered', entry, previous },
    ])
    return entry
  }

  /** The item's content (the wrapper's `content`, or the item itself), or undefined. */
  get<T = unknown>(type: string, name: string): T | undefined {
    return this.store.get(type)?.get(name)?.content as T | undefined
  }

  /** The stored entry (wrapper), or undefined. */
  getEntry<T = unknown>(type: string, name: string): MetadataEntry<T> | undefined {
    return this.store.get(type)?.get(name) as MetadataEntry<T> | undefined
  }

  /** True when `type`/`name` is registered. */
  has(type: string, name: string): boolean {
    return this.store.get(type)?.has(name) ?? false
  }

  /** The contents of every item of `type`, in registration order (replacements keep their slot). */
  list<T = unknown>(type: string): T[] {
    return this.listEntries<T>(type).map((entry) => entry.content)
  }

  /** Every entry of `type`, in registration order. */
  listEntries<T = unknown>(type: string): MetadataEntry<T>[] {
    const byName = this.store.get(type)
    return byName === undefined ? [] : ([...byName.values()] as MetadataEntry<T>[])
  }

  /** Types that currently hold at least one item, in order of first registration. */
  getTypes(): string[] {
    return [...this.store.keys()]
  }

  /** Packages that currently own at least one item. */
  getPackages(): string[] {
    return [...this.packages.keys()]
  }

  /** Every entry owned by `pkg` (see the ownership rule on the class). */
  listPackage(pkg: string): MetadataEntry[] {
    const out: MetadataEntry[] = []
    for (const [type, names] of this.packages.get(pkg) ?? []) {
      for (const name of names) {
        const entry = this.store.get(type)?.get(name)
        if (entry !== undefined) out.push(entry)
      }
    }
    return out
  }

  /** Removes one item; returns the removed entry, or undefined when it was not registered. */
  unregister(type: string, name: string): MetadataEntry | undefined {
    const entry = this.remove(type, name)
    if (entry !== undefined) this.notify([{ kind: 'unregistered', entry }])
    return entry
  }

  /**
   * Removes every item `pkg` owns and returns them (so the kernel can also drop that package's
   * hooks and actions). O(items of the package); other packages' items are untouched.
   */
  unregisterPackage(pkg: string): MetadataEntry[] {
    return this.removeAll(this.listPackage(pkg))
  }

  /** Removes everything; listeners get one `unregistered` change per item. */
  clear(): void {
    this.removeAll([...this.store.values()].flatMap((byName) => [...byName.values()]))
  }

  /**
   * Calls `listener` after every change, synchronously and in subscription order. Returns the
   * unsubscribe function. If listeners throw, the change is kept (it already happened), every
   * listener still runs, and the failure is thrown to the caller of the change afterwards.
   */
  onChange(listener: MetadataChangeListener): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  private index(entry: MetadataEntry, pkg: string): void {
    let byType = this.packages.get(pkg)
    if (byType === undefined) {
      byType = new Map()
      this.packages.set(pkg, byType)
    }
    let names = byType.get(entry.type)
    if (names === undefined) {
      names = new Set()
      byType.set(entry.type, names)
    }
    names.add(entry.name)
  }

  private unindex(entry: MetadataEntry): void {
    const pkg = entry.package
    if (pkg === undefined) return
    const byType = this.packages.get(pkg)
    const names = byType?.get(entry.type)
    if (byType === undefined || names === undefined) return
    names.delete(entry.name)
    if (names.size === 0) byType.delete(entry.type)
    if (byType.size === 0) this.packages.delete(pkg)
  }

  private remove(type: string, name: string): MetadataEntry | undefined {
    const byName = this.store.get(type)
    const entry = byName?.get(name)
    if (byName === undefined || entry === undefined) return undefined
    byName.delete(name)
    if (byName.size === 0) this.store.delete(type)
    this.unindex(entry)
    return entry
  }

  // Removes first and notifies after, so a throwing listener cannot leave a half-removed package.
  private removeAll(entries: readonly MetadataEntry[]): MetadataEntry[] {
    const removed: MetadataEntry[] = []
    for (const entry of entries) {
      if (this.remove(entry.type, entry.name) !== undefined) removed.push(entry)
    }
    this.notify(removed.map((entry) => ({ kind: 'unregistered', entry })))
    return removed
  }

  private notify(changes: readonly MetadataChange[]): void {
    if (changes.length === 0 || this.listeners.size === 0) return
    const listeners = [...this.listeners]
    const failures: unknown[] = []
    for (const change of changes) {
      for (const listener of listeners) {
        try {
          listener(change)
        } catch (error) {
          failures.push(error)
        }
      }
    }
    if (failures.length === 0) return
    // Name a few changes in the message (a `clear()` may touch thousands); `details` has all.
    const subjects = changes.slice(0, 5).map((c) => `${c.kind} ${c.entry.type}/${c.entry.name}`)
    if (changes.length > 5) subjects.push(`${changes.length - 5} more`)
    throw new ObjectQLError(
      'INTERNAL_ERROR',
      `${failures.length} metadata change listener call(s) failed (${subjects.join(', ')}): ` +
        failures.map((e) => (e instanceof Error ? e.message : String(e))).join('; '),
      {
        cause: failures.length === 1 ? failures[0] : new AggregateError(failures),
        details: {
          changes: changes.map((c) => ({ kind: c.kind, type: c.entry.type, name: c.entry.name })),
        },
      },
    )
  }
}
