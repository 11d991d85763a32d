import { randomUUID } from 'node:crypto'
import { ObjectQLError } from '../../kernel/errors.js'
import { OpenTransactions } from '../common/open-transactions.js'
import { OverlayStore } from './memory-store.js'
import { replay } from './memory-record-writer.js'
import type { TransactionHandle } from '../../kernel/driver/driver.js'
import type { WriteContext, WriteOp } from './memory-record-writer.js'
import type { RecordStore } from './memory-store.js'

/**
 * One open transaction of the memory driver.
 *
 * Its writes go to a copy-on-write overlay over the committed data, so reads through it see its
 * own writes (DRV-TX-003) and nobody else sees them before commit (no dirty reads). It also logs
 * each write; commit replays the log against the committed data as it is THEN, in a staging
 * overlay, and applies the staging in one synchronous step only when every write still holds.
 * So a commit is all-or-nothing (DRV-TX-001), and a conflict with a write made meanwhile (the
 * same id created, an updated record deleted) fails the commit with `TRANSACTION_FAILED` and
 * keeps nothing. Isolation is read committed: reads see other writers' committed changes.
 */
export class MemoryTransaction {
  readonly handle: TransactionHandle
  /** Reads and writes of this transaction go through this store. */
  readonly store: OverlayStore
  readonly #log: WriteOp[] = []

  constructor(base: RecordStore) {
    this.handle = Object.freeze({ id: `memory-tx-${randomUUID()}` })
    this.store = new OverlayStore(base)
  }

  /** Logs writes already applied to {@link MemoryTransaction.store}, for replay at commit. */
  log(...ops: WriteOp[]): void {
    this.#log.push(...ops)
  }

  /**
   * Replays the log on `base`, all or nothing.
   *
   * @throws ObjectQLError `TRANSACTION_FAILED` (with the conflicting write's error as `cause`).
   */
  commitTo(base: RecordStore, contextFor: (object: string) => WriteContext): void {
    const staging = new OverlayStore(base)
    for (const op of this.#log) {
      try {
        replay(staging, op, contextFor(op.object))
      } catch (error) {
        throw new ObjectQLError(
          'TRANSACTION_FAILED',
          `commit of ${this.handle.id} conflicts with a concurrent write; nothing was kept`,
          { cause: error, details: { transaction: this.handle.id, object: op.object } },
        )
      }
    }
    staging.flush()
  }
}

/** The driver's open transactions, by handle id. Finished handles are refused. */
export class TransactionRegistry extends OpenTransactions<MemoryTransaction> {
  /** Starts a transaction over `base`. */
  begin(base: RecordStore): MemoryTransaction {
    return this.open(new MemoryTransaction(base))
  }
}
