import { ObjectQLError } from '../../kernel/errors.js'
import { mapStorageError } from './local-storage-error-map.js'
import { indexKey, recordKey } from './local-storage-keys.js'
import type { StorageLike } from './local-storage-driver-config.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'

/** One object's changes, applied by {@link LocalStorageStore.apply} all or nothing. */
export interface ChangeSet {
  /** Records to store (new or replacing), already checked and copied. */
  readonly puts: readonly DataRecord[]
  /** Ids to remove. */
  readonly deletes: readonly string[]
}

/**
 * The records of a namespace: loaded from storage per object on first use, then held in memory
 * (reads never touch storage again), and written through on every change.
 *
 * A change set is written key by key, record keys first, then the index, then removals, so a
 * page closed halfway leaves at most unreferenced records (the index decides what exists). If a
 * write throws (a full quota), every key already written is restored to its previous value
 * and the memory copy is left untouched: a failed write changes nothing (DRV-WRITE-006).
 *
 * One driver instance per namespace at a time is assumed, as for an embedded database: another
 * instance (or another tab) sees changes of objects it has not loaded yet, not later ones.
 */
export class LocalStorageStore {
  readonly #storage: StorageLike
  readonly #namespace: string
  readonly #tables = new Map<string, Map<string, DataRecord>>()

  constructor(storage: StorageLike, namespace: string) {
    this.#storage = storage
    this.#namespace = namespace
  }

  /** Forgets what was loaded; the next access reads storage again. */
  reset(): void {
    this.#tables.clear()
  }

  /**
   * The stored records of an object by id, in insertion order. The caller must not mutate them.
   *
   * @throws ObjectQLError `DRIVER_ERROR` when the stored data is corrupt, mapped storage errors.
   */
  table(object: string): ReadonlyMap<string, DataRecord> {
    return this.#load(object)
  }

  /**
   * Writes a change set to storage, then to memory.
   *
   * @throws ObjectQLError `DRIVER_ERROR` with `details.reason: 'quota'` when the quota is full
   * (nothing written), other mapped storage errors.
   */
  apply(object: string, changes: ChangeSet, operation: string): void {
    const table = this.#load(object)
    const next = new Map(table)
    for (const id of changes.deletes) next.delete(id)
    for (const record of changes.puts) next.set(record.id, record)
    const writes: [string, string | null][] = [
      ...changes.puts.map((r): [string, string] => [
        this.#recordKey(object, r.id),
        JSON.stringify(r),
      ]),
      [indexKey(this.#namespace, object), JSON.stringify([...next.keys()])],
      ...changes.deletes.map((id): [string, null] => [this.#recordKey(object, id), null]),
    ]
    this.#writeAll(writes, operation, object)
    this.#tables.set(object, next)
  }

  #writeAll(writes: readonly [string, string | null][], operation: string, object: string): void {
    const undo: [string, string | null][] = []
    let key = ''
    try {
      for (const [target, value] of writes) {
        key = target
        const previous = this.#storage.getItem(target)
        if (value === null) this.#storage.removeItem(target)
        else this.#storage.setItem(target, value)
        undo.push([target, previous])
      }
    } catch (error) {
      const restoreFailed: string[] = []
      for (const [target, previous] of undo.reverse()) {
        try {
          if (previous === null) this.#storage.removeItem(target)
          else this.#storage.setItem(target, previous)
        } catch {
          restoreFailed.push(target) // reported below with the original failure
        }
      }
      const details = { object, key, ...(restoreFailed.length > 0 ? { restoreFailed } : {}) }
      throw mapStorageError(error, `${operation} ${object}`, details)
    }
  }

  #load(object: string): Map<string, DataRecord> {
    const cached = this.#tables.get(object)
    if (cached !== undefined) return cached
    const table = new Map<string, DataRecord>()
    const key = indexKey(this.#namespace, object)
    const ids = this.#parse(key, this.#read(key, object), object) ?? []
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
      throw corrupt(object, key, 'the index is not a list of ids')
    }
    for (const id of ids) {
      const at = this.#recordKey(object, id)
      const record = this.#parse(at, this.#read(at, object), object)
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        throw corrupt(object, at, `the index lists '${id}' but its record is missing or invalid`)
      }
      if ((record as { id?: unknown }).id !== id) throw corrupt(object, at, 'the record id differs')
      table.set(id, record as DataRecord)
    }
    this.#tables.set(object, table)
    return table
  }

  #read(key: string, object: string): string | null {
    try {
      return this.#storage.getItem(key)
    } catch (error) {
      throw mapStorageError(error, `load ${object}`, { object, key })
    }
  }

  #parse(key: string, text: string | null, object: string): unknown {
    if (text === null) return undefined
    try {
      return JSON.parse(text) as unknown
    } catch (error) {
      throw corrupt(object, key, 'the stored text is not JSON', error)
    }
  }

  #recordKey(object: string, id: string): string {
    return recordKey(this.#namespace, object, id)
  }
}

function corrupt(object: string, key: string, problem: string, cause?: unknown): ObjectQLError {
  return new ObjectQLError('DRIVER_ERROR', `stored data of '${object}' is corrupt: ${problem}`, {
    details: { object, key, reason: 'corrupt' },
    ...(cause === undefined ? {} : { cause }),
  })
}
