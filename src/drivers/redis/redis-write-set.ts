import { ObjectQLError } from '../../kernel/errors.js'
import { checkWriteData, decodeRecord, defineKey, encodeRecord } from './redis-record-codec.js'
import type { StoreWrite, StoredRecord } from './redis-store.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { DataRecord, RecordInput } from '../../kernel/spec/object-config.js'

/** What record writes need besides the data. */
export interface WriteContext {
  /** The object's schema; undefined means schemaless (any field accepted). */
  readonly schema: QuerySchema | undefined
  readonly generateId: () => string
}

/** Loads the records with these ids that exist. */
export type RecordLoader = (object: string, ids: readonly string[]) => Promise<StoredRecord[]>

/** One record as a write set sees it. */
interface Slot {
  readonly object: string
  readonly id: string
  /** Whether `base` (the record before this write set) was read. */
  loaded: boolean
  base: StoredRecord | undefined
  /** The record after the writes so far: `undefined` = untouched, `null` = deleted. */
  current: StoredRecord | null | undefined
}

/**
 * A batch of record writes computed in memory and then handed to `RedisStore.apply` as
 * compare-and-set writes: every record the batch read must still hold the text it was read
 * with, and every record it created must still be absent, or nothing is written and the caller
 * starts over (`changed`) or reports a duplicate (`exists`).
 *
 * The rules match the memory driver's (DRV-ID-*, DRV-WRITE-*): a given id is kept, a missing
 * one generated; a duplicate fails with `DUPLICATE_RECORD`; update merges shallowly (a key set
 * to `undefined` is cleared) and cannot change the id; a missing record fails with `NOT_FOUND`.
 * Every check runs before anything is stored, and returned records are decoded copies of the
 * stored text, so callers never share objects with storage (DRV-WRITE-005).
 */
export class WriteSet {
  readonly #loader: RecordLoader
  readonly #slots = new Map<string, Slot>()

  constructor(loader: RecordLoader) {
    this.#loader = loader
  }

  /** Reads the records with these ids (once; ids this set already knows are skipped). */
  async load(object: string, ids: readonly string[]): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.#slots.has(slotKey(object, id)))
    if (wanted.length === 0) return
    const found = new Map(
      (await this.#loader(object, wanted)).map((item) => [item.record.id, item] as const),
    )
    for (const id of wanted) {
      this.#slots.set(slotKey(object, id), {
        object,
        id,
        loaded: true,
        base: found.get(id),
        current: undefined,
      })
    }
  }

  /** Stores a new record. An id this set has not loaded is checked by the store (`exists`). */
  create(object: string, input: RecordInput, context: WriteContext): DataRecord {
    const data = checkWriteData(input, context.schema)
    const given = data['id']
    if (given !== undefined && given !== null && (typeof given !== 'string' || given === '')) {
      throw validation('id', 'an id must be a non-empty string')
    }
    const id = typeof given === 'string' ? given : context.generateId()
    const slot = this.#slots.get(slotKey(object, id))
    if (slot !== undefined && stateOf(slot) !== undefined) {
      throw new ObjectQLError('DUPLICATE_RECORD', `${object}/${id} already exists`, {
        details: { object, id },
      })
    }
    const record: Record<string, unknown> = {}
    for (const key of Object.keys(data)) defineKey(record, key, data[key])
    record['id'] = id
    return this.#put(slot ?? this.#newSlot(object, id), record)
  }

  /** Merges `input` into a loaded record (DRV-WRITE-002/003). */
  update(
    object: string,
    id: string,
    input: Record<string, unknown>,
    context: WriteContext,
  ): DataRecord {
    const data = checkWriteData(input, context.schema)
    if (data['id'] !== undefined && data['id'] !== id) {
      throw validation('id', 'an update cannot change the id')
    }
    const slot = this.#slots.get(slotKey(object, id))
    const existing = slot === undefined ? undefined : stateOf(this.#requireLoaded(slot))
    if (slot === undefined || existing === undefined) {
      throw new ObjectQLError('NOT_FOUND', `${object}/${id} does not exist`, {
        details: { object, id },
      })
    }
    const record: Record<string, unknown> = { ...existing.record }
    for (const key of Object.keys(data)) {
      if (data[key] === undefined) delete record[key]
      else defineKey(record, key, data[key])
    }
    record['id'] = id // `{ id: undefined }` clears nothing: an update never changes the id
    return this.#put(slot, record)
  }

  /** Deletes a loaded record; true when it existed (DRV-WRITE-004). */
  delete(object: string, id: string): boolean {
    const slot = this.#slots.get(slotKey(object, id))
    if (slot === undefined) return false
    const existed = stateOf(this.#requireLoaded(slot)) !== undefined
    if (existed) slot.current = null
    return existed
  }

  /** The compare-and-set writes of every record this set changed, in first-touch order. */
  writes(): StoreWrite[] {
    const writes: StoreWrite[] = []
    for (const slot of this.#slots.values()) {
      if (slot.current === undefined) continue
      const pre =
        slot.base === undefined
          ? { kind: 'absent' as const }
          : { kind: 'equals' as const, raw: slot.base.raw }
      const absentBefore = slot.base === undefined
      writes.push({
        object: slot.object,
        id: slot.id,
        pre,
        next: slot.current === null && absentBefore ? undefined : slot.current,
      })
    }
    return writes
  }

  /** What the set changed, per record: the new record, or null when deleted. */
  changes(): { object: string; id: string; record: DataRecord | null }[] {
    return [...this.#slots.values()]
      .filter((slot) => slot.current !== undefined)
      .map((slot) => ({ object: slot.object, id: slot.id, record: slot.current?.record ?? null }))
  }

  #put(slot: Slot, record: Record<string, unknown>): DataRecord {
    const raw = encodeRecord(record)
    slot.current = { raw, record: decodeRecord(raw) }
    return decodeRecord(raw)
  }

  #newSlot(object: string, id: string): Slot {
    const slot: Slot = { object, id, loaded: false, base: undefined, current: undefined }
    this.#slots.set(slotKey(object, id), slot)
    return slot
  }

  #requireLoaded(slot: Slot): Slot {
    // Only reachable through a driver bug: update and delete always load first.
    if (!slot.loaded && slot.current === undefined) {
      throw new ObjectQLError('INTERNAL_ERROR', `${slot.object}/${slot.id} was not loaded`)
    }
    return slot
  }
}

/** The record a slot holds now; undefined when absent. Unloaded slots count as absent. */
function stateOf(slot: Slot): StoredRecord | undefined {
  return slot.current === undefined ? slot.base : (slot.current ?? undefined)
}

function slotKey(object: string, id: string): string {
  return JSON.stringify([object, id])
}

function validation(field: string, message: string): ObjectQLError {
  return new ObjectQLError('VALIDATION_FAILED', message, {
    details: { errors: [{ field, message }] },
  })
}
