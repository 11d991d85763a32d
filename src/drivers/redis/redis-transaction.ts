import { randomUUID } from 'node:crypto'
import { ObjectQLError, isObjectQLError } from '../../kernel/errors.js'
import { OpenTransactions } from '../common/open-transactions.js'
import { encodeRecord } from './redis-record-codec.js'
import { WriteSet } from './redis-write-set.js'
import { backOff } from './redis-writer.js'
import type { RecordLoader, WriteContext } from './redis-write-set.js'
import type { RedisStore, StoredRecord } from './redis-store.js'
import type { IsolationLevel } from '../../kernel/driver/driver-capabilities.js'
import type { TransactionHandle } from '../../kernel/driver/driver.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'

/** One write of a transaction, as replayed at commit. */
export type LoggedWrite =
  | { readonly kind: 'create'; readonly object: string; readonly record: DataRecord }
  | {
      readonly kind: 'update'
      readonly object: string
      readonly id: string
      readonly data: Record<string, unknown>
    }
  | { readonly kind: 'delete'; readonly object: string; readonly id: string }

/** How often a commit starts over when a concurrent write lands between its read and write. */
const COMMIT_ATTEMPTS = 50

/**
 * One open transaction of the Redis driver: a buffered unit of work.
 *
 * Writes are checked against what the transaction sees (committed data plus its own writes) and
 * kept in an overlay, so reads through the transaction see them (DRV-TX-003) and nobody else
 * does before commit. Each write is also logged. Commit reads the touched records as they are
 * then, replays the log over them in memory and applies the result as ONE atomic script whose
 * compare-and-set checks cover every record read: either everything is written (DRV-TX-001) or
 * nothing is. A replay that no longer holds (a concurrent writer created the same id, deleted an
 * updated record) fails with `TRANSACTION_FAILED` and keeps nothing; a concurrent change that
 * only races the commit makes it start over. Isolation is read committed.
 */
export class RedisTransaction {
  readonly handle: TransactionHandle = Object.freeze({ id: `redis-tx-${randomUUID()}` })
  readonly #overlay = new Map<string, Map<string, DataRecord | null>>()
  readonly #log: LoggedWrite[] = []

  /** The transaction's own writes to an object: id -> record, or null when deleted. */
  overlayOf(object: string): ReadonlyMap<string, DataRecord | null> | undefined {
    return this.#overlay.get(object)
  }

  /** A loader that sees committed records through this transaction's own writes. */
  loader(store: RedisStore): RecordLoader {
    return async (object, ids) => {
      const overlay = this.#overlay.get(object)
      const fromStore = ids.filter((id) => overlay?.has(id) !== true)
      const found: StoredRecord[] = await store.loadIds(object, fromStore)
      for (const id of ids) {
        const record = overlay?.get(id)
        if (record) found.push({ raw: encodeRecord(record), record })
      }
      return found
    }
  }

  /**
   * Runs writes against a write set that sees this transaction's state and, when they all
   * succeed, keeps their effects in the overlay and the log. A failing write keeps nothing.
   */
  async write<T>(
    store: RedisStore,
    run: (set: WriteSet, log: (entry: LoggedWrite) => void) => Promise<T>,
  ): Promise<T> {
    const set = new WriteSet(this.loader(store))
    const entries: LoggedWrite[] = []
    const result = await run(set, (entry) => entries.push(entry))
    for (const { object, id, record } of set.changes()) {
      let overlay = this.#overlay.get(object)
      if (overlay === undefined) this.#overlay.set(object, (overlay = new Map()))
      overlay.set(id, record)
    }
    this.#log.push(...entries)
    return result
  }

  /** Applies the log atomically (see the class comment). */
  async commit(store: RedisStore, contextFor: (object: string) => WriteContext): Promise<void> {
    if (this.#log.length === 0) return
    const touched = new Map<string, string[]>()
    for (const entry of this.#log) {
      const id = entry.kind === 'create' ? entry.record.id : entry.id
      touched.set(entry.object, [...(touched.get(entry.object) ?? []), id])
    }
    for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      await backOff(attempt)
      const set = new WriteSet((object, ids) => store.loadIds(object, ids))
      for (const [object, ids] of touched) await set.load(object, ids)
      for (const entry of this.#log) {
        try {
          replay(set, entry, contextFor(entry.object))
        } catch (error) {
          if (!isObjectQLError(error)) throw error
          throw new ObjectQLError(
            'TRANSACTION_FAILED',
            `commit of ${this.handle.id} conflicts with a concurrent write; nothing was kept`,
            { cause: error, details: { transaction: this.handle.id, object: entry.object } },
          )
        }
      }
      if ((await store.apply(set.writes())).ok) return
    }
    throw new ObjectQLError(
      'TRANSACTION_FAILED',
      `commit of ${this.handle.id} kept racing concurrent writes; nothing was kept`,
      { details: { transaction: this.handle.id } },
    )
  }
}

function replay(set: WriteSet, entry: LoggedWrite, context: WriteContext): void {
  switch (entry.kind) {
    case 'create':
      set.create(entry.object, entry.record, context)
      return
    case 'update':
      set.update(entry.object, entry.id, entry.data, context)
      return
    case 'delete':
      set.delete(entry.object, entry.id)
      return
  }
}

/** The driver's open transactions, by handle id. Finished handles are refused (DRV-TX-004). */
export class TransactionRegistry extends OpenTransactions<RedisTransaction> {
  /**
   * Opens a transaction.
   *
   * @throws ObjectQLError `NOT_SUPPORTED` for an isolation level outside `supported`.
   */
  begin(level: IsolationLevel | undefined, supported: readonly IsolationLevel[]): RedisTransaction {
    if (level !== undefined && !supported.includes(level)) {
      throw new ObjectQLError('NOT_SUPPORTED', `isolation level '${level}' is not supported`, {
        details: { supported },
      })
    }
    return this.open(new RedisTransaction())
  }
}
