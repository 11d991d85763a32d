import type { DataRecord } from '../../kernel/spec/object-config.js'

/**
 * Record storage of the memory driver, one map per object. Stored records are never mutated in
 * place (every write stores a new object), which is what lets overlays share them safely.
 */
export interface RecordStore {
  /** The stored record, or undefined. The caller must not mutate it. */
  get(object: string, id: string): DataRecord | undefined
  /** Stores (inserts or replaces) a record under its id. */
  set(object: string, record: DataRecord): void
  /** Removes a record; true when it existed. */
  remove(object: string, id: string): boolean
  /** Every record of the object, in insertion order. */
  records(object: string): Iterable<DataRecord>
}

/** The committed data: a `Map` of id to record per object. */
export class MapStore implements RecordStore {
  readonly #tables = new Map<string, Map<string, DataRecord>>()

  get(object: string, id: string): DataRecord | undefined {
    return this.#tables.get(object)?.get(id)
  }

  set(object: string, record: DataRecord): void {
    let table = this.#tables.get(object)
    if (table === undefined) {
      table = new Map()
      this.#tables.set(object, table)
    }
    table.set(record.id, record)
  }

  remove(object: string, id: string): boolean {
    return this.#tables.get(object)?.delete(id) ?? false
  }

  records(object: string): Iterable<DataRecord> {
    return this.#tables.get(object)?.values() ?? []
  }

  /** Names of the objects that have (or had) records. */
  objectNames(): string[] {
    return [...this.#tables.keys()]
  }
}

/**
 * Copy-on-write changes over a parent store: reads see the parent plus the changes, writes touch
 * only the changes, {@link OverlayStore.flush} applies them to the parent in one synchronous
 * step. Transactions keep their writes in one; bulk operations stage in one so that a failure
 * halfway leaves the parent untouched (all-or-nothing).
 */
export class OverlayStore implements RecordStore {
  readonly #parent: RecordStore
  /** Per object: id to the new record, or null for a deletion. */
  readonly #changes = new Map<string, Map<string, DataRecord | null>>()

  constructor(parent: RecordStore) {
    this.#parent = parent
  }

  get(object: string, id: string): DataRecord | undefined {
    const changes = this.#changes.get(object)
    if (changes?.has(id) === true) return changes.get(id) ?? undefined
    return this.#parent.get(object, id)
  }

  set(object: string, record: DataRecord): void {
    this.#table(object).set(record.id, record)
  }

  remove(object: string, id: string): boolean {
    const existed = this.get(object, id) !== undefined
    this.#table(object).set(id, null)
    return existed
  }

  *records(object: string): Iterable<DataRecord> {
    const changes = this.#changes.get(object)
    if (changes === undefined) {
      yield* this.#parent.records(object)
      return
    }
    for (const record of this.#parent.records(object)) {
      if (!changes.has(record.id)) yield record
      else {
        const changed = changes.get(record.id)
        if (changed !== null && changed !== undefined) yield changed
      }
    }
    for (const [id, record] of changes) {
      if (record !== null && this.#parent.get(object, id) === undefined) yield record
    }
  }

  /** Applies every change to the parent and forgets them. */
  flush(): void {
    for (const [object, changes] of this.#changes) {
      for (const [id, record] of changes) {
        if (record === null) this.#parent.remove(object, id)
        else this.#parent.set(object, record)
      }
    }
    this.#changes.clear()
  }

  #table(object: string): Map<string, DataRecord | null> {
    let table = this.#changes.get(object)
    if (table === undefined) {
      table = new Map()
      this.#changes.set(object, table)
    }
    return table
  }
}
