import { ObjectQLError } from '../../kernel/errors.js'
import type { TransactionHandle } from '../../kernel/driver/driver.js'
import type { ClientSession, MongoClient } from 'mongodb'

/**
 * The open transactions of a mongo driver: one client session each, started with snapshot
 * reads and majority writes (what MongoDB needs for an all-or-nothing commit on a replica set).
 * Reads and writes passing the handle run in the session, so they see its own writes
 * (DRV-TX-003); a finished or unknown handle is refused with `TRANSACTION_FAILED` (DRV-TX-004).
 *
 * MongoDB aborts a transaction on any write error inside it (a duplicate key included): after
 * such an error the transaction's earlier writes are gone too, and commit fails.
 */
export class MongoTransactions {
  readonly #open = new Map<string, ClientSession>()

  /** Starts a session and a transaction in it. */
  begin(client: MongoClient, id: string): TransactionHandle {
    const session = client.startSession()
    session.startTransaction({
      readConcern: { level: 'snapshot' },
      writeConcern: { w: 'majority' },
    })
    this.#open.set(id, session)
    return Object.freeze({ id })
  }

  /**
   * The session of an open transaction.
   *
   * @throws ObjectQLError `TRANSACTION_FAILED` for a committed, rolled-back or unknown handle.
   */
  session(handle: TransactionHandle): ClientSession {
    const id: unknown = (handle as Partial<TransactionHandle> | undefined)?.id
    const session = typeof id === 'string' ? this.#open.get(id) : undefined
    if (session === undefined) {
      throw new ObjectQLError(
        'TRANSACTION_FAILED',
        `transaction ${String(id)} is not open (committed, rolled back or unknown)`,
        { details: { transaction: String(id) } },
      )
    }
    return session
  }

  /** Commits (or aborts) and ends the session; the handle is finished either way. */
  async finish(handle: TransactionHandle, commit: boolean): Promise<void> {
    const session = this.session(handle)
    this.#open.delete(handle.id)
    try {
      if (commit) await session.commitTransaction()
      else await session.abortTransaction()
    } finally {
      await session.endSession()
    }
  }

  /** Ends every open session without committing (on disconnect). */
  async abortAll(): Promise<void> {
    const sessions = [...this.#open.values()]
    this.#open.clear()
    // endSession aborts a transaction still in progress.
    await Promise.all(sessions.map((session) => session.endSession()))
  }
}
