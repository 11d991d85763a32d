import { querySchemaFor } from '../../kernel/query/query-schema.js'
import type { CompareNode, FilterNode } from '../../kernel/spec/filter-node.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'

/**
 * Which records a query has to load. The plan only narrows the candidates: the kernel's compiled
 * predicate then evaluates the whole filter on every loaded record, so a plan can never widen or
 * change a result, only make it cheaper to compute.
 */
export type CandidatePlan =
  | { readonly kind: 'all' }
  /** Exactly these ids (from `id $eq` / `id $in`); an empty list loads nothing. */
  | { readonly kind: 'ids'; readonly ids: readonly string[] }
  /** Records whose indexed numeric field lies in `[min, max]` (ZRANGEBYSCORE bounds). */
  | { readonly kind: 'range'; readonly field: string; readonly min: string; readonly max: string }

interface Bound {
  readonly value: number
  readonly exclusive: boolean
}

const ALL: CandidatePlan = Object.freeze({ kind: 'all' })

/**
 * Plans the candidates of a canonical filter from its top-level conjuncts (the root leaf, or the
 * children of a root `$and`, nested `$and`s included):
 * 1. `id $eq 'x'` or `id $in [...]`: load just those ids (a non-string operand can never equal a
 *    string id, so it is dropped);
 * 2. range or equality leaves with a NUMBER operand on one field of `indexed`: one
 *    ZRANGEBYSCORE over the intersection of their bounds. This is exact as a superset: a range
 *    with a numeric operand matches only numeric values (the spec's typed comparison), and the
 *    index holds every record whose value is a number;
 * 3. anything else (`$or`, `$not`, string ranges, unindexed fields): load everything.
 */
export function planCandidates(
  node: FilterNode | undefined,
  indexed: ReadonlySet<string>,
): CandidatePlan {
  if (node === undefined) return ALL
  const conjuncts = flattenAnd(node)
  for (const leaf of conjuncts) {
    if (leaf.field !== 'id') continue
    if (leaf.op === '$eq')
      return { kind: 'ids', ids: typeof leaf.value === 'string' ? [leaf.value] : [] }
    if (leaf.op === '$in' && Array.isArray(leaf.value)) {
      const ids = leaf.value.filter((value): value is string => typeof value === 'string')
      return { kind: 'ids', ids: [...new Set(ids)] }
    }
  }
  const field = conjuncts.find((leaf) => isNumericRange(leaf, indexed))?.field
  if (field === undefined) return ALL
  let lower: Bound | undefined
  let upper: Bound | undefined
  for (const leaf of conjuncts) {
    if (leaf.field !== field || !isNumericRange(leaf, indexed)) continue
    const value = leaf.value as number
    if (leaf.op === '$eq' || leaf.op === '$gt' || leaf.op === '$gte') {
      lower = tighter(lower, { value, exclusive: leaf.op === '$gt' }, 1)
    }
    if (leaf.op === '$eq' || leaf.op === '$lt' || leaf.op === '$lte') {
      upper = tighter(upper, { value, exclusive: leaf.op === '$lt' }, -1)
    }
  }
  return { kind: 'range', field, min: format(lower, '-inf'), max: format(upper, '+inf') }
}

/** The compare leaves that must all hold for the filter to hold. */
function flattenAnd(node: FilterNode): CompareNode[] {
  if (node.kind === 'compare') return [node]
  if (node.kind === 'and') return node.children.flatMap(flattenAnd)
  return []
}

function isNumericRange(leaf: CompareNode, indexed: ReadonlySet<string>): boolean {
  return (
    indexed.has(leaf.field) &&
    typeof leaf.value === 'number' &&
    (leaf.op === '$eq' ||
      leaf.op === '$gt' ||
      leaf.op === '$gte' ||
      leaf.op === '$lt' ||
      leaf.op === '$lte')
  )
}

/** The stricter of two bounds; `direction` 1 for lower bounds (larger is stricter), -1 for upper. */
function tighter(current: Bound | undefined, next: Bound, direction: 1 | -1): Bound {
  if (current === undefined) return next
  if (current.value === next.value) {
    return { value: current.value, exclusive: current.exclusive || next.exclusive }
  }
  return (next.value - current.value) * direction > 0 ? next : current
}

function format(bound: Bound | undefined, open: string): string {
  if (bound === undefined) return open
  return `${bound.exclusive ? '(' : ''}${String(bound.value)}`
}

/**
 * The fields of an object that get a numeric sorted-set index: fields declared `index: true`,
 * and the first field of each `indexes` entry, when they have a numeric type. Other types get
 * none: string ranges compare by code point, which sorted-set scores cannot express.
 */
export function indexedFieldsOf(object: ObjectConfig): string[] {
  const { numericFields } = querySchemaFor(object)
  const wanted = new Set<string>()
  for (const [name, field] of Object.entries(object.fields)) {
    if (field.index === true) wanted.add(name)
  }
  for (const index of object.indexes ?? []) {
    if (index.fields[0] !== undefined) wanted.add(index.fields[0])
  }
  return [...wanted].filter((name) => numericFields.has(name))
}
