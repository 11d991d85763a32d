import { randomUUID } from 'node:crypto'
import type { TransactionHandle, TransactionOptions } from '../../kernel/driver/driver.js'
import { ObjectQLError, hasErrorCode } from '../../kernel/errors.js'
import type { SqlConnector, SqlLease, SqlSession } from './sql-connection.js'
import type { SqlDialect } from './sql-dialect.js'

interface ActiveTransaction {
  readonly lease: SqlLease
  finished: boolean
  /** The connection failed mid-transaction; only rollback (a no-op) remains. */
  broken: boolean
  savepoints: number
}

const SAVEPOINT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/**
 * Transactions of one driver: each handle owns one leased connection from BEGIN to COMMIT or
 * ROLLBACK. A handle that is finished, broken or unknown fails with `TRANSACTION_FAILED`
 * (DRV-TX-004) instead of running outside the transaction. Savepoints nest inside a handle.
 */
export class SqlTransactionManager {
  readonly #dialect: SqlDialect
  readonly #connector: () => SqlConnector
  readonly #mapError: (error: unknown, operation: string) => ObjectQLError
  readonly #active = new Map<string, ActiveTransaction>()

  constructor(
    dialect: SqlDialect,
    connector: () => SqlConnector,
    mapError: (error: unknown, operation: string) => ObjectQLError,
  ) {
    this.#dialect = dialect
    this.#connector = connector
    this.#mapError = mapError
  }

