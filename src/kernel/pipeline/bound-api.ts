import type { TransactionHandle } from '../driver/driver.js'
import type { DataApi, TransactionRunOptions } from './data-api.js'
import type { ExecutionContext } from './execution-context.js'

/** Starts a transaction, or joins `joined` when it is a kernel transaction still open. */
export type TransactionRunner = <T>(
  callback: (tx: DataApi) => Promise<T>,
  options: TransactionRunOptions,
  joined: TransactionHandle | undefined,
) => Promise<T>

/**
 * `api` with the caller's user and transaction applied to every call: what hooks and actions
 * receive as `api`, and what `transaction()` hands its callback as `tx`. A context passed to a
 * call is merged over the bound one. `transaction()` on a bound api joins its transaction.
 */
export function bindDataApi(
  api: DataApi,
  ctx: ExecutionContext,
  runTransaction: TransactionRunner,
): DataApi {
  // Frozen: it is handed to every call made through this api (middleware sees it as
  // `opCtx.context`), so an edit by one call must fail instead of reaching the next calls.
  const bound: ExecutionContext = Object.freeze({
    ...(ctx.user === undefined ? {} : { user: ctx.user }),
    ...(ctx.transaction === undefined ? {} : { transaction: ctx.transaction }),
  })
  const merge = (extra?: ExecutionContext): ExecutionContext =>
    extra === undefined || extra === null ? bound : { ...bound, ...extra }
  return {
    find: (o, q, c) => api.find(o, q, merge(c)),
    findOne: (o, id, q, c) => api.findOne(o, id, q, merge(c)),
    count: (o, w, c) => api.count(o, w, merge(c)),
    aggregate: (o, q, c) => api.aggregate(o, q, merge(c)),
    distinct: (o, f, w, c) => api.distinct(o, f, w, merge(c)),
    create: (o, d, c) => api.create(o, d, merge(c)),
    createMany: (o, d, c) => api.createMany(o, d, merge(c)),
    bulkCreate: (o, d, c) => api.createMany(o, d, merge(c)),
    update: (o, id, d, c) => api.update(o, id, d, merge(c)),
    delete: (o, id, c) => api.delete(o, id, merge(c)),
    transaction: (callback, options = {}) =>
      runTransaction(callback, { ...options, user: options.user ?? bound.user }, bound.transaction),
  }
}
