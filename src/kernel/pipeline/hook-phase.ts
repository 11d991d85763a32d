import { ObjectQLError } from '../errors.js'
import { isPlainObject } from '../spec/normalizer-errors.js'
import type { HookOperation } from '../hooks/hook-events.js'
import { hookEventFor } from '../hooks/hook-events.js'
import { OperationHookContext, runAfterHooks, runBeforeHooks } from '../hooks/hook-runner.js'
import type { HookContextInit } from '../hooks/hook-runner.js'
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
  readonly init: () => Omit<
    HookContextInit,
    'object' | 'operation' | 'api' | 'state' | 'user' | 'transaction'
  >
  /**
   * Validation + the driver call. Receives the hook context when before hooks ran (to read the
   * query or data they may have changed), `undefined` otherwise.
   */
  readonly run: (hooks: OperationHookContext | undefined) => Promise<T>
}

/** The result of a hook phase and whether a before hook short-circuited (nothing was run). */
export interface HookPhaseResult<T> {
  readonly result: T
  readonly shortCircuited: boolean
}

/**
 * Before hooks -> `run` (validation and driver) -> after hooks. When neither chain has a hook
 * the context is not even built, so an operation without hooks costs one Map lookup per chain.
 * A before hook that short-circuits skips `run`; the after hooks still see its result.
 */
export async function runHookPhase<T>(
  rt: PipelineRuntime,
  phase: HookPhase<T>,
): Promise<HookPhaseResult<T>> {
  const { hooks } = rt.host
  const name = phase.object.name
  const before = hooks.chain(hookEventFor('before', phase.operation), name)
  const after = hooks.chain(hookEventFor('after', phase.operation), name)
  if (before.length === 0 && after.length === 0) {
    return { result: await phase.run(undefined), shortCircuited: false }
  }
  const { ctx } = phase
  const hctx = new OperationHookContext({
    ...phase.init(),
    object: phase.object,
    operation: phase.operation,
    api: rt.api(ctx),
    state: ctx.state ?? {},
    ...(ctx.user === undefined ? {} : { user: ctx.user }),
    ...(ctx.transaction === undefined ? {} : { transaction: ctx.transaction }),
  })
  await runBeforeHooks(before, hctx)
  const shortCircuited = hctx.shortCircuited
  const edited = before.length > 0 ? hctx : undefined
  const result = shortCircuited ? (hctx.result as T) : await phase.run(edited)
  if (after.length === 0) return { result, shortCircuited }
  return { result: (await runAfterHooks(after, hctx, result)) as T, shortCircuited }
}

/** A mutable deep copy of a frozen value (for hooks to edit). */
export function thaw<T>(value: T): T {
  return structuredClone(value)
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

/** Throws `VALIDATION_FAILED` unless `id` is a non-empty string. */
export function assertRecordId(id: unknown, target: string): asserts id is string {
  if (typeof id !== 'string' || id === '') {
    throw new ObjectQLError('VALIDATION_FAILED', `${target}: 'id' must be a non-empty string`, {
      details: {
        errors: [{ field: 'id', rule: 'type', message: `'id' must be a non-empty string` }],
      },
    })
  }
}
