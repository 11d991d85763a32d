import type { TransactionHandle } from '../driver/driver.js'
import type { DataApi } from '../pipeline/data-api.js'
import type { KernelUser } from '../pipeline/execution-context.js'
import type { DataRecord, ObjectConfig } from '../spec/object-config.js'
import type { QueryAST } from '../spec/query-ast.js'
import type { HookEvent, HookOperation, HookTiming } from './hook-events.js'

/**
 * A query as hooks see it: a mutable deep copy of the canonical AST. Whatever a before hook
 * leaves here is normalized again before the driver sees it, so a hook cannot smuggle an
 * unknown operator or field past the kernel's door.
 */
export type HookQuery = { -readonly [K in keyof QueryAST]: QueryAST[K] }

/**
 * What a hook handler receives (objectql's hook context). One context object serves the before
 * and the after hooks of an operation, so `state` (and anything else) set before is seen after.
 */
export interface HookContext {
  /** The object's name (objectql spelling). */
  readonly objectName: string
  /** The object's metadata. */
  readonly object: ObjectConfig
  readonly operation: HookOperation
  /** The canonical event now running, e.g. `beforeUpdate`. */
  readonly event: HookEvent
  readonly timing: HookTiming
  /** find/findOne/count/aggregate/distinct: the query; replace or edit it in before hooks. */
  query?: HookQuery
  /** create/update: the record (create) or the changes (update); edit it in before hooks. */
  data?: Record<string, unknown>
  /** findOne/update/delete: the target id; create: the id the record will get. */
  readonly id?: string
  /** distinct: the field whose values are collected. */
  readonly field?: string
  /** update/delete: the stored record before the write. */
  readonly previous?: DataRecord
  /** Upstream objectql's name for {@link HookContext.previous}. */
  readonly previousData?: DataRecord
  /**
   * After hooks: the operation's result; assign to replace it. Before hooks: assigning a value
   * (anything but `undefined`) short-circuits, like {@link HookContext.shortCircuit}.
   */
  result?: unknown
  /** Shared by the before and after hooks of this operation. */
  readonly state: Record<string, unknown>
  readonly user?: KernelUser
  /** The data API bound to this operation's user and transaction; calls run their own hooks. */
  readonly api: DataApi
  /** The driver transaction this operation runs in, if any. */
  readonly transaction?: TransactionHandle
  /**
   * True when `field` is in `data` with a value that differs from `previous` (deep equality,
   * so an equal json value is not a modification). On create every present field counts.
   */
  isModified(field: string): boolean
  /**
   * Before hooks: ends the before phase with `result`; validation and the driver are skipped,
   * the after hooks still run. No data event is emitted (nothing was written by the kernel).
   */
  shortCircuit(result: unknown): void
}

/** A hook handler; may be async. Throwing in a before hook aborts the operation. */
export type HookHandler = (ctx: HookContext) => void | Promise<void>

/** Options of `kernel.on(...)`. */
export interface HookOptions {
  /** Lower runs first; default 100. Equal priorities run in registration order. */
  readonly priority?: number
  /** The package that owns the hook; `unregisterPackage` removes it. */
  readonly package?: string
  /** A name for error messages and listings. */
  readonly name?: string
}
