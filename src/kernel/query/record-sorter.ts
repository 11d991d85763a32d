import { ObjectQLError } from '../errors.js'
import { assertKnownField } from './query-schema.js'
import { comparatorFor } from './value-compare.js'
import type { QuerySchema } from './query-schema.js'
import type { SortNode } from '../spec/query-ast.js'

/** Compares two records; negative, zero or positive. */
export type RecordComparator = (
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
) => number

/**
 * Builds a multi-key comparator in spec order (DRV-ORD-001..006): each key compares values of
 * its field, later keys only break ties of earlier ones, `desc` reverses a key (so null and
 * missing, first ascending, come last descending).
 *
 * @throws ObjectQLError `INVALID_QUERY` for a malformed sort key, `INVALID_FIELD` for a field
 * outside `schema`.
 */
export function compileSort(
  orderBy: readonly SortNode[] | undefined,
  schema?: QuerySchema,
): RecordComparator | undefined {
  if (orderBy === undefined) return undefined
  if (!Array.isArray(orderBy)) {
    throw new ObjectQLError('INVALID_QUERY', 'orderBy must be an array of { field, order }')
  }
  if (orderBy.length === 0) return undefined
  const keys = orderBy.map((node: unknown) => toSortKey(node, schema))
  return (a, b) => {
    for (const { field, compare, sign } of keys) {
      const order = compare(read(a, field), read(b, field))
      if (order !== 0) return order < 0 ? -sign : sign
    }
    return 0
  }
}

/**
 * Returns a new array of the records in spec order. The sort is stable (the order of the input
 * decides among equal records), so a query without a total order is still deterministic.
 */
export function sortRecords<T extends Readonly<Record<string, unknown>>>(
  records: readonly T[],
  orderBy: readonly SortNode[] | undefined,
  schema?: QuerySchema,
): T[] {
  const comparator = compileSort(orderBy, schema)
  const copy = records.slice()
  return comparator === undefined ? copy : copy.sort(comparator)
}

interface SortKey {
  readonly field: string
  readonly compare: (a: unknown, b: unknown) => number
  readonly sign: 1 | -1
}

function toSortKey(node: unknown, schema: QuerySchema | undefined): SortKey {
  if (typeof node !== 'object' || node === null) {
    throw new ObjectQLError('INVALID_QUERY', 'a sort key must be { field, order }')
  }
  const { field, order } = node as { field?: unknown; order?: unknown }
  assertKnownField(schema, field, 'sort')
  if (order !== 'asc' && order !== 'desc') {
    throw new ObjectQLError('INVALID_QUERY', `sort order of '${field}' must be 'asc' or 'desc'`, {
      details: { field, order: String(order) },
    })
  }
  const isDate = schema?.dateFields.has(field) ?? false
  return { field, compare: comparatorFor(isDate), sign: order === 'asc' ? 1 : -1 }
}

function read(record: Readonly<Record<string, unknown>>, field: string): unknown {
  return Object.hasOwn(record, field) ? record[field] : undefined
}
