import fc from 'fast-check'
import type { DataRecord, FieldConfig, ObjectConfig } from '../../kernel/spec/object-config.js'

/**
 * fast-check arbitraries for the DATA of property tests against the SpecModel: object configs
 * with typed fields and records valid for them. Data is biased toward what breaks drivers: null
 * and missing keys, `''`, emoji and combining marks, `% _ \ * .` and mixed case, and small value
 * pools so that ties and duplicates are common. Queries over the data: model-arbitraries.ts.
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

/** Values of multi-value fields. */
export const TAG_VALUES = ['a', 'A', 'b', 'c d', '', '\u{1F600}'] as const
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
  'full_name',
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

/** A field kind the arbitraries know. */
export type ModelFieldKind = (typeof MODEL_FIELD_TYPES)[number]

/** The kind of a field (anything unknown, and `id`, counts as text). */
export function kindOf(field: FieldConfig | undefined): ModelFieldKind {
  const type = field?.type ?? 'text'
  return (MODEL_FIELD_TYPES as readonly string[]).includes(type) ? (type as ModelFieldKind) : 'text'
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

function fieldOfKind(kind: ModelFieldKind): FieldConfig {
  if (kind === 'select') return MODEL_OBJECT.fields['kind'] as FieldConfig
  if (kind === 'multiselect') return { type: 'multiselect', multiple: true }
  return { type: kind }
}

/** Text values, mostly from {@link TRICKY_STRINGS}. */
export const textValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
)
const instant = fc
  .date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true })
  .map((d) => d.toISOString())
/** ISO-8601 UTC datetimes, often equal to each other. */
export const datetimeValue = fc.oneof(fc.constantFrom(...FIXED_INSTANTS), instant)

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
