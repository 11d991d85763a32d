import type { TransactionHandle } from '../driver/driver.js'

/**
 * Who runs an operation. Upstream passes `{ id, roles, spaceId }` (objectql) or a session with
 * `userId`, `tenantId` (spec); plugins such as security and multi-tenancy read these fields.
 */
export interface KernelUser {
  readonly id: string
  readonly roles?: readonly string[]
  readonly tenantId?: string
  readonly [extra: string]: unknown
}

/**
 * The optional last argument of every data call (upstream's `ExecutionContext`, reduced to what
 * the kernel reads).
 */
export interface ExecutionContext {
  /** The caller; hooks and actions receive it as `user`. */
  readonly user?: KernelUser
  /**
   * A driver transaction to take part in. Normally set by `kernel.transaction(...)`; a handle the
   * kernel did not open is passed to the object's driver unchanged.
   */
  readonly transaction?: TransactionHandle
  /**
   * The `state` object the operation's hooks share. Each operation gets a fresh `{}` unless the
   * caller passes one here (to hand values to its hooks).
   */
  readonly state?: Record<string, unknown>
}
