import { ObjectQLError } from '../errors.js'
import { hookEventFor } from '../hooks/hook-events.js'
import { OperationHookContext, runAfterHooks, runBeforeHooks } from '../hooks/hook-runner.js'
import { deepFreeze } from '../spec/deep-freeze.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../spec/object-config.js'
import type { ValidationIssue } from '../validation/field-value-check.js'
import { assertValid, isUniqueScalar, validateRecord } from '../validation/record-validator.js'
import type { ExecutionContext } from './execution-context.js'
import type { BoundDriver, PipelineRuntime } from './pipeline-host.js'
import { inDriverTransaction } from './transaction.js'
import { actorOf, assignId } from './write-operations.js'

interface Item {
  readonly hctx: OperationHookContext | undefined
  record?: RecordInput & { id: string }
  stored?: DataRecord
}

/**
 * `createMany`: the create hooks and validation run per record, then ONE driver `bulkCreate`
 * stores the batch, then the after hooks run per record.
 *
 * All or nothing: every record is checked before anything is written. Validation problems of
 * all records come back in one `VALIDATION_FAILED` whose `details.errors` carry the record's
 * `index`; `unique` is checked against the store (one `$in` query per unique field) and within
 * the batch; an id that repeats in the batch or already exists is `DUPLICATE_RECORD`. The write
 * is atomic when the driver declares `bulkCreate`, or runs in a transaction (the caller's, or
 * one the kernel opens when the driver has `transactions`). Only a driver with neither can be
 * left half-written, and only by a failure of the driver itself.
 */
export async function createManyCore(
  rt: PipelineRuntime,
  object: ObjectConfig,
  inputs: Record<string, unknown>[],
  ctx: ExecutionContext,
): Promise<DataRecord[]> {
  const bound = rt.bind(object, ctx)
  const { hooks } = rt.host
  const before = hooks.chain(hookEventFor('before', 'create'), object.name)
  const after = hooks.chain(hookEventFor('after', 'create'), object.name)
  const withHooks = before.length > 0 || after.length > 0
  const target = `createMany '${object.name}'`
  const items: Item[] = []
  const issues: (ValidationIssue & { index: number })[] = []
  for (const [index, data] of inputs.entries()) {
    const id = assignId(rt, data)
    const hctx = withHooks
      ? new OperationHookContext({
          object,
          operation: 'create',
          api: rt.api(ctx),
          state: ctx.state ?? {},
          data,
          ...(id === undefined ? {} : { id }),
          ...(ctx.user === undefined ? {} : { user: ctx.user }),
          ...(ctx.transaction === undefined ? {} : { transaction: ctx.transaction }),
        })
      : undefined
    const item: Item = { hctx }
    items.push(item)
    if (hctx !== undefined) {
      await runBeforeHooks(before, hctx)
      if (hctx.shortCircuited) continue
    }
    const result = validateRecord(object.fields, hctx?.data ?? data, {
      mode: 'create',
      target: `${target} [${index}]`,
      systemFields: true,
    })
    for (const issue of result.issues) issues.push({ ...issue, index })
    const rid = typeof result.data['id'] === 'string' ? result.data['id'] : rt.host.newId()
    item.record = { id: rid, ...result.data }
  }
  issues.push(...(await batchUniqueIssues(object, items, issues, bound)))
  assertValid(target, issues)
  const records = items.flatMap((item) => (item.record === undefined ? [] : [item.record]))
  await assertNewIds(object, records, bound)
  const now = rt.host.now().toISOString()
  const stamped = records.map((record) => ({ ...record, created_at: now, updated_at: now }))
  const stored = stamped.length === 0 ? [] : await write(object, stamped, bound)
  let next = 0
  for (const item of items) if (item.record !== undefined) item.stored = stored[next++]
  const results: DataRecord[] = []
  try {
    for (const item of items) {
      const result = item.hctx?.shortCircuited === true ? item.hctx.result : item.stored
      results.push(
        (item.hctx === undefined || after.length === 0
          ? result
          : await runAfterHooks(after, item.hctx, result)) as DataRecord,
      )
    }
    return results
  } finally {
    const actor = actorOf(ctx)
    for (const record of stored) {
      await rt.emit(ctx, 'data:created', {
        object: object.name,
        id: record.id,
        record,
        ...(actor === undefined ? {} : { actor }),
      })
    }
  }
}

