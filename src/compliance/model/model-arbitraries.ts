import fc from 'fast-check'
import type { DataRecord, FieldConfig, ObjectConfig } from '../../kernel/spec/object-config.js'
import type {
  AggregationNode,
  FilterCondition,
  QueryAST,
  SortNode,
} from '../../kernel/spec/query-ast.js'

/**
 * fast-check arbitraries for property tests against the {@link SpecModel}: object configs with
 * typed fields, records valid for them, canonical filters, sorts, pages and aggregations. Data is
 * biased toward what breaks drivers: null and missing keys, `''`, emoji and combining marks,
 * `% _ \ * .` and mixed case, and small value pools so that ties and duplicates are common.
 * Filter operands are mostly drawn from the generated records, so filters select something.
 */

/** Field kinds the arbitraries generate, one per family the spec treats differently. */
export const MODEL_FIELD_TYPES = [
  'text',
  'number',
  'boolean',
  'datetime',
  'date',
  'select',
  'json',
  'multiselect',
] as const

/** Values of the select field. */
export const SELECT_VALUES = ['open', 'closed', 'Open', 'in progress'] as const

/** A fixed object with one field of every kind in {@link MODEL_FIELD_TYPES}. */
export const MODEL_OBJECT: ObjectConfig = {
  name: 'item',
  fields: {
    title: { type: 'text' },
    n: { type: 'number' },
    flag: { type: 'boolean' },
    at: { type: 'datetime' },
    day: { type: 'date' },
    kind: { type: 'select', options: SELECT_VALUES.map((value) => ({ label: value, value })) },
    meta: { type: 'json' },
    tags: { type: 'multiselect', multiple: true },
  },
}

/** Strings that catch LIKE escaping, collation, case folding and UTF-16 bugs. */
export const TRICKY_STRINGS = [
  '',
  ' ',
  'a',
  'A',
  'a ',
  'ab',
  'aB',
  'Ab',
  'b',
  'B',
  'Zebra',
  'zebra',
  '%',
  '_',
  '\\',
  '*',
  '.',
  'a%b',
  'a_b',
  '100%',
  'x.*',
  '[a]',
  '^$',
  'é',
  'e\u0301',
  '\u{1F600}',
  '\u{1F600}a',
  '\uFFFD',
  '日本',
  'ß',
  'SS',
] as const

const TAG_VALUES = ['a', 'A', 'b', 'c d', '', '\u{1F600}'] as const
const MIN_DATE = new Date('1970-01-01T00:00:00.000Z')
const MAX_DATE = new Date('2100-12-31T23:59:59.999Z')
const FIXED_INSTANTS = [
  '2024-01-01T00:00:00.000Z',
  '2024-01-01T12:30:00.000Z',
  '2023-12-31T23:59:59.999Z',
]

const FIELD_NAMES = [
  'title',
  'name',
  'Name',
  'n',
  'amount',
  'flag',
  'at',
  'due',
  'day',
  'kind',
  'status',
  'meta',
  'tags',
  'note_1',
]

type Kind = (typeof MODEL_FIELD_TYPES)[number]

function kindOf(field: FieldConfig | undefined): Kind {
  const type = field?.type ?? 'text'
  return (MODEL_FIELD_TYPES as readonly string[]).includes(type) ? (type as Kind) : 'text'
}

/** Object configs with 1-6 fields of random kinds (the object is named `item`). */
export function objectConfigArbitrary(): fc.Arbitrary<ObjectConfig> {
  return fc
    .uniqueArray(fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.constantFrom(...MODEL_FIELD_TYPES)), {
      minLength: 1,
      maxLength: 6,
      selector: ([name]) => name,
    })
    .map((entries) => ({
      name: 'item',
      fields: Object.fromEntries(entries.map(([name, kind]) => [name, fieldOfKind(kind)])),
    }))
}

function fieldOfKind(kind: Kind): FieldConfig {
  if (kind === 'select') return MODEL_OBJECT.fields['kind'] as FieldConfig
  if (kind === 'multiselect') return { type: 'multiselect', multiple: true }
  return { type: kind }
}

const textValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
)
const instant = fc
  .date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true })
  .map((d) => d.toISOString())
const datetimeValue = fc.oneof(fc.constantFrom(...FIXED_INSTANTS), instant)

/** A non-null value valid for the field. */
export function valueArbitrary(field: FieldConfig | undefined): fc.Arbitrary<unknown> {
  switch (kindOf(field)) {
    case 'number':
      return fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            0.5,
            -2.25,
            1e-7,
            Number.MAX_SAFE_INTEGER,
            -Number.MAX_SAFE_INTEGER,
          ),
        },
        {
          weight: 1,
          arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
        },
      )
    case 'boolean':
      return fc.boolean()
    case 'datetime':
      return datetimeValue
    case 'date':
      return datetimeValue.map((iso) => iso.slice(0, 10))
    case 'select':
      return fc.constantFrom(...SELECT_VALUES)
    case 'json':
      return fc.jsonValue({ maxDepth: 2 })
    case 'multiselect':
      return fc.uniqueArray(fc.constantFrom(...TAG_VALUES), { maxLength: 3 })
    case 'text':
      return textValue
  }
}

/** A record body (no id) valid for the object: any field may be null or missing. */
export function recordArbitrary(object: ObjectConfig): fc.Arbitrary<Record<string, unknown>> {
  const shape = Object.fromEntries(
    Object.entries(object.fields).map(([name, field]) => [
      name,
      fc.option(valueArbitrary(field), { nil: null, freq: 4 }),
    ]),
  )
  return fc.record(shape, { requiredKeys: [] })
}

const idArbitrary = fc.oneof(
  fc.constantFrom('a', 'B', 'b', '1', '10', '2', '\u{1F600}', 'é', 'a b', 'id-%_', 'Z'),
  fc.string({ minLength: 1, maxLength: 4 }),
)

/** 0..maxRecords records with unique ids. */
export function recordsArbitrary(
  object: ObjectConfig,
  maxRecords = 12,
): fc.Arbitrary<DataRecord[]> {
  return fc
    .uniqueArray(fc.tuple(idArbitrary, recordArbitrary(object)), {
      maxLength: maxRecords,
      selector: ([id]) => id,
    })
    .map((rows) => rows.map(([id, body]) => ({ ...body, id })))
}

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
  let value = operand(field, pool(records, name))
  // Dates are also compared with the other ISO shape (a date against a datetime and back).
  if (kind === 'datetime')
    value = fc.oneof(
      { weight: 4, arbitrary: value },
      { weight: 1, arbitrary: value.map((v) => String(v).slice(0, 10)) },
    )
  if (kind === 'date')
    value = fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: datetimeValue })
  const scalarOps = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte'] as const
  const leaves: fc.Arbitrary<FilterCondition>[] = [
    fc.tuple(fc.constantFrom(...scalarOps), value).map(([op, v]) => leafOf(name, op, v)),
    fc
      .tuple(
        fc.constantFrom('$in', '$nin'),
        fc.array(
          fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) }),
          { maxLength: 3 },
        ),
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
