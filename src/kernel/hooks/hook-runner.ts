import type { TransactionHandle } from '../driver/driver.js'
import { ObjectQLError, isObjectQLError } from '../errors.js'
import type { DataApi } from '../pipeline/data-api.js'
import type { KernelUser } from '../pipeline/execution-context.js'
import type { DataRecord, ObjectConfig } from '../spec/object-config.js'
import { valuesEqual } from '../query/value-compare.js'
import type { HookContext, HookQuery } from './hook-context.js'
import { hookEventFor } from './hook-events.js'
import type { HookEvent, HookOperation, HookTiming } from './hook-events.js'
import type { HookEntry } from './hook-registry.js'
import { isThenable } from '../pipeline/thenable-check.js'

/** What an operation knows when it builds its hook context. */
export interface HookContextInit {
  readonly object: ObjectConfig
  readonly operation: HookOperation
  readonly api: DataApi
  readonly state: Record<string, unknown>
  readonly user?: KernelUser
  readonly transaction?: TransactionHandle
  readonly query?: HookQuery
  readonly data?: Record<string, unknown>
  readonly id?: string
  readonly field?: string
  readonly previous?: DataRecord
}

/**
 * The one mutable context of an operation's hooks. The pipeline moves it from the before to the
 * after phase; hooks only see the {@link HookContext} interface.
 */
export class OperationHookContext implements HookContext {
  readonly objectName: string
  readonly object: ObjectConfig
  readonly operation: HookOperation
  event: HookEvent
  timing: HookTiming = 'before'
  query?: HookQuery
  data?: Record<string, unknown>
  readonly id?: string
  readonly field?: string
  readonly previous?: DataRecord
  result?: unknown
  readonly state: Record<string, unknown>
  readonly user?: KernelUser
  readonly api: DataApi
  readonly transaction?: TransactionHandle
  /** Set when a before hook ended the before phase with a result. */
  shortCircuited = false

  constructor(init: HookContextInit) {
    this.object = init.object
    this.objectName = init.object.name
    this.operation = init.operation
    this.event = hookEventFor('before', init.operation)
    this.api = init.api
    this.state = init.state
    // Optional keys are only set when present, so `'previous' in ctx` means something.
    if (init.user !== undefined) this.user = init.user
    if (init.transaction !== undefined) this.transaction = init.transaction
    if (init.query !== undefined) this.query = init.query
    if (init.data !== undefined) this.data = init.data
    if (init.id !== undefined) this.id = init.id
    if (init.field !== undefined) this.field = init.field
    if (init.previous !== undefined) this.previous = init.previous
  }

  get previousData(): DataRecord | undefined {
    return this.previous
  }

  isModified(field: string): boolean {
    const data = this.data
    if (data === undefined || !Object.hasOwn(data, field) || data[field] === undefined) {
      return false
    }
    if (this.previous === undefined) return true
    return !valuesEqual(data[field], this.previous[field])
  }

  shortCircuit(result: unknown): void {
    if (this.timing !== 'before') {
      throw new ObjectQLError(
        'HOOK_INVALID',
        `shortCircuit() is only allowed in before hooks (called in ${this.event} on '${this.objectName}')`,
      )
    }
    this.result = result
    this.shortCircuited = true
  }
}

/**
 * Runs the before chain in order. Stops early when a hook short-circuits (calls `shortCircuit`
 * or assigns `result`). A throwing hook aborts: coded errors propagate unchanged, anything else
 * becomes `INTERNAL_ERROR` naming the hook, with the original as `cause`.
 */
export async function runBeforeHooks(
  chain: readonly HookEntry[],
  ctx: OperationHookContext,
): Promise<void> {
  ctx.timing = 'before'
  ctx.event = hookEventFor('before', ctx.operation)
  for (const entry of chain) {
    const pending = invoke(entry, ctx)
    if (pending !== undefined) await pending
    if (ctx.result !== undefined) ctx.shortCircuited = true
    if (ctx.shortCircuited) return
  }
}

/** Runs the after chain in order with `ctx.result` set; hooks may replace the result. */
export async function runAfterHooks(
  chain: readonly HookEntry[],
  ctx: OperationHookContext,
  result: unknown,
): Promise<unknown> {
  ctx.timing = 'after'
  ctx.event = hookEventFor('after', ctx.operation)
  ctx.result = result
  for (const entry of chain) {
    const pending = invoke(entry, ctx)
    if (pending !== undefined) await pending
  }
  return ctx.result
}

/**
 * Calls one hook. A synchronous hook (most are) is not awaited: awaiting its `undefined` would
 * cost a microtask turn per hook and change nothing, since the next hook runs after it either
 * way. A hook that returns a promise (or any thenable) is awaited before the next one runs.
 *
 * @returns the promise to await, or `undefined` when the hook already finished.
 */
function invoke(entry: HookEntry, ctx: OperationHookContext): Promise<void> | undefined {
  let returned: unknown
  try {
    returned = entry.handler(ctx)
  } catch (error) {
    throw hookFailure(entry, ctx, error)
  }
  if (!isThenable(returned)) return undefined
  return settle(entry, ctx, returned)
}

async function settle(
  entry: HookEntry,
  ctx: OperationHookContext,
  pending: PromiseLike<unknown>,
): Promise<void> {
  try {
    await pending
  } catch (error) {
    throw hookFailure(entry, ctx, error)
  }
}

// Coded errors propagate unchanged; anything else becomes INTERNAL_ERROR naming the hook.
function hookFailure(entry: HookEntry, ctx: OperationHookContext, error: unknown): ObjectQLError {
  if (isObjectQLError(error)) return error
  const label = entry.name === undefined ? '' : ` '${entry.name}'`
  const message = error instanceof Error ? error.message : String(error)
  return new ObjectQLError(
    'INTERNAL_ERROR',
    `${ctx.event} hook${label} on '${ctx.objectName}' failed: ${message}`,
    {
      cause: error,
      details: { event: ctx.event, object: ctx.objectName, hook: entry.name ?? null },
    },
  )
}
