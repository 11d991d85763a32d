import { AuditFailure } from '../protocol-checks.js'

/** The `prt_items` fields audits write and compare (the fixture's declared fields plus `id`). */
export const ITEM_FIELDS = [
  'id',
  'name',
  'run',
  'qty',
  'price',
  'active',
  'status',
  'due',
  'notes',
  'owner',
] as const

/** One of {@link ITEM_FIELDS}. */
export type ItemField = (typeof ITEM_FIELDS)[number]

/** The fields `prt_items` declares: every item field but `id`, which the kernel owns. */
export const DECLARED_ITEM_FIELDS: readonly ItemField[] = ITEM_FIELDS.filter((f) => f !== 'id')

/** The values of a `prt_items` record an audit writes (without `id` and `run`). */
export interface ItemSeed {
  readonly name: string
  readonly qty?: number | null
  readonly price?: number | null
  readonly active?: boolean | null
  readonly status?: 'open' | 'done' | null
  /** `YYYY-MM-DD`. */
  readonly due?: string | null
  readonly notes?: string | null
  readonly owner?: string | null
}

/** A record in a protocol-neutral form: every compared field present, absent values as null. */
export type NormalizedItem = Readonly<Record<ItemField, unknown>>

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:$|T)/

/**
 * The comparable form of a `prt_items` record from any protocol: each field of
 * {@link ITEM_FIELDS} (missing means null), numbers as numbers (a numeric string is read as a
 * number), and dates cut to `YYYY-MM-DD` (a date may come back as a midnight date-time).
 * Protocol annotations (`@odata.etag`, `__typename`) and system fields are ignored.
 */
export function normalizeItem(record: Readonly<Record<string, unknown>>): NormalizedItem {
  const out: Record<string, unknown> = {}
  for (const field of ITEM_FIELDS) {
    let value = record[field] ?? null
    if (
      (field === 'qty' || field === 'price') &&
      typeof value === 'string' &&
      value.trim() !== ''
    ) {
      const number = Number(value)
      if (Number.isFinite(number)) value = number
    }
    if (field === 'due' && typeof value === 'string') value = ISO_DATE.exec(value)?.[1] ?? value
    out[field] = value
  }
  return out as NormalizedItem
}

/** The first field where two normalized records differ, or undefined when they agree. */
export function firstDifference(a: NormalizedItem, b: NormalizedItem): ItemField | undefined {
  return ITEM_FIELDS.find((field) => !Object.is(a[field], b[field]))
}

/** What a seed should read back as, once created with `id` and `run`. */
export function expectedItem(seed: ItemSeed, id: string, run: string): NormalizedItem {
  return normalizeItem({ ...seed, id, run })
}

/**
 * Fails unless `actual` (any protocol's record) reads as `expected` field by field, naming the
 * first field that differs with both values.
 */
export function checkSameItem(
  actual: Readonly<Record<string, unknown>>,
  expected: NormalizedItem,
  what: string,
): void {
  const got = normalizeItem(actual)
  const field = firstDifference(got, expected)
  if (field !== undefined) {
    throw new AuditFailure(
      `${what}: '${field}' is ${JSON.stringify(got[field])}, expected ${JSON.stringify(expected[field])}`,
      { field, expected: expected[field], actual: got[field], record: actual },
    )
  }
}
