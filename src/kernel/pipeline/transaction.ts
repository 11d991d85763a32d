import type { DriverOptions, TransactionHandle } from '../driver/driver.js'
import type { RuntimeDriver } from '../driver/runtime-driver.js'
import { ObjectQLError, hasErrorCode, isObjectQLError } from '../errors.js'
import type { ObjectConfig } from '../spec/object-config.js'

/** A transaction the kernel opened: its datasource and the data events waiting for commit. */
export interface TransactionScope {
  readonly datasource: string
  readonly handle: TransactionHandle
  /** Data events of the transaction's writes; emitted after commit, dropped on rollback. */
  readonly pending: (() => Promise<void>)[]
  state: 'open' | 'committed' | 'rolled back'
}

/**
 * The transactions the kernel opened, by handle. They decide what an operation carrying a
 * handle may do: an open transaction serves objects of its own datasource only (others are
 * `NOT_SUPPORTED`), a settled one serves nothing (`TRANSACTION_FAILED`), and data events of its
 * writes wait for the commit. A handle the kernel did not open is passed to the driver as is.
 */
export class TransactionScopes {
  readonly #scopes = new WeakMap<TransactionHandle, TransactionScope>()

  /** The driver options for an operation on `object` with `handle` (undefined without one). */
  options(object: ObjectConfig, handle: TransactionHandle | undefined): DriverOptions | undefined {
    if (handle === undefined) return undefined
    const scope = this.#scopes.get(handle)
    if (scope === undefined) return { transaction: handle }
    if (scope.state !== 'open') {
      throw new ObjectQLError(
        'TRANSACTION_FAILED',
        `the transaction was already ${scope.state}; start a new one`,
        { details: { datasource: scope.datasource } },
      )
    }
    const datasource = object.datasource ?? 'default'
    if (scope.datasource !== datasource) {
      throw new ObjectQLError(
        'NOT_SUPPORTED',
        `object '${object.name}' is stored on datasource '${datasource}', but the transaction runs on '${scope.datasource}'`,
        { details: { object: object.name, datasource, transaction: scope.datasource } },
      )
    }
    return { transaction: handle }
  }

  /** True when `handle` is a kernel transaction still open (a nested call joins it). */
  isOpen(handle: TransactionHandle | undefined): handle is TransactionHandle {
    return handle !== undefined && this.#scopes.get(handle)?.state === 'open'
  }

  /** Queues `emit` until the commit of `handle`'s transaction; false when there is none open. */
  defer(handle: TransactionHandle | undefined, emit: () => Promise<void>): boolean {
    if (!this.isOpen(handle)) return false
    this.#scopes.get(handle)?.pending.push(emit)
    return true
  }

  /** Runs `callback` in a new transaction of `driver`, then emits its queued events on commit. */
  async run<T>(
    driver: RuntimeDriver,
    datasource: string,
    callback: (handle: TransactionHandle) => Promise<T>,
  ): Promise<T> {
    let scope: TransactionScope | undefined
    const result = await inDriverTransaction(
      driver,
      datasource,
      (handle) => {
        scope = { datasource, handle, pending: [], state: 'open' }
        this.#scopes.set(handle, scope)
        return callback(handle)
      },
      (committed) => {
        if (scope !== undefined) scope.state = committed ? 'committed' : 'rolled back'
      },
    )
    for (const emit of scope?.pending ?? []) await emit()
    return result
  }
}

/**
 * Runs `run` inside a new transaction of `driver`: commit when it resolves, roll back and
 * rethrow when it throws. `onSettled` sees the outcome before the result is returned.
 *
 * Failures to begin or commit are `TRANSACTION_FAILED` with the driver's error as `cause`
 * (`NOT_SUPPORTED` passes through). When the rollback itself fails, the error is
 * `TRANSACTION_FAILED` naming both failures, with an `AggregateError` of both as `cause`: the
 * caller learns that the data may be in an unknown state, and neither failure is lost.
 */
export async function inDriverTransaction<T>(
  driver: RuntimeDriver,
  datasource: string,
  run: (handle: TransactionHandle) => Promise<T>,
  onSettled?: (committed: boolean) => void,
): Promise<T> {
  if (!driver.capabilities.transactions) {
    throw new ObjectQLError(
      'NOT_SUPPORTED',
      `driver '${driver.name}' of datasource '${datasource}' does not support transactions`,
      { details: { datasource, driver: driver.name } },
    )
  }
  const handle = await step(() => driver.beginTransaction(), 'begin', datasource)
  let result: T
  try {
    result = await run(handle)
  } catch (error) {
    try {
      await driver.rollback(handle)
    } catch (rollbackError) {
      onSettled?.(false)
      throw rollbackFailed(error, rollbackError, datasource)
    }
    onSettled?.(false)
    throw error
  }
  try {
    await step(() => driver.commit(handle), 'commit', datasource)
  } catch (error) {
    onSettled?.(false)
    throw error
  }
  onSettled?.(true)
  return result
}

async function step<T>(run: () => Promise<T>, what: string, datasource: string): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (hasErrorCode(error, 'NOT_SUPPORTED') || hasErrorCode(error, 'TRANSACTION_FAILED')) {
      throw error
    }
    const message = error instanceof Error ? error.message : String(error)
    throw new ObjectQLError(
      'TRANSACTION_FAILED',
      `could not ${what} a transaction on datasource '${datasource}': ${message}`,
      { cause: error, details: { datasource, step: what } },
    )
  }
}

function rollbackFailed(error: unknown, rollbackError: unknown, datasource: string): ObjectQLError {
  const text = (e: unknown): string => (e instanceof Error ? e.message : String(e))
  return new ObjectQLError(
    'TRANSACTION_FAILED',
    `rollback on datasource '${datasource}' failed (${text(rollbackError)}) after the transaction failed: ${text(error)}`,
    {
      cause: new AggregateError([error, rollbackError], 'transaction and rollback failed'),
      details: {
        datasource,
        step: 'rollback',
        error: isObjectQLError(error) ? error.code : null,
      },
    },
  )
}
