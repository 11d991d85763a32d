import fc from 'fast-check'
import { TAG_VALUES, TRICKY_STRINGS } from '../../compliance/model/index.js'
import { CANONICAL_OPERATORS } from '../../kernel/spec/query-ast.js'
import type { DataRecord, ObjectConfig } from '../../kernel/spec/object-config.js'
import type {
  AggregationNode,
  FilterCondition,
  FilterValue,
  QueryAST,
  SortNode,
} from '../../kernel/spec/query-ast.js'

/**
 * Queries the kernel would never send but a driver must still answer exactly (the driver can be
 * called directly): any canonical operator on any field, including json and multi-value fields,
 * with operands of any scalar type found anywhere in the data (array elements, nested json
 * values), sorts and groups on every field, and every aggregate function on every field. These
 * reach the translation paths the model arbitraries leave out (array guards, in-memory sorts and
 * aggregations, cross-type operands).
 */

/** Every non-null scalar in the values, at any depth (an operand pool). */
function scalars(values: readonly unknown[]): Exclude<FilterValue, null>[] {
  const out: Exclude<FilterValue, null>[] = []
  const visit = (value: unknown): void => {
    if (typeof value === 'string' || typeof value === 'boolean') out.push(value)
    else if (typeof value === 'number' && Number.isFinite(value)) out.push(value)
    else if (Array.isArray(value)) value.forEach(visit)
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit)
  }
  values.forEach(visit)
  return out
}

const FRESH = fc.oneof(
  fc.constantFrom(
    '',
    'a',
    'A',
    'a\n',
    '\n',
    '.',
    '2024-01-01',
    '2024-01-01T00:00:00.000Z',
    '\u{1F600}',
  ),
  fc.integer({ min: -3, max: 3 }),
  fc.boolean(),
)

function poolArbitrary(values: readonly unknown[]): fc.Arbitrary<Exclude<FilterValue, null>> {
  const pool = scalars(values)
  return pool.length === 0
    ? FRESH
    : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, FRESH)
}

/**
 * One canonical leaf: any operator on any field of `object` (and `id`), the operand mostly
 * drawn from the scalars stored in that field (array elements and nested json values included),
 * so that equalities and ranges hit.
 */
export function wideLeafArbitrary(
  object: ObjectConfig,
  records: readonly DataRecord[],
): fc.Arbitrary<FilterCondition> {
  const names = ['id', ...Object.keys(object.fields)]
  const global = poolArbitrary(records)
  return fc
    .tuple(fc.constantFrom(...names), fc.constantFrom(...CANONICAL_OPERATORS))
    .chain(([field, op]): fc.Arbitrary<FilterCondition> => {
      const local = poolArbitrary(records.map((record) => record[field]))
      const scalar = fc.oneof({ weight: 3, arbitrary: local }, global)
      const operand: fc.Arbitrary<unknown> =
        op === '$null'
          ? fc.boolean()
          : op === '$in' || op === '$nin'
            ? fc.array(fc.oneof({ weight: 4, arbitrary: scalar }, fc.constant(null)), {
                maxLength: 3,
              })
            : STRING_OPS.has(op)
              ? scalar.chain((value) => fc.oneof(fc.constant(String(value)), slice(String(value))))
              : scalar
      return operand.map((value) => ({ [field]: { [op]: value } }))
    })
}

/**
 * A piece of `text` (maybe empty), for substring operands. Cut at code points: a lone surrogate
 * is not a Unicode string, and MongoDB (UTF-8) could not even store one.
 */
export function slice(text: string): fc.Arbitrary<string> {
  const points = Array.from(text)
  return fc
    .nat(points.length)
    .chain((start) =>
      fc.nat(points.length - start).map((length) => points.slice(start, start + length).join('')),
    )
}

const STRING_OPS: ReadonlySet<string> = new Set([
  '$contains',
  '$notContains',
  '$startsWith',
  '$endsWith',
])

