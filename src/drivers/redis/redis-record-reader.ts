import { compileFilter } from '../../kernel/query/filter-compiler.js'
import { countRecords, distinctValues, executeQuery } from '../../kernel/query/query-executor.js'
import { aggregateRecords } from '../../kernel/query/record-aggregator.js'
import { compileProjection } from '../../kernel/query/record-projector.js'
import { toFilterNode } from '../../kernel/spec/filter-node.js'
import { planCandidates } from './redis-query-planner.js'
import type { RedisStore } from './redis-store.js'
import type { RedisTransaction } from './redis-transaction.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { FilterNode } from '../../kernel/spec/filter-node.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'

/**
 * The reads of the Redis driver. Each validates its whole query first (so a bad query fails
 * the same way on any data, before any I/O), loads the candidate records in one script call,
 * and hands them to the kernel's in-process engine, which owns every semantic rule: filters
 * (compiled once per shape), spec order, paging, projection, aggregation, distinct. Results
 * are fresh copies (the engine projects by cloning; decoded records are never cached).
 */
export class RedisReader {
  readonly #store: RedisStore
  readonly #schemaFor: (object: string) => QuerySchema | undefined

  constructor(store: RedisStore, schemaFor: (object: string) => QuerySchema | undefined) {
    this.#store = store
    this.#schemaFor = schemaFor
  }

  async find(object: string, query: QueryAST, tx?: RedisTransaction): Promise<DataRecord[]> {
    const schema = this.#schemaFor(object)
    executeQuery([], query, schema)
    const node = toFilterNode(query.where, schema?.fields)
    return executeQuery(await loadCandidates(this.#store, object, node, tx), query, schema)
  }

  async findOne(
    object: string,
    id: string,
    query: QueryAST | undefined,
    tx?: RedisTransaction,
  ): Promise<DataRecord | null> {
    const schema = this.#schemaFor(object)
    const matches = compileFilter(query?.where, schema?.fields, schema)
    const project = compileProjection(query?.fields, schema)
    if (typeof id !== 'string') return null // ids are strings: nothing else can exist
    const store = this.#store
    const load = tx?.loader(store) ?? ((o: string, ids: readonly string[]) => store.loadIds(o, ids))
    const [found] = await load(object, [id])
    return found !== undefined && matches(found.record) ? project(found.record) : null
  }

  /** Counts without loading anything when there is no filter (and no transaction overlay). */
  async count(
    object: string,
    where: FilterCondition | undefined,
    tx?: RedisTransaction,
  ): Promise<number> {
    const schema = this.#schemaFor(object)
    const node = toFilterNode(where, schema?.fields)
    if (node === undefined && (tx?.overlayOf(object)?.size ?? 0) === 0) {
      return this.#store.countAll(object)
    }
    return countRecords(await loadCandidates(this.#store, object, node, tx), where, schema)
  }

  async aggregate(
    object: string,
    query: QueryAST,
    tx?: RedisTransaction,
  ): Promise<Record<string, unknown>[]> {
    const schema = this.#schemaFor(object)
    aggregateRecords([], query, schema)
    const node = toFilterNode(query.where, schema?.fields)
    return aggregateRecords(await loadCandidates(this.#store, object, node, tx), query, schema)
  }

  async distinct(
    object: string,
    field: string,
    where: FilterCondition | undefined,
    tx?: RedisTransaction,
  ): Promise<unknown[]> {
    const schema = this.#schemaFor(object)
    distinctValues([], field, where, schema)
    const node = toFilterNode(where, schema?.fields)
    return distinctValues(await loadCandidates(this.#store, object, node, tx), field, where, schema)
  }
}

/**
 * Loads the records a query must look at: the candidates of its plan (redis-query-planner.ts),
 * seen through the transaction's own writes when there is one. The caller evaluates the whole
 * filter on the result, so this may return more records than match, never fewer.
 *
 * Inside a transaction that wrote to the object, every record is loaded: the overlay may hold
 * records an index or id plan on the committed data would miss.
 */
export async function loadCandidates(
  store: RedisStore,
  object: string,
  node: FilterNode | undefined,
  transaction: RedisTransaction | undefined,
): Promise<DataRecord[]> {
  const overlay = transaction?.overlayOf(object)
  if (overlay !== undefined && overlay.size > 0) {
    const { records } = await store.loadAll(object)
    return withOverlay(
      records.map((item) => item.record),
      overlay,
    )
  }
  const indexed =
    node === undefined ? new Set<string>() : new Set(await store.indexedFields(object))
  const plan = planCandidates(node, indexed)
  switch (plan.kind) {
    case 'ids':
      return (await store.loadIds(object, plan.ids)).map((item) => item.record)
    case 'range': {
      const found = await store.loadRange(object, plan.field, plan.min, plan.max)
      // undefined: the index went away under us (another driver's syncSchema); scan instead.
      const items = found ?? (await store.loadAll(object)).records
      return items.map((item) => item.record)
    }
    case 'all':
      return (await store.loadAll(object)).records.map((item) => item.record)
  }
}

/**
 * Committed records with a transaction's writes applied: changed records replace the committed
 * ones in place, deleted ones disappear, created ones follow in creation order.
 */
export function withOverlay(
  records: readonly DataRecord[],
  overlay: ReadonlyMap<string, DataRecord | null>,
): DataRecord[] {
  const result: DataRecord[] = []
  const seen = new Set<string>()
  for (const record of records) {
    seen.add(record.id)
    const mine = overlay.get(record.id)
    if (mine === undefined) result.push(record)
    else if (mine !== null) result.push(mine)
  }
  for (const [id, record] of overlay) if (record !== null && !seen.has(id)) result.push(record)
  return result
}
