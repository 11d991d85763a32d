import { ObjectQLError } from '../../kernel/errors.js'
import type { TransactionHandle } from '../../kernel/driver/driver.js'

/**
 * A driver's open transactions, by handle id. A handle that was committed, rolled back or never
 * issued is refused with a coded error (DRV-TX-004), so a stale handle can never write.
 * Drivers extend it with their own `begin`.
 */
export class OpenTransactions<T extends { readonly handle: TransactionHandle }> {
  readonly #open = new Map<string, T>()

  /** Registers a newly begun transaction; returns it. */
  protected open(transaction: T): T {
    this.#open.set(transaction.handle.id, transaction)
    return transaction
  }

  /**
   * The open transaction of a handle.
   *
   * @throws ObjectQLError `TRANSACTION_FAILED` for a committed, rolled-back or unknown handle.
   */
  get(handle: TransactionHandle): T {
    const id: unknown = (handle as Partial<TransactionHandle> | undefined)?.id
    const transaction = typeof id === 'string' ? this.#open.get(id) : undefined
    if (transaction === undefined) {
      throw new ObjectQLError(
        'TRANSACTION_FAILED',
        `transaction ${String(id)} is not open (committed, rolled back or unknown)`,
        { details: { transaction: String(id) } },
      )
    }
    return transaction
  }

  /** Marks a transaction finished; its handle is refused from now on. */
  finish(transaction: T): void {
    this.#open.delete(transaction.handle.id)
  }

  /** Discards every open transaction (on disconnect). */
  abortAll(): void {
    this.#open.clear()
  }
}
