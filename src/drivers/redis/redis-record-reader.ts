import { planCandidates } from './redis-query-planner.js'
import type { RedisStore } from './redis-store.js'
import type { RedisTransaction } from './redis-transaction.js'
import type { FilterNode } from '../../kernel/spec/filter-node.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'

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
