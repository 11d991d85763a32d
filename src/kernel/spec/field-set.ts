import { SYSTEM_FIELDS } from './object-config.js'
import type { FieldConfig, FieldType, ObjectConfig } from './object-config.js'

/**
 * What a filter or sort may do with a field, derived once from its declared type:
 * - `string`, `number`, `boolean`, `datetime`, `date`, `time`: one scalar type;
 * - `select`: the scalar types of its options (string and/or number);
 * - `scalar`: any string, number or boolean (formulas and summaries without a declared result type);
 * - `structured`: json, objects, files, locations... only `$null`/`$exists` apply.
 */
export type ValueKind =
  | 'string'
  | 'number'
  | 'boolean'
  | 'datetime'
  | 'date'
  | 'time'
  | 'select'
  | 'scalar'
  | 'structured'

/** One queryable name: a declared field, a system field, or (in `having`) a group key or alias. */
export interface FieldSpec {
  readonly name: string
  readonly kind: ValueKind
  /** Multi-value fields hold arrays; only `$null`/`$exists` apply to them. */
  readonly multiple: boolean
  /** For `select`: the scalar types its options use (both when it declares none). */
  readonly optionTypes: ReadonlySet<'string' | 'number'>
  /** The declared type; system fields report theirs (`text` for id, `datetime` for stamps). */
  readonly type: FieldType
  /** Target object of a lookup / master_detail field (`reference ?? reference_to`). */
  readonly reference?: string
}

/** The names a query may use on one object. */
export interface FieldSet {
  readonly objectName: string
  /**
   * An open set accepts any name as a `scalar` field. It is used only for expand sub-queries when
   * the caller cannot resolve the target object; the driver's own field check still applies.
   */
  readonly open: boolean
  readonly names: ReadonlySet<string>
  get(name: string): FieldSpec | undefined
}

const KIND_BY_TYPE: Readonly<Record<FieldType, ValueKind>> = {
  text: 'string',
  textarea: 'string',
  email: 'string',
  url: 'string',
  phone: 'string',
  password: 'string',
  markdown: 'string',
  html: 'string',
  richtext: 'string',
  code: 'string',
  color: 'string',
  signature: 'string',
  qrcode: 'string',
  autonumber: 'string',
  lookup: 'string',
  master_detail: 'string',
  tree: 'string',
  tags: 'string',
  number: 'number',
  currency: 'number',
  percent: 'number',
  rating: 'number',
  slider: 'number',
  progress: 'number',
  boolean: 'boolean',
  toggle: 'boolean',
  date: 'date',
  datetime: 'datetime',
  time: 'time',
  select: 'select',
  radio: 'select',
  multiselect: 'select',
  checkboxes: 'select',
  formula: 'scalar',
  summary: 'scalar',
  image: 'structured',
  file: 'structured',
  avatar: 'structured',
  video: 'structured',
  audio: 'structured',
  location: 'structured',
  address: 'structured',
  json: 'structured',
  vector: 'structured',
  object: 'structured',
  grid: 'structured',
}

/** Types whose values are always arrays, whatever `multiple` says. */
const ALWAYS_MULTIPLE: ReadonlySet<FieldType> = new Set(['multiselect', 'checkboxes', 'tags'])

const BOTH_OPTION_TYPES: ReadonlySet<'string' | 'number'> = new Set(['string', 'number'])
const NO_OPTION_TYPES: ReadonlySet<'string' | 'number'> = new Set()

const cache = new WeakMap<ObjectConfig, FieldSet>()

/**
 * The field set of an object: its declared fields plus `id`, `created_at` and `updated_at`.
 * Cached per frozen ObjectConfig (a frozen config cannot change under the cache).
 */
export function fieldSetOf(object: ObjectConfig): FieldSet {
  const cached = cache.get(object)
  if (cached !== undefined) return cached
  const specs = new Map<string, FieldSpec>()
  for (const name of SYSTEM_FIELDS) specs.set(name, systemSpec(name))
  for (const [name, config] of Object.entries(object.fields)) specs.set(name, specOf(name, config))
  const set = createFieldSet(object.name, specs.values())
  if (Object.isFrozen(object) && Object.isFrozen(object.fields)) cache.set(object, set)
  return set
}

/** A closed field set over explicit specs (used for `having`, which sees groups and aliases). */
export function createFieldSet(objectName: string, specs: Iterable<FieldSpec>): FieldSet {
  const map = new Map<string, FieldSpec>()
  for (const spec of specs) map.set(spec.name, spec)
  const names: ReadonlySet<string> = new Set(map.keys())
  return { objectName, open: false, names, get: (name) => map.get(name) }
}

/** An open field set: every name is accepted as a `scalar` field (see {@link FieldSet.open}). */
export function openFieldSet(objectName: string): FieldSet {
  const names: ReadonlySet<string> = new Set()
  return {
    objectName,
    open: true,
    names,
    get: (name) => (name === 'id' ? systemSpec('id') : scalarSpec(name)),
  }
}

/** The spec of one declared field. */
export function specOf(name: string, config: FieldConfig): FieldSpec {
  const type = config.type
  let kind = KIND_BY_TYPE[type] ?? 'structured'
  if (type === 'formula') kind = formulaKind(config)
  if (type === 'summary') kind = summaryKind(config)
  const multiple = ALWAYS_MULTIPLE.has(type) || config.multiple === true
  const reference = config.reference ?? config.reference_to
  return {
    name,
    kind,
    multiple,
    optionTypes: kind === 'select' ? optionTypesOf(config) : NO_OPTION_TYPES,
    type,
    ...(typeof reference === 'string' ? { reference } : {}),
  }
}

/** A spec for a name whose values may be any scalar. */
export function scalarSpec(name: string): FieldSpec {
  return { name, kind: 'scalar', multiple: false, optionTypes: NO_OPTION_TYPES, type: 'formula' }
}

function systemSpec(name: (typeof SYSTEM_FIELDS)[number]): FieldSpec {
  return name === 'id'
    ? { name, kind: 'string', multiple: false, optionTypes: NO_OPTION_TYPES, type: 'text' }
    : { name, kind: 'datetime', multiple: false, optionTypes: NO_OPTION_TYPES, type: 'datetime' }
}

function optionTypesOf(config: FieldConfig): ReadonlySet<'string' | 'number'> {
  const options = config.options ?? []
  if (options.length === 0) return BOTH_OPTION_TYPES
  const types = new Set<'string' | 'number'>()
  for (const option of options) types.add(typeof option.value === 'number' ? 'number' : 'string')
  return types
}

// Upstream formulas may declare their result type as `data_type`; without it any scalar fits.
function formulaKind(config: FieldConfig): ValueKind {
  const declared = config['data_type'] ?? config['dataType']
  if (typeof declared !== 'string') return 'scalar'
  const kind: ValueKind | undefined = (KIND_BY_TYPE as Record<string, ValueKind | undefined>)[
    declared
  ]
  return kind === undefined || kind === 'select' || kind === 'structured' ? 'scalar' : kind
}

// count/sum/avg summaries are numbers; min/max keep the summarized field's (unknown) type.
function summaryKind(config: FieldConfig): ValueKind {
  const operations = config['summaryOperations']
  const nested =
    typeof operations === 'object' && operations !== null
      ? (operations as Record<string, unknown>)['function']
      : undefined
  const fn = config['summary_type'] ?? nested
  return fn === 'count' || fn === 'sum' || fn === 'avg' ? 'number' : 'scalar'
}
