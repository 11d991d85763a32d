import { deepFreeze } from '../spec/deep-freeze.js'
import { andOf, leafOf } from '../spec/filter-combine.js'
import type { OperationHookContext } from '../hooks/hook-runner.js'
import type { DataRecord, ObjectConfig } from '../spec/object-config.js'
import type { QueryAST } from '../spec/query-ast.js'
import type { QueryOperation } from '../spec/query-normalizer.js'
import { structurallyEqual } from '../spec/structural-equal.js'
import type { ExecutionContext } from './execution-context.js'
import { expandRecords } from './expand.js'
import { hookChainsOf, hookContextOf, runWithHooks, thaw } from './hook-phase.js'
import type { HookChains } from './hook-phase.js'
import type { BoundDriver, PipelineRuntime } from './pipeline-host.js'

/**
 * The inner part of the read operations: hooks, the driver call, expansion. The door (input
 * normalization) and middleware are in pipeline.ts; what arrives here is canonical and frozen.
 *
 * Every core first asks for its hook chains: without hooks it goes straight to the driver, and
 * a `findOne` by id with no filter and no expansion returns the driver's promise itself.
 */

/** Arguments shared by the read cores. */
export interface ReadCall {
  readonly rt: PipelineRuntime
  readonly object: ObjectConfig
  /** The canonical, frozen query. */
  readonly ast: QueryAST
  readonly ctx: ExecutionContext
  /** The expand level (0 for a caller's read): a query a hook edits is normalized at it. */
  readonly depth: number
}

/**
 * The query to run after the before hooks: the canonical AST when no before hook ran or the
 * hooks left their copy as it was (normalizing an equal copy would give an equal AST again), the
 * copy normalized again otherwise, so a hook cannot smuggle an unknown field or operator past
 * the door.
 */
function edited(
  call: ReadCall,
  hctx: OperationHookContext | undefined,
  op: QueryOperation,
): QueryAST {
  if (hctx === undefined) return call.ast
  const query = hctx.query
  if (query !== undefined && structurallyEqual(call.ast, query)) return call.ast
  return call.rt.normalizeRead(query ?? {}, call.object, op, call.depth)
}

/** `find`: before hooks -> driver.find -> expand -> after hooks. */
export function findCore(call: ReadCall): Promise<DataRecord[]> {
  const chains = hookChainsOf(call.rt, 'find', call.object.name)
  if (chains === undefined) return fetchMany(call, call.ast)
  return hookedRead(call, 'find', chains, (hctx) => fetchMany(call, edited(call, hctx, 'find')))
}

async function fetchMany(call: ReadCall, query: QueryAST): Promise<DataRecord[]> {
  const { rt, object, ctx } = call
  const bound = rt.bind(object, ctx)
  const rows = await bound.driver.find(object.name, query, bound.options)
  return expandRecords(rt, object, rows, query, ctx, call.depth)
}

/**
 * `findOne`: the driver's `findOne` when the query has no filter. When it has one (a caller's
 * `where`, or one a before hook added, e.g. a tenant filter) the kernel runs `find` with
 * `id = ? AND where`, so such a filter can never be bypassed by asking for an id directly.
 */
export function findOneCore(call: ReadCall, id: string): Promise<DataRecord | null> {
  const chains = hookChainsOf(call.rt, 'findOne', call.object.name)
  if (chains === undefined) return fetchOne(call, call.ast, id)
  return hookedRead(
    call,
    'findOne',
    chains,
    (hctx) => fetchOne(call, edited(call, hctx, 'findOne'), id),
    { id },
  )
}

/**
 * The driver part of `findOne`. The common case (no filter, nothing to expand) hands back the
 * wrapped driver's promise as it is, without another async layer.
 *
 * No copy is made here, on purpose: drivers return a fresh copy per call (DRV-WRITE-005, the
 * conformance suite's `copies` group), so the record is already the caller's own, and mutating
 * it cannot reach stored data. A second copy would only guard against a non-conformant driver.
 * After hooks see that same object as `ctx.result` and the caller gets what they leave there;
 * a hook that keeps a reference to it shares it with the caller by its own choice, as before.
 */