async function write(
  object: ObjectConfig,
  records: readonly RecordInput[],
  bound: BoundDriver,
): Promise<DataRecord[]> {
  const { driver, options } = bound
  const atomic = driver.capabilities.bulkCreate || options?.transaction !== undefined
  if (atomic || !driver.capabilities.transactions) {
    return driver.bulkCreate(object.name, records, options)
  }
  return inDriverTransaction(driver, object.datasource ?? 'default', (transaction) =>
    driver.bulkCreate(object.name, records, { transaction }),
  )
}

// Ids must be new: unique within the batch and not yet stored. Checked up front so that a
// driver whose bulkCreate is a loop never writes the first half of a batch.
async function assertNewIds(
  object: ObjectConfig,
  records: readonly (RecordInput & { id: string })[],
  bound: BoundDriver,
): Promise<void> {
  const seen = new Set<string>()
  for (const { id } of records) {
    if (seen.has(id)) throw duplicate(object, [id], 'appears twice in the batch')
    seen.add(id)
  }
  if (seen.size === 0) return
  const taken = await bound.driver.find(
    object.name,
    deepFreeze({
      object: object.name,
      where: { id: { $in: [...seen] } },
      fields: ['id'],
      orderBy: [{ field: 'id', order: 'asc' as const }],
    }),
    bound.options,
  )
  if (taken.length > 0)
    throw duplicate(
      object,
      taken.map((r) => r.id),
      'already exists',
    )
}

function duplicate(object: ObjectConfig, ids: readonly string[], why: string): ObjectQLError {
  return new ObjectQLError(
    'DUPLICATE_RECORD',
    `createMany '${object.name}': id ${ids.map((id) => `'${id}'`).join(', ')} ${why}; nothing was written`,
    { details: { object: object.name, ids: [...ids] } },
  )
}

// The unique rule for a whole batch: one `$in` query per unique field against the store, plus
// repeats inside the batch. Fields of a record that already failed another rule are skipped.
async function batchUniqueIssues(
  object: ObjectConfig,
  items: readonly Item[],
  known: readonly (ValidationIssue & { index: number })[],
  bound: BoundDriver,
): Promise<(ValidationIssue & { index: number })[]> {
  const failed = new Set(known.map((issue) => `${issue.index}\u0000${issue.field}`))
  const issues: (ValidationIssue & { index: number })[] = []
  for (const [field, config] of Object.entries(object.fields)) {
    if (config.unique !== true) continue
    const firstIndex = new Map<string | number | boolean, number>()
    items.forEach((item, index) => {
      const value = item.record?.[field]
      if (!isUniqueScalar(value) || failed.has(`${index}\u0000${field}`)) return
      const first = firstIndex.get(value)
      if (first === undefined) firstIndex.set(value, index)
      else {
        issues.push({
          index,
          field,
          rule: 'unique',
          message: `'${field}' must be unique; ${JSON.stringify(value)} is also used by record ${first} of the batch`,
        })
      }
    })
    if (firstIndex.size === 0) continue
    const rows = await bound.driver.find(
      object.name,
      deepFreeze({
        object: object.name,
        where: { [field]: { $in: [...firstIndex.keys()] } },
        fields: ['id', field],
        orderBy: [{ field: 'id', order: 'asc' as const }],
      }),
      bound.options,
    )
    for (const row of rows) {
      const index = firstIndex.get(row[field] as string | number | boolean)
      if (index === undefined) continue
      issues.push({
        index,
        field,
        rule: 'unique',
        message: `'${field}' must be unique; ${JSON.stringify(row[field])} is already used`,
      })
    }
  }
  return issues
}
