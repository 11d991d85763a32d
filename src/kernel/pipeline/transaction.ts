import type { TransactionHandle } from '../driver/driver.js'
import type { RuntimeDriver } from '../driver/runtime-driver.js'
import { ObjectQLError, hasErrorCode, isObjectQLError } from '../errors.js'

/** A transaction the kernel opened: its datasource and the data events waiting for commit. */
export interface TransactionScope {
  readonly datasource: string
  readonly handle: TransactionHandle
  /** Data events of the transaction's writes; emitted after commit, dropped on rollback. */
  readonly pending: (() => Promise<void>)[]
  state: 'open' | 'committed' | 'rolled back'
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