function fetchOne(call: ReadCall, query: QueryAST, id: string): Promise<DataRecord | null> {
  const bound = call.rt.bind(call.object, call.ctx)
  if (query.where === undefined && query.expand === undefined) {
    return bound.driver.findOne(call.object.name, id, query, bound.options)
  }
  return fetchOneFiltered(call, bound, query, id)
}

async function fetchOneFiltered(
  call: ReadCall,
  bound: BoundDriver,
  query: QueryAST,
  id: string,
): Promise<DataRecord | null> {
  const { rt, object, ctx } = call
  let record: DataRecord | null
  if (query.where === undefined) {
    record = await bound.driver.findOne(object.name, id, query, bound.options)
  } else {
    const byId: QueryAST = deepFreeze({
      ...query,
      where: andOf([leafOf('id', '$eq', id), query.where]),
      limit: 1,
    })
    record = (await bound.driver.find(object.name, byId, bound.options))[0] ?? null
  }
  if (record === null) return null
  const [expanded] = await expandRecords(rt, object, [record], query, ctx, 0)
  return expanded ?? null
}

/**
 * `count`: `driver.count(where)`. A query with `search` is counted with an unpaged `find`
 * instead, because the driver's `count` takes a filter only and dropping the search would
 * count more rows than `find` returns.
 */
export function countCore(call: ReadCall): Promise<number> {
  const chains = hookChainsOf(call.rt, 'count', call.object.name)
  if (chains === undefined) return fetchCount(call, call.ast)
  return hookedRead(call, 'count', chains, (hctx) => fetchCount(call, edited(call, hctx, 'count')))
}

async function fetchCount(call: ReadCall, query: QueryAST): Promise<number> {
  const { rt, object, ctx } = call
  const bound = rt.bind(object, ctx)
  if (query.search === undefined) {
    return bound.driver.count(object.name, query.where, bound.options)
  }
  const ids: QueryAST = deepFreeze({
    ...query,
    fields: ['id'],
    orderBy: [{ field: 'id', order: 'asc' }],
  })
  return (await bound.driver.find(object.name, ids, bound.options)).length
}

/** `aggregate`: before hooks -> driver.aggregate -> after hooks. */
export function aggregateCore(call: ReadCall): Promise<Record<string, unknown>[]> {
  const chains = hookChainsOf(call.rt, 'aggregate', call.object.name)
  if (chains === undefined) return fetchAggregate(call, call.ast)
  return hookedRead(call, 'aggregate', chains, (hctx) =>
    fetchAggregate(call, edited(call, hctx, 'aggregate')),
  )
}

function fetchAggregate(call: ReadCall, query: QueryAST): Promise<Record<string, unknown>[]> {
  const bound = call.rt.bind(call.object, call.ctx)
  return bound.driver.aggregate(call.object.name, query, bound.options)
}

/** `distinct`: hooks see `{ object, where }` as `query` and the field as `field`. */
export function distinctCore(call: ReadCall, field: string): Promise<unknown[]> {
  const chains = hookChainsOf(call.rt, 'distinct', call.object.name)
  if (chains === undefined) return fetchDistinct(call, call.ast, field)
  return hookedRead(
    call,
    'distinct',
    chains,
    (hctx) => fetchDistinct(call, edited(call, hctx, 'distinct'), field),
    { field },
  )
}

function fetchDistinct(call: ReadCall, query: QueryAST, field: string): Promise<unknown[]> {
  const bound = call.rt.bind(call.object, call.ctx)
  return bound.driver.distinct(call.object.name, field, query.where, bound.options)
}

/**
 * The hook phase of a read: hooks get a mutable copy of the query (and the id of a `findOne`,
 * the field of a `distinct`); `run` fetches with the query they leave.
 */
async function hookedRead<T>(
  call: ReadCall,
  operation: QueryOperation,
  chains: HookChains,
  run: (hctx: OperationHookContext | undefined) => Promise<T>,
  target: { readonly id?: string; readonly field?: string } = {},
): Promise<T> {
  const { rt, object, ctx, ast } = call
  const hctx = hookContextOf(rt, object, operation, ctx, {
    query: thaw(ast),
    id: target.id,
    field: target.field,
  })
  return (await runWithHooks(chains, hctx, run)).result
}