/** Canonical filters nesting {@link wideLeafArbitrary} leaves in `$and`/`$or`/`$not`. */
export function wideFilterArbitrary(
  object: ObjectConfig,
  records: readonly DataRecord[],
): fc.Arbitrary<FilterCondition> {
  const leaf = wideLeafArbitrary(object, records)
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

/** Sort keys over every field (json and multi-value included), ending with `id asc`. */
export function wideSortArbitrary(object: ObjectConfig): fc.Arbitrary<SortNode[]> {
  const key = fc.record({
    field: fc.constantFrom(...Object.keys(object.fields)),
    order: fc.constantFrom('asc' as const, 'desc' as const),
  })
  return fc
    .uniqueArray(key, { maxLength: 3, selector: (k) => k.field })
    .map((keys) => [...keys, { field: 'id', order: 'asc' as const }])
}

const NUMERIC_TYPES: ReadonlySet<string> = new Set(['number'])

/**
 * `groupBy` over any fields with EVERY function on every field it applies to (sum and avg on
 * numeric fields), each with and without `distinct`, plus `having` over the row names, a sort
 * by the record count, and paging: one query exercises every accumulator of the compiler.
 */
export function wideAggregationArbitrary(
  object: ObjectConfig,
  records: readonly DataRecord[],
): fc.Arbitrary<Omit<QueryAST, 'object' | 'where'>> {
  const names = Object.keys(object.fields)
  const aggregations: AggregationNode[] = [{ function: 'count', alias: 'cnt' }]
  for (const field of names) {
    const numeric = NUMERIC_TYPES.has(object.fields[field]?.type ?? '')
    const functions = ['count', 'count_distinct', 'min', 'max', ...(numeric ? ['sum', 'avg'] : [])]
    for (const fn of functions as AggregationNode['function'][]) {
      for (const distinct of [false, true]) {
        aggregations.push({
          function: fn,
          field,
          distinct,
          alias: `${fn}_${field}_${String(distinct)}`,
        })
      }
    }
  }
  return fc
    .record({
      groupBy: fc.uniqueArray(fc.constantFrom(...names), { maxLength: 2 }),
      offset: fc.option(fc.nat(4), { nil: undefined }),
      limit: fc.option(fc.nat(4), { nil: undefined }),
      desc: fc.boolean(),
    })
    .chain(({ groupBy, offset, limit, desc }) => {
      const rowFields = Object.fromEntries(
        [...groupBy, ...aggregations.map((a) => a.alias)].map((n) => [
          n,
          object.fields[n] ?? { type: 'number' as const },
        ]),
      )
      const rowRecords = records.map((record) => ({ ...record, cnt: 1 }))
      return fc.record({
        groupBy: fc.constant(groupBy),
        aggregations: fc.constant(aggregations),
        having: fc.option(wideFilterArbitrary({ name: 'row', fields: rowFields }, rowRecords), {
          nil: undefined,
          freq: 2,
        }),
        orderBy: fc.constant<SortNode[]>([{ field: 'cnt', order: desc ? 'desc' : 'asc' }]),
        ...(offset === undefined ? {} : { offset: fc.constant(offset) }),
        ...(limit === undefined ? {} : { limit: fc.constant(limit) }),
      })
    })
}

/** An object whose json field holds scalars, arrays and objects of the SAME small value pool. */
export const LOOSE_OBJECT: ObjectConfig = {
  name: 'loose',
  fields: {
    title: { type: 'text' },
    n: { type: 'number' },
    tags: { type: 'multiselect', multiple: true },
    meta: { type: 'json' },
  },
}

const looseScalar = fc.oneof(
  fc.constantFrom(...TRICKY_STRINGS, 'hello', 'ell'),
  fc.integer({ min: -2, max: 2 }),
  fc.boolean(),
)

/**
 * Records of {@link LOOSE_OBJECT}: `meta` is a scalar, an array or an object of values that
 * also appear as other records' scalars, so element-versus-whole and substring-versus-element
 * confusions show.
 */
export const looseRecordsArbitrary: fc.Arbitrary<DataRecord[]> = fc
  .uniqueArray(
    fc.record(
      {
        id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
        title: fc.option(fc.constantFrom(...TRICKY_STRINGS, 'hello')),
        n: fc.option(fc.integer({ min: -2, max: 2 })),
        tags: fc.option(fc.uniqueArray(fc.constantFrom(...TAG_VALUES), { maxLength: 3 })),
        meta: fc.option(
          fc.oneof(
            looseScalar,
            fc.array(fc.option(looseScalar), { maxLength: 3 }),
            fc.dictionary(fc.constantFrom('k', 'v'), looseScalar, { maxKeys: 2 }),
          ),
        ),
      },
      { requiredKeys: ['id'] },
    ),
    { maxLength: 8, selector: (record) => record.id },
  )
  .map((records) => records as DataRecord[])
