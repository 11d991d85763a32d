import type { DataRecord } from '../../kernel/spec/object-config.js'

/** One object's committed records by id, in storage order (file or sheet). Stored records are never mutated. */
export type RecordTable = Map<string, DataRecord>

/**
 * Copy-on-write changes over a committed table. A write runs entirely against a staging, the
 * file or sheet is written from {@link TableStaging.records}, and only when the file or workbook is safely replaced
 * are the changes applied to the table ({@link TableStaging.applyTo}): a write that fails at any
 * point, including a bulk write halfway through, changes nothing (DRV-WRITE-006, DRV-BULK-002).
 */
export class TableStaging {
  readonly #base: ReadonlyMap<string, DataRecord>
  /** id -> the new record, or null for a deletion. */
  readonly #changes = new Map<string, DataRecord | null>()

  constructor(base: ReadonlyMap<string, DataRecord>) {
    this.#base = base
  }

  /** True once anything was set or removed. */
  get changed(): boolean {
    return this.#changes.size > 0
  }

  /** The record as staged (a staged deletion reads as missing), else the committed one. */
  get(id: string): DataRecord | undefined {
    if (this.#changes.has(id)) return this.#changes.get(id) ?? undefined
    return this.#base.get(id)
  }

  /** Stages a record under its id (insert or replace). */
  set(record: DataRecord): void {
    this.#changes.set(record.id, record)
  }

  /** Removes a record; true when it existed (in the base or staged). */
  remove(id: string): boolean {
    if (this.get(id) === undefined) return false
    this.#changes.set(id, null)
    return true
  }

  /** Every record after the changes: base order, replaced in place, new ones at the end. */
  *records(): Iterable<DataRecord> {
    for (const [id, record] of this.#base) {
      if (!this.#changes.has(id)) yield record
      else {
        const changed = this.#changes.get(id)
        if (changed !== null && changed !== undefined) yield changed
      }
    }
    for (const [id, record] of this.#changes) {
      if (record !== null && !this.#base.has(id)) yield record
    }
  }

  /** Applies the changes to `table` (which must be the base). */
  applyTo(table: RecordTable): void {
    for (const [id, record] of this.#changes) {
      if (record === null) table.delete(id)
      else table.set(id, record)
    }
  }
}