  /** Opens a transaction on a connection of its own. */
  async begin(options: TransactionOptions = {}): Promise<TransactionHandle> {
    const level = options.isolationLevel
    if (level !== undefined && !this.#dialect.isolationLevels.includes(level)) {
      throw new ObjectQLError(
        'NOT_SUPPORTED',
        `sql:${this.#dialect.client} does not offer isolation level '${level}'` +
          ` (it offers ${this.#dialect.isolationLevels.join(', ')})`,
      )
    }
    const lease = await this.#connector().acquire()
    try {
      for (const sql of this.#dialect.begin(level)) await lease.raw(sql)
    } catch (error) {
      await lease.release(true)
      throw this.#failed('begin', error)
    }
    const id = `tx_${randomUUID()}`
    this.#active.set(id, { lease, finished: false, broken: false, savepoints: 0 })
    return Object.freeze({ id })
  }

  /** The session of a live transaction. */
  session(handle: TransactionHandle): SqlLease {
    return this.#live(handle, 'use').lease
  }

  /** Marks a transaction whose connection failed; it can only be rolled back. */
  markBroken(handle: TransactionHandle): void {
    const tx = this.#active.get(handle.id)
    if (tx !== undefined) tx.broken = true
  }

  async commit(handle: TransactionHandle): Promise<void> {
    const tx = this.#live(handle, 'commit')
    tx.finished = true
    this.#active.delete(handle.id)
    try {
      await tx.lease.raw(this.#dialect.commitSql)
    } catch (error) {
      // The commit error is what the caller gets; this rollback only makes sure nothing of the
      // transaction stays pending on a connection that is destroyed right after anyway.
      await tx.lease.raw(this.#dialect.rollbackSql).catch(() => undefined)
      await tx.lease.release(true)
      throw this.#failed('commit', error)
    }
    await tx.lease.release()
  }

  async rollback(handle: TransactionHandle): Promise<void> {
    const tx = this.#active.get(handle.id)
    if (tx === undefined || tx.finished) throw finishedError(handle, 'rollback')
    tx.finished = true
    this.#active.delete(handle.id)
    if (tx.broken) {
      // The server already discarded the transaction with the connection.
      await tx.lease.release(true)
      return
    }
    try {
      await tx.lease.raw(this.#dialect.rollbackSql)
    } catch (error) {
      await tx.lease.release(true)
      throw this.#failed('rollback', error)
    }
    await tx.lease.release()
  }

  /** Creates a savepoint (named, or generated) and returns its name. */
  async savepoint(handle: TransactionHandle, name?: string): Promise<string> {
    const tx = this.#live(handle, 'savepoint')
    const savepoint = name ?? `oq_sp_${++tx.savepoints}`
    checkSavepointName(savepoint)
    await this.#control(tx, this.#dialect.savepoint(savepoint), 'savepoint')
    return savepoint
  }

  /** Undoes everything since the savepoint; the transaction stays open. */
  async rollbackToSavepoint(handle: TransactionHandle, name: string): Promise<void> {
    checkSavepointName(name)
    const tx = this.#live(handle, 'rollback to savepoint')
    await this.#control(tx, this.#dialect.rollbackToSavepoint(name), 'rollback to savepoint')
  }

  /** Forgets a savepoint, keeping its changes in the transaction. */
  async releaseSavepoint(handle: TransactionHandle, name: string): Promise<void> {
    checkSavepointName(name)
    const tx = this.#live(handle, 'release savepoint')
    const sql = this.#dialect.releaseSavepoint(name)
    if (sql !== undefined) await this.#control(tx, sql, 'release savepoint')
  }

  /**
   * Runs several statements all-or-nothing: inside the caller's transaction as a savepoint,
   * otherwise in a transaction of their own on one leased connection.
   */
  async atomic<T>(
    handle: TransactionHandle | undefined,
    run: (session: SqlSession) => Promise<T>,
  ): Promise<T> {
    if (handle !== undefined) {
      const name = await this.savepoint(handle)
      try {
        const result = await run(this.session(handle))
        await this.releaseSavepoint(handle, name)
        return result
      } catch (error) {
        await this.#undoSavepoint(handle, name, error)
        throw error
      }
    }
    const lease = await this.#connector().acquire()
    let broken = false
    try {
      for (const sql of this.#dialect.begin(undefined)) await lease.raw(sql)
      const result = await run(lease)
      await lease.raw(this.#dialect.commitSql)
      return result
    } catch (error) {
      try {
        await lease.raw(this.#dialect.rollbackSql)
      } catch {
        // The rollback failed because the connection is gone; the server discards the
        // transaction with it. The original error is the one that matters and is rethrown.
        broken = true
      }
      throw error
    } finally {
      await lease.release(broken)
    }
  }

  /** Rolls back every open transaction (on disconnect). */
  async closeAll(): Promise<void> {
    const open = [...this.#active.keys()]
    // Disconnect must go on: a rollback that fails here fails because its connection is gone,
    // and the server discards a transaction whose connection closes.
    for (const id of open) await this.rollback({ id }).catch(() => undefined)
  }

  get openCount(): number {
    return this.#active.size
  }

  async #undoSavepoint(handle: TransactionHandle, name: string, cause: unknown): Promise<void> {
    if (hasErrorCode(cause, 'DRIVER_UNAVAILABLE')) return this.markBroken(handle)
    try {
      await this.rollbackToSavepoint(handle, name)
      await this.releaseSavepoint(handle, name)
    } catch {
      // Undoing failed too: the transaction can no longer be trusted, so it is marked broken
      // (commit will fail with TRANSACTION_FAILED); the caller still gets the first error.
      this.markBroken(handle)
    }
  }

  async #control(tx: ActiveTransaction, sql: string, operation: string): Promise<void> {
    try {
      await tx.lease.raw(sql)
    } catch (error) {
      tx.broken = true
      throw this.#failed(operation, error)
    }
  }

  #live(handle: TransactionHandle, operation: string): ActiveTransaction {
    const tx = typeof handle?.id === 'string' ? this.#active.get(handle.id) : undefined
    if (tx === undefined || tx.finished) throw finishedError(handle, operation)
    if (tx.broken) {
      throw new ObjectQLError(
        'TRANSACTION_FAILED',
        `transaction ${handle.id} failed earlier (lost connection or failed statement); roll it back`,
      )
    }
    return tx
  }

  #failed(operation: string, error: unknown): ObjectQLError {
    const mapped = this.#mapError(error, operation)
    if (mapped.code === 'DRIVER_UNAVAILABLE') return mapped
    return new ObjectQLError('TRANSACTION_FAILED', `${operation} failed: ${mapped.message}`, {
      cause: error,
    })
  }
}

function finishedError(handle: TransactionHandle | undefined, operation: string): ObjectQLError {
  return new ObjectQLError(
    'TRANSACTION_FAILED',
    `cannot ${operation}: transaction ${String(handle?.id)} is committed, rolled back or unknown`,
  )
}

function checkSavepointName(name: string): void {
  if (!SAVEPOINT_NAME.test(name)) {
    throw new ObjectQLError('INVALID_REQUEST', `savepoint names are identifiers, got '${name}'`)
  }
}
