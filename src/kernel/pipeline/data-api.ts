import type { DataRecord, RecordInput } from '../spec/object-config.js'
import type { ExecutionContext } from './execution-context.js'

/**
 * The kernel's data API. Every method runs the one operation pipeline (normalize, middleware,
 * before hooks, validation, driver, after hooks, events). The kernel, a transaction's `tx`, and
 * the `api` that hooks and actions receive all implement it.
 */
export interface DataApi {
  /**
   * Records matching the query. Accepts every upstream query shape (`where`/`filters`,
   * `orderBy`/`sort`, `limit`/`top`, `offset`/`skip`, `fields`/`select`, `expand`).
   */
  find(object: string, query?: unknown, ctx?: ExecutionContext): Promise<DataRecord[]>
  /** The record with this id (projected/expanded by `query`), or `null`. */
  findOne(
    object: string,
    id: string,
    query?: unknown,
    ctx?: ExecutionContext,
  ): Promise<DataRecord | null>
  /**
   * How many records match. Accepts a raw filter (`{ status: 'open' }`, a legacy filter array)
   * or a query: an object with any query key (`where`, `filters`, `filter`, `orderBy`, `fields`,
   * `search`, `object`, ...) is read as a query, anything else as a filter. `orderBy`, `fields`
   * and `expand` do not change a count and are left out; `limit`/`offset` would, and are
   * refused with `INVALID_QUERY` (a count is always the total).
   */
  count(object: string, whereOrQuery?: unknown, ctx?: ExecutionContext): Promise<number>
  /** Rows of `groupBy` values and aggregation aliases (`aggregations` or legacy `aggregate`). */
  aggregate(
    object: string,
    query: unknown,
    ctx?: ExecutionContext,
  ): Promise<Record<string, unknown>[]>
  /** Distinct non-null values of `field` among the records matching `where`. */
  distinct(
    object: string,
    field: string,
    where?: unknown,
    ctx?: ExecutionContext,
  ): Promise<unknown[]>
  /** Validates, stamps (`id`, `created_at`, `updated_at`) and stores one record. */
  create(object: string, data: RecordInput, ctx?: ExecutionContext): Promise<DataRecord>
  /**
   * Creates several records: hooks and validation run per record, then one driver `bulkCreate`
   * stores all or none. Any invalid record fails the call and nothing is written.
   */
  createMany(
    object: string,
    data: readonly RecordInput[],
    ctx?: ExecutionContext,
  ): Promise<DataRecord[]>
  /** Alias of {@link DataApi.createMany} (upstream's driver-level name). */
  bulkCreate(
    object: string,
    data: readonly RecordInput[],
    ctx?: ExecutionContext,
  ): Promise<DataRecord[]>
  /** Shallow-merges `data` into the record; `NOT_FOUND` when it does not exist. */
  update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    ctx?: ExecutionContext,
  ): Promise<DataRecord>
  /** Deletes the record; `true` when it existed, `false` when it did not. */
  delete(object: string, id: string, ctx?: ExecutionContext): Promise<boolean>
  /**
   * Runs `callback` inside a driver transaction: commit when it resolves, roll back and rethrow
   * when it throws. `tx` is this same API bound to the transaction.
   */
  transaction<T>(callback: (tx: DataApi) => Promise<T>, options?: TransactionRunOptions): Promise<T>
}

/** Options for {@link DataApi.transaction}. */
export interface TransactionRunOptions {
  /** Which datasource (driver name) the transaction runs on; `default` unless given. */
  readonly datasource?: string
  /** The caller, as in every other data call. */
  readonly user?: ExecutionContext['user']
}
