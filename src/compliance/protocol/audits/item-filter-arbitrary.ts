import fc from 'fast-check'
import { modelFilter } from '../../model/spec-model-filter.js'
import { ITEM_FIELDS } from './cross-protocol-records.js'
import type { ItemValues } from './sample-items.js'

/** A canonical filter over `prt_items`, as generated for the list property audits. */
export type ItemFilter = Readonly<Record<string, unknown>>

type Kind = 'number' | 'boolean' | 'select' | 'text' | 'date'

// Values near and on the sample items' values, so filters match some records and miss others.
const VALUES: Readonly<Record<Kind, fc.Arbitrary<unknown>>> = {
  number: fc.constantFrom(0, 1.25, 3, 4, 7, 9.5, 10, 25.5, 100, -1),
  boolean: fc.boolean(),
  select: fc.constantFrom('open', 'done'),
  text: fc.constantFrom(
    'alpha',
    'bravo',
    'Charlie',
    'charlie',
    'delta',
    'écho ✓',
    'golf',
    'a',
    'C',
    'o',
  ),
  date: fc.constantFrom('2023-12-31', '2024-01-15', '2024-02-01', '2024-03-01'),
}

const OPERATORS: Readonly<Record<Kind, readonly string[]>> = {
  number: ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$null'],
  boolean: ['$eq', '$ne', '$null'],
  select: ['$eq', '$ne', '$in', '$nin', '$null'],
  text: ['$eq', '$ne', '$gt', '$lt', '$in', '$startsWith', '$endsWith', '$contains', '$null'],
  date: ['$eq', '$gt', '$gte', '$lte', '$null'],
}

const FIELD_KINDS: Readonly<Record<string, Kind>> = {
  qty: 'number',
  price: 'number',
  active: 'boolean',
  status: 'select',
  name: 'text',
  due: 'date',
}

function leafOf(field: string, kind: Kind): fc.Arbitrary<ItemFilter> {
  return fc.constantFrom(...OPERATORS[kind]).chain((op) => {
    const operand =
      op === '$null'
        ? fc.boolean()
        : op === '$in' || op === '$nin'
          ? fc.uniqueArray(VALUES[kind], { maxLength: 3 })
          : VALUES[kind]
    return operand.map((value) => ({ [field]: { [op]: value } }))
  })
}

const LEAF: fc.Arbitrary<ItemFilter> = fc.oneof(
  ...Object.entries(FIELD_KINDS).map(([field, kind]) => leafOf(field, kind)),
)

/** Canonical filters: leaves on every field kind, nested in `$and`, `$or` and `$not`. */
export const ITEM_FILTER: fc.Arbitrary<ItemFilter> = fc.letrec<{ node: ItemFilter }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    LEAF,
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((children) => ({ $and: children })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((children) => ({ $or: children })),
    tie('node').map((child) => ({ $not: child })),
  ),
})).node

const DECLARED = new Set<string>([...ITEM_FIELDS, 'created_at', 'updated_at'])
const DATES = new Set(['due'])

/**
 * The ids of `records` that `filter` matches, by the reference model of docs/SPEC.md (null and
 * missing equivalent, `$ne`/`$nin` match nulls, code-point string order, dates by instant).
 */
export function expectedMatches(
  filter: ItemFilter,
  records: readonly (ItemValues & { readonly id: string })[],
): string[] {
  const matches = modelFilter(filter, DECLARED, DATES)
  return records.filter((record) => matches(record)).map((record) => record.id)
}
