import { ObjectQLError } from '../errors.js'
import { isPlainObject } from '../spec/normalizer-errors.js'
import type { HookOperation } from '../hooks/hook-events.js'
import { hookEventFor } from '../hooks/hook-events.js'
import { OperationHookContext, runAfterHooks, runBeforeHooks } from '../hooks/hook-runner.js'
import type { HookContextInit } from '../hooks/hook-runner.js'
import type { HookEntry } from '../hooks/hook-registry.js'
import { deepCopy } from '../query/value-copy.js'
import type { ObjectConfig } from '../spec/object-config.js'
import type { ExecutionContext } from './execution-context.js'
import type { PipelineRuntime } from './pipeline-host.js'

/** One operation's hook phase, as an operation describes it. */
export interface HookPhase<T> {
  readonly object: ObjectConfig
  readonly operation: HookOperation
  readonly ctx: ExecutionContext
  /**
   * Operation-specific context fields (query, data, id, previous, field). A function, so the
   * copies it makes for hooks to edit are only made when a hook is registered.
   */
  readonly init: () => HookTarget
  /**
   * Validation + the driver call. Receives the hook context when before hooks ran (to read the
   * query or data they may have changed), `undefined` otherwise.
   */
  readonly run: (hooks: OperationHookContext | undefined) => Promise<T>
}

/** The operation-specific fields of a hook context: query, data, id, previous, field. */
export type HookTarget = Omit<
  HookContextInit,
  'object' | 'operation' | 'api' | 'state' | 'user' | 'transaction'
>

/** The result of a hook phase and whether a before hook short-circuited (nothing was run). */
export interface HookPhaseResult<T> {
  readonly result: T
  readonly shortCircuited: boolean
}

/** The before and after chains of one operation on one object. */
export interface HookChains {
  readonly before: readonly HookEntry[]
  readonly after: readonly HookEntry[]
}

/**
 * The hook chains of `operation` on `object`, or `undefined` when neither chain has a hook: the
 * caller then skips the hook phase entirely (no context, no copies, no closures), so an
 * operation without hooks costs four Map lookups here.
 */
export function hookChainsOf(
  rt: PipelineRuntime,
  operation: HookOperation,
  object: string,
): HookChains | undefined {
  const { hooks } = rt.host
  const before = hooks.chain(hookEventFor('before', operation), object)
  const after = hooks.chain(hookEventFor('after', operation), object)
  return before.length === 0 && after.length === 0 ? undefined : { before, after }
}

/**
 * Before hooks -> `run` (validation and driver) -> after hooks. When neither chain has a hook
 * the context is not even built. `chains` may be passed when the caller already looked them up.
 */
export async function runHookPhase<T>(
  rt: PipelineRuntime,
  phase: HookPhase<T>,
  chains: HookChains | undefined = hookChainsOf(rt, phase.operation, phase.object.name),
): Promise<HookPhaseResult<T>> {
  if (chains === undefined) return { result: await phase.run(undefined), shortCircuited: false }
  const hctx = hookContextOf(rt, phase.object, phase.operation, phase.ctx, phase.init())
  return runWithHooks(chains, hctx, phase.run)
}

/** The one hook context of an operation, for its before and after hooks. */
export function hookContextOf(
  rt: PipelineRuntime,
  object: ObjectConfig,
  operation: HookOperation,
  ctx: ExecutionContext,
  target: HookTarget,
): OperationHookContext {
  // Written out key by key: spreading objects of varying shapes takes V8's slow generic path,
  // and this runs for every hooked operation. Undefined members are left out by the context.
  return new OperationHookContext({
    object,
    operation,
    api: rt.api(ctx),
    state: ctx.state ?? {},
    user: ctx.user,
    transaction: ctx.transaction,
    query: target.query,
    data: target.data,
    id: target.id,
    field: target.field,
    previous: target.previous,
  })
}

/**
 * Runs the chains around `run` with a built context. A before hook that short-circuits skips
 * `run`; the after hooks still see its result.
 */
export async function runWithHooks<T>(
  chains: HookChains,
  hctx: OperationHookContext,
  run: (hooks: OperationHookContext | undefined) => Promise<T>,
): Promise<HookPhaseResult<T>> {
  const { before, after } = chains
  if (before.length > 0) await runBeforeHooks(before, hctx)
  const shortCircuited = hctx.shortCircuited
  const edited = before.length > 0 ? hctx : undefined
  const result = shortCircuited ? (hctx.result as T) : await run(edited)
  if (after.length === 0) return { result, shortCircuited }
  return { result: (await runAfterHooks(after, hctx, result)) as T, shortCircuited }
}

/**
 * A mutable deep copy of a frozen value (for hooks to edit). Canonical ASTs are JSON-like, which
 * the hand-written copy handles far faster than `structuredClone`.
 */
export function thaw<T>(value: T): T {
  return deepCopy(value)
}

/**
 * A deep copy of a caller's record, so neither hooks nor the kernel ever change the caller's
 * object. Values that cannot be cloned (functions, symbols) are `VALIDATION_FAILED`.
 */
export function cloneRecordInput(data: unknown, target: string): Record<string, unknown> {
  if (!isPlainObject(data)) {
    throw new ObjectQLError('VALIDATION_FAILED', `${target}: data must be a plain object`, {
      details: { errors: [{ field: '', rule: 'type', message: 'data must be a plain object' }] },
    })
  }
  try {
    return structuredClone(data)
  } catch (error) {
    throw new ObjectQLError(
      'VALIDATION_FAILED',
      `${target}: data holds a value that cannot be stored`,
      {
        cause: error,
        details: { errors: [{ field: '', rule: 'type', message: 'data is not serializable' }] },
      },
    )
  }
}

/**
 * Throws `VALIDATION_FAILED` unless `id` is a non-empty string. The message names the operation
 * and the object (`findOne 'task': ...`); it is only built when the check fails.
 */
export function assertRecordId(
  id: unknown,
  operation: string,
  object: string,
): asserts id is string {
  if (typeof id !== 'string' || id === '') {
    const target = `${operation} '${object}'`
    throw new ObjectQLError('VALIDATION_FAILED', `${target}: 'id' must be a non-empty string`, {
      details: {
        errors: [{ field: 'id', rule: 'type', message: `'id' must be a non-empty string` }],
      },
    })
  }
}
