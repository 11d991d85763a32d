import { deepFreeze } from '../spec/deep-freeze.js'
import { andOf, leafOf } from '../spec/filter-combine.js'
import type { OperationHookContext } from '../hooks/hook-runner.js'
import type { DataRecord, ObjectConfig } from '../spec/object-config.js'
import type { QueryAST } from '../spec/query-ast.js'
import type { QueryOperation } from '../spec/query-normalizer.js'
import type { ExecutionContext } from './execution-context.js'
import { expandRecords } from './expand.js'
import { runHookPhase, thaw } from './hook-phase.js'
import type { PipelineRuntime } from './pipeline-host.js'

/**
 * The inner part of the read operations: hooks, the driver call, expansion. The door (input
 * normalization) and middleware are in pipeline.ts; what arrives here is canonical and frozen.
 */

/** Normalizes a query a before hook may have edited (see {@link HookQuery}). */
export type Renormalize = (query: unknown, object: ObjectConfig, op: QueryOperation) => QueryAST

/** Arguments shared by the read cores. */
export interface ReadCall {
  readonly rt: PipelineRuntime
  readonly object: ObjectConfig
  readonly ast: QueryAST
  readonly ctx: ExecutionContext
  readonly renormalize: Renormalize
}

function edited(
  call: ReadCall,
  hctx: OperationHookContext | undefined,
  op: QueryOperation,
): QueryAST {
  return hctx === undefined ? call.ast : call.renormalize(hctx.query ?? {}, call.object, op)
}

/** `find`: before hooks -> driver.find -> expand -> after hooks. */
export async function findCore(call: ReadCall, depth: number): Promise<DataRecord[]> {
  const { rt, object, ctx } = call
  const bound = rt.bind(object, ctx)
  const phase = await runHookPhase(rt, {
    object,
    operation: 'find',
    ctx,
    init: () => ({ query: thaw(call.ast) }),
    run: async (hctx) => {
      const query = edited(call, hctx, 'find')
      const rows = await bound.driver.find(object.name, query, bound.options)
      return expandRecords(rt, object, rows, query, ctx, depth)
    },
  })
  return phase.result
}

/**
 * `findOne`: the driver's `findOne` when the query has no filter. When it has one (a caller's
 * `where`, or one a before hook added, e.g. a tenant filter) the kernel runs `find` with
 * `id = ? AND where`, so such a filter can never be bypassed by asking for an id directly.
 */
export async function findOneCore(call: ReadCall, id: string): Promise<DataRecord | null> {
  const { rt, object, ctx } = call
  const bound = rt.bind(object, ctx)
  const phase = await runHookPhase(rt, {
    object,
    operation: 'findOne',
    ctx,
    init: () => ({ query: thaw(call.ast), id }),
    run: async (hctx) => {
      const query = edited(call, hctx, 'findOne')
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
    },
  })
  return phase.result
}

/**
 * `count`: `driver.count(where)`. A query with `search` is counted with an unpaged `find`
 * instead, because the driver's `count` takes a filter only and dropping the search would
 * count more rows than `find` returns.
 */
export async function countCore(call: ReadCall): Promise<number> {
  const { rt, object, ctx } = call
  const bound = rt.bind(object, ctx)
  const phase = await runHookPhase(rt, {
    object,
    operation: 'count',
    ctx,
    init: () => ({ query: thaw(call.ast) }),
    run: async (hctx) => {
      const query = edited(call, hctx, 'count')
      if (query.search === undefined) {
        return bound.driver.count(object.name, query.where, bound.options)
      }
      const ids: QueryAST = deepFreeze({
        ...query,
        fields: ['id'],
        orderBy: [{ field: 'id', order: 'asc' }],
      })
      return (await bound.driver.find(object.name, ids, bound.options)).length
    },
  })
  return phase.result
}

/** `aggregate`: before hooks -> driver.aggregate -> after hooks. */
export async function aggregateCore(call: ReadCall): Promise<Record<string, unknown>[]> {
  const { rt, object, ctx } = call
  const bound = rt.bind(object, ctx)
  const phase = await runHookPhase(rt, {
    object,
    operation: 'aggregate',
    ctx,
    init: () => ({ query: thaw(call.ast) }),
    run: async (hctx) => {
      const query = edited(call, hctx, 'aggregate')
      return bound.driver.aggregate(object.name, query, bound.options)
    },
  })
  return phase.result
}

/** `distinct`: hooks see `{ object, where }` as `query` and the field as `field`. */
export async function distinctCore(call: ReadCall, field: string): Promise<unknown[]> {
  const { rt, object, ctx } = call
  const bound = rt.bind(object, ctx)
  const phase = await runHookPhase(rt, {
    object,
    operation: 'distinct',
    ctx,
    init: () => ({ query: thaw(call.ast), field }),
    run: async (hctx) => {
      const query = edited(call, hctx, 'distinct')
      return bound.driver.distinct(object.name, field, query.where, bound.options)
    },
  })
  return phase.result
}
