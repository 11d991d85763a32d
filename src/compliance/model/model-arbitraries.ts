import fc from 'fast-check'
import { TAG_VALUES, kindOf, textValue, valueArbitrary } from './model-record-arbitraries.js'
import type { DataRecord, FieldConfig, ObjectConfig } from '../../kernel/spec/object-config.js'
import type {
  AggregationNode,
  FilterCondition,
  QueryAST,
  SortNode,
} from '../../kernel/spec/query-ast.js'

/**
 * fast-check arbitraries for the QUERIES of property tests against the SpecModel: canonical
 * filters (every canonical operator, `$and`/`$or`/`$not` nesting), sorts ending in `id asc`,
 * pages, projections and aggregations. Filter operands are mostly drawn from the generated
 * records (model-record-arbitraries.ts), so filters select something and ties are exercised.
 */

/** The non-null values a field holds among the records (the operand pool of filters). */
function pool(records: readonly DataRecord[], field: string): unknown[] {
  return records
    .map((record) => record[field])
    .filter((value) => value !== null && value !== undefined)
}

function operand(
  field: FieldConfig | undefined,
  values: readonly unknown[],
): fc.Arbitrary<unknown> {
  const fresh = valueArbitrary(field)
  return values.length === 0
    ? fresh
    : fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...values) },
        { weight: 1, arbitrary: fresh },
      )
}

function substring(text: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return text.chain((value) => {
    const s = String(value)
    return fc
      .nat(s.length)
      .chain((start) => fc.nat(s.length - start).map((length) => s.slice(start, start + length)))
  })
}

const leafOf = (field: string, op: string, value: unknown): FilterCondition => ({
  [field]: { [op]: value },
})

function leafArbitrary(
  name: string,
  field: FieldConfig | undefined,
  records: readonly DataRecord[],
): fc.Arbitrary<FilterCondition> {
  const kind = kindOf(field)
  const nullLeaf = fc.boolean().map((value) => leafOf(name, '$null', value))
  if (kind === 'json') return nullLeaf
  if (kind === 'multiselect') {
    const elements = pool(records, name).flatMap((value) => (Array.isArray(value) ? value : []))
    const element =
      elements.length > 0
        ? fc.oneof(fc.constantFrom(...elements), fc.constantFrom(...TAG_VALUES))
        : fc.constantFrom(...TAG_VALUES)
    return fc.oneof(
      fc
        .tuple(fc.constantFrom('$contains', '$notContains'), element)
        .map(([op, v]) => leafOf(name, op, v)),
      nullLeaf,
    )
  }
  const value = operand(field, pool(records, name))
  const scalarOps = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte'] as const
  const leaves: fc.Arbitrary<FilterCondition>[] = [
    fc.tuple(fc.constantFrom(...scalarOps), value).map(([op, v]) => leafOf(name, op, v)),
    fc
      .tuple(
        fc.constantFrom('$in', '$nin'),
        // Canonical lists hold no null: the kernel lowers `$in: [a, null]` to an `$or`.
        fc.array(value, { maxLength: 3 }),
      )
      .map(([op, v]) => leafOf(name, op, v)),
    nullLeaf,
  ]
  if (kind === 'text' || kind === 'select') {
    const stringOps = ['$contains', '$notContains', '$startsWith', '$endsWith'] as const
    leaves.push(
      fc
        .tuple(fc.constantFrom(...stringOps), fc.oneof(substring(value), textValue))
        .map(([op, v]) => leafOf(name, op, v)),
    )
  }
  return fc.oneof(...leaves)
}

/** Canonical filters over the object's fields (and `id`): every operator, nested logic. */
export function filterArbitrary(
  object: ObjectConfig,
  records: readonly DataRecord[] = [],
): fc.Arbitrary<FilterCondition> {
  const names = ['id', ...Object.keys(object.fields)]
  const leaf = fc
    .constantFrom(...names)
    .chain((name) => leafArbitrary(name, object.fields[name], records))
  return fc.letrec<{ node: FilterCondition }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((children) => ({ $and: children })),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((children) => ({ $or: children })),
      tie('node').map((child) => ({ $not: child })),
    ),
  })).node
}

/** Sort keys over sortable fields, always ending with `id asc` as the kernel sends them. */
export function sortArbitrary(object: ObjectConfig): fc.Arbitrary<SortNode[]> {
  const sortable = Object.keys(object.fields).filter(
    (name) => !['json', 'multiselect'].includes(kindOf(object.fields[name])),
  )
  if (sortable.length === 0) return fc.constant([{ field: 'id', order: 'asc' }])
  const key = fc.record({
    field: fc.constantFrom(...sortable),
    order: fc.constantFrom('asc' as const, 'desc' as const),
  })
  return fc
    .uniqueArray(key, { maxLength: 3, selector: (k) => k.field })
    .map((keys) => [...keys, { field: 'id', order: 'asc' as const }])
}

/** `offset`/`limit`, each absent or up to a little past `maxRecords`. */
export function pageArbitrary(maxRecords = 12): fc.Arbitrary<Pick<QueryAST, 'offset' | 'limit'>> {
  return fc.record(
    { offset: fc.nat(maxRecords + 2), limit: fc.nat(maxRecords + 2) },
    { requiredKeys: [] },
  )
}

/** Projections: absent or a subset of the fields (always with `id`). */
export function fieldsArbitrary(object: ObjectConfig): fc.Arbitrary<string[] | undefined> {
  const names = Object.keys(object.fields)
  return fc.option(
    fc.subarray(names).map((subset) => ['id', ...subset]),
    { nil: undefined },
  )
}

/** `groupBy` + `aggregations` (+ sometimes `having` on the record count `cnt`). */
export function aggregationArbitrary(
  object: ObjectConfig,
): fc.Arbitrary<Pick<QueryAST, 'groupBy' | 'aggregations' | 'having'>> {
  const names = Object.keys(object.fields)
  const groupable = names.filter((name) => kindOf(object.fields[name]) !== 'json')
  const node = fc
    .constantFrom(...names)
    .chain((field): fc.Arbitrary<Omit<AggregationNode, 'alias'>> => {
      const kind = kindOf(object.fields[field])
      const functions: AggregationNode['function'][] = ['count', 'count_distinct']
      if (kind === 'number') functions.push('sum', 'avg')
      if (kind !== 'json' && kind !== 'multiselect') functions.push('min', 'max')
      return fc.record({
        function: fc.constantFrom(...functions),
        field: fc.constant(field),
        distinct: fc.boolean(),
      })
    })
  return fc.record({
    groupBy: fc.uniqueArray(fc.constantFrom(...(groupable.length > 0 ? groupable : ['id'])), {
      maxLength: 2,
    }),
    aggregations: fc
      .array(node, { maxLength: 4 })
      .map((nodes) => [
        { function: 'count' as const, alias: 'cnt' },
        ...nodes.map((n, i) => ({ ...n, alias: `a${i}` })),
      ]),
    having: fc.option(
      fc.oneof(
        fc.integer({ min: 1, max: 3 }).map((k): FilterCondition => ({ cnt: { $gte: k } })),
        fc.constant<FilterCondition>({ $not: { cnt: { $eq: 1 } } }),
      ),
      { nil: undefined },
    ),
  })
}
