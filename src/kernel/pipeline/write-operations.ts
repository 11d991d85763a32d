import { ObjectQLError } from '../errors.js'
import type { DataEventActor } from '../events/kernel-events.js'
import { valuesEqual } from '../query/value-compare.js'
import { deepFreeze } from '../spec/deep-freeze.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../spec/object-config.js'
import { assertValid, uniqueIssues, validateRecord } from '../validation/record-validator.js'
import type { ExecutionContext } from './execution-context.js'
import { runHookPhase } from './hook-phase.js'
import type { BoundDriver, PipelineRuntime } from './pipeline-host.js'

/**
 * The inner part of the write operations: hooks, validation, stamping, the driver call and the
 * data event. Input arrives here already copied (pipeline.ts), so hooks may edit it freely.
 *
 * The data event reports a write the driver made: it is emitted after the after hooks, and also
 * when an after hook then throws (the data did change; caches must hear of it). Inside a kernel
 * transaction it waits for the commit and is dropped on rollback.
 */

/** `{ userId, tenantId }` of the caller, for event payloads. */
export function actorOf(ctx: ExecutionContext): DataEventActor | undefined {
  const user = ctx.user
  if (user === undefined) return undefined
  return {
    userId: user.id,
    ...(typeof user.tenantId === 'string' ? { tenantId: user.tenantId } : {}),
  }
}

/**
 * Validates a record for create (all fields, defaults, unique), fills a missing id and stamps
 * `created_at`/`updated_at`. Throws `INVALID_FIELD` or `VALIDATION_FAILED`; nothing is written.
 */
export async function prepareCreate(
  rt: PipelineRuntime,
  object: ObjectConfig,
  data: unknown,
  bound: BoundDriver,
): Promise<RecordInput & { id: string }> {
  const target = `create '${object.name}'`
  const result = validateRecord(object.fields, data as Record<string, unknown>, {
    mode: 'create',
    target,
    systemFields: true,
  })
  const taken = await uniqueIssues(object.fields, result, (where) =>
    bound.driver.count(object.name, where, bound.options),
  )
  assertValid(target, [...result.issues, ...taken])
  const now = rt.host.now().toISOString()
  // A before hook may have removed the id the kernel assigned; a record always gets one.
  const id = typeof result.data['id'] === 'string' ? result.data['id'] : rt.host.newId()
  return { id, ...result.data, created_at: now, updated_at: now }
}

/** Assigns the kernel's id to a record that has none, so hooks see the final id. */
export function assignId(rt: PipelineRuntime, data: Record<string, unknown>): string | undefined {
  if (data['id'] === undefined || data['id'] === null) data['id'] = rt.host.newId()
  const id = data['id']
  return typeof id === 'string' && id !== '' ? id : undefined
}

/** `create`: id -> before hooks -> validation -> stamp -> driver.create -> after hooks -> event. */
export async function createCore(
  rt: PipelineRuntime,
  object: ObjectConfig,
  data: Record<string, unknown>,
  ctx: ExecutionContext,
): Promise<DataRecord> {
  const bound = rt.bind(object, ctx)
  const id = assignId(rt, data)
  let stored: DataRecord | undefined
  try {
    const phase = await runHookPhase(rt, {
      object,
      operation: 'create',
      ctx,
      init: () => ({ data, ...(id === undefined ? {} : { id }) }),
      run: async (hctx) => {
        const record = await prepareCreate(rt, object, hctx?.data ?? data, bound)
        stored = await bound.driver.create(object.name, record, bound.options)
        return stored
      },
    })
    return phase.result
  } finally {
    if (stored !== undefined) {
      await rt.emit(
        ctx,
        'data:created',
        withActor(ctx, { object: object.name, id: stored.id, record: stored }),
      )
    }
  }
}

/**
 * `update`: read `previous` (missing -> `NOT_FOUND`, before any hook) -> before hooks ->
 * validation of the given fields -> stamp `updated_at` -> driver.update -> after hooks -> event.
 */
export async function updateCore(
  rt: PipelineRuntime,
  object: ObjectConfig,
  id: string,
  data: Record<string, unknown>,
  ctx: ExecutionContext,
): Promise<DataRecord> {
  const bound = rt.bind(object, ctx)
  const previous = await readPrevious(bound, object, id)
  if (previous === null) {
    throw new ObjectQLError('NOT_FOUND', `${object.name}/${id} does not exist`, {
      details: { object: object.name, id },
    })
  }
  const target = `update '${object.name}/${id}'`
  let stored: DataRecord | undefined
  let patch: Record<string, unknown> = {}
  try {
    const phase = await runHookPhase(rt, {
      object,
      operation: 'update',
      ctx,
      init: () => ({ data, id, previous }),
      run: async (hctx) => {
        const changes = hctx?.data ?? data
        const result = validateRecord(object.fields, changes, {
          mode: 'update',
          target,
          systemFields: true,
          previous,
        })
        const taken = await uniqueIssues(
          object.fields,
          result,
          (where) => bound.driver.count(object.name, where, bound.options),
          id,
        )
        assertValid(target, [...result.issues, ...taken])
        patch = { ...result.data, updated_at: rt.host.now().toISOString() }
        stored = await bound.driver.update(object.name, id, patch, bound.options)
        return stored
      },
    })
    return phase.result
  } finally {
    if (stored !== undefined) {
      // `updated_at` always changes, so it is left out: `changed` lists what the caller changed.
      const changed = Object.keys(patch).filter(
        (key) => key !== 'updated_at' && !valuesEqual(patch[key], previous[key]),
      )
      await rt.emit(
        ctx,
        'data:updated',
        withActor(ctx, { object: object.name, id, record: stored, previous, changed }),
      )
    }
  }
}

/**
 * `delete`: read `previous` (missing -> `false`, no hooks run) -> before hooks -> driver.delete
 * -> after hooks -> event (only when the driver deleted something).
 */
export async function deleteCore(
  rt: PipelineRuntime,
  object: ObjectConfig,
  id: string,
  ctx: ExecutionContext,
): Promise<boolean> {
  const bound = rt.bind(object, ctx)
  const previous = await readPrevious(bound, object, id)
  if (previous === null) return false
  let deleted = false
  try {
    const phase = await runHookPhase(rt, {
      object,
      operation: 'delete',
      ctx,
      init: () => ({ id, previous }),
      run: async () => {
        deleted = await bound.driver.delete(object.name, id, bound.options)
        return deleted
      },
    })
    return phase.result
  } finally {
    if (deleted) {
      await rt.emit(ctx, 'data:deleted', withActor(ctx, { object: object.name, id, previous }))
    }
  }
}

// The stored record before a write, frozen: hooks and listeners read it, none may change it.
async function readPrevious(
  bound: BoundDriver,
  object: ObjectConfig,
  id: string,
): Promise<DataRecord | null> {
  const record = await bound.driver.findOne(object.name, id, undefined, bound.options)
  return record === null ? null : deepFreeze(record)
}

function withActor<T extends object>(
  ctx: ExecutionContext,
  payload: T,
): T & { actor?: DataEventActor } {
  const actor = actorOf(ctx)
  return actor === undefined ? payload : { ...payload, actor }
}
