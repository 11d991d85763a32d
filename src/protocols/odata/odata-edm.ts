import type { FieldConfig, FieldType, ObjectConfig } from '../../kernel/spec/object-config.js'

/** What a property's values are, as filters and literals see them. */
export type ODataValueKind =
  'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'time' | 'scalar' | 'untyped'

/** One structural property of an entity type. */
export interface ODataProperty {
  readonly name: string
  /** The EDM type name of one value (`Edm.String`, `Edm.Double`, ...). */
  readonly edmType: string
  readonly kind: ODataValueKind
  /** `Collection(...)`: tags, multiselect, `multiple: true`. */
  readonly collection: boolean
  readonly nullable: boolean
  readonly maxLength?: number
}

/** A navigation property: the record a lookup points to (`<field>_ref`). */
export interface ODataNavigation {
  readonly name: string
  /** The lookup field holding the id(s). */
  readonly field: string
  /** The entity set (object) it points to. */
  readonly target: string
  readonly collection: boolean
}

/** An entity type: the properties and navigation properties of one object. */
export interface ODataEntityType {
  readonly name: string
  readonly properties: ReadonlyMap<string, ODataProperty>
  readonly navigations: ReadonlyMap<string, ODataNavigation>
}

const EDM: Readonly<Partial<Record<FieldType, [string, ODataValueKind]>>> = {
  number: ['Edm.Double', 'number'],
  currency: ['Edm.Double', 'number'],
  percent: ['Edm.Double', 'number'],
  rating: ['Edm.Double', 'number'],
  slider: ['Edm.Double', 'number'],
  progress: ['Edm.Double', 'number'],
  boolean: ['Edm.Boolean', 'boolean'],
  toggle: ['Edm.Boolean', 'boolean'],
  date: ['Edm.Date', 'date'],
  datetime: ['Edm.DateTimeOffset', 'datetime'],
  time: ['Edm.TimeOfDay', 'time'],
  formula: ['Edm.Untyped', 'scalar'],
  summary: ['Edm.Untyped', 'scalar'],
}
const STRUCTURED: ReadonlySet<FieldType> = new Set([
  'image',
  'file',
  'avatar',
  'video',
  'audio',
  'location',
  'address',
  'json',
  'vector',
  'object',
  'grid',
])
const ALWAYS_MULTIPLE: ReadonlySet<FieldType> = new Set(['multiselect', 'checkboxes', 'tags'])
const SELECTS: ReadonlySet<FieldType> = new Set(['select', 'radio', 'multiselect', 'checkboxes'])
const RELATIONS: ReadonlySet<FieldType> = new Set(['lookup', 'master_detail'])

/** The suffix of navigation properties: `project` (the id) navigates as `project_ref`. */
export const NAVIGATION_SUFFIX = '_ref'

/**
 * The EDM property of a field. Types follow upstream (number/currency/percent `Edm.Double`,
 * date `Edm.Date`, datetime `Edm.DateTimeOffset`, time `Edm.TimeOfDay`, boolean `Edm.Boolean`,
 * text-like `Edm.String`); unlike upstream, json-like values are `Edm.Untyped` (OData 4.01)
 * rather than strings that would not round-trip, multi-value fields are collections, and a
 * select whose options are all numbers is `Edm.Double`.
 */
export function propertyOf(name: string, config: FieldConfig): ODataProperty {
  const collection = ALWAYS_MULTIPLE.has(config.type) || config.multiple === true
  const nullable = config.required !== true
  let entry: [string, ODataValueKind] = EDM[config.type] ?? ['Edm.String', 'string']
  if (STRUCTURED.has(config.type)) entry = ['Edm.Untyped', 'untyped']
  if (SELECTS.has(config.type)) {
    const options = config.options ?? []
    if (options.length > 0 && options.every((o) => typeof o.value === 'number')) {
      entry = ['Edm.Double', 'number']
    }
  }
  const [edmType, kind] = entry
  const maxLength = kind === 'string' && !collection ? config.maxLength : undefined
  return {
    name,
    edmType,
    kind,
    collection: collection && kind !== 'untyped',
    nullable,
    ...(maxLength === undefined ? {} : { maxLength }),
  }
}

/**
 * The entity type of an object: `id` (the key), the declared fields, `created_at` and
 * `updated_at`, and a navigation property `<field>_ref` per lookup whose target is known.
 */
export function entityTypeOf(
  object: ObjectConfig,
  isKnown: (name: string) => boolean,
): ODataEntityType {
  const properties = new Map<string, ODataProperty>()
  properties.set('id', {
    name: 'id',
    edmType: 'Edm.String',
    kind: 'string',
    collection: false,
    nullable: false,
  })
  for (const [name, config] of Object.entries(object.fields)) {
    if (name !== 'id') properties.set(name, propertyOf(name, config))
  }
  for (const name of ['created_at', 'updated_at']) {
    if (!properties.has(name)) {
      properties.set(name, {
        name,
        edmType: 'Edm.DateTimeOffset',
        kind: 'datetime',
        collection: false,
        nullable: true,
      })
    }
  }
  const navigations = new Map<string, ODataNavigation>()
  for (const [field, config] of Object.entries(object.fields)) {
    const target = config.reference ?? config.reference_to
    const name = `${field}${NAVIGATION_SUFFIX}`
    if (!RELATIONS.has(config.type) || typeof target !== 'string' || !isKnown(target)) continue
    if (properties.has(name)) continue
    const collection = config.multiple === true
    navigations.set(name, { name, field, target, collection })
  }
  return { name: object.name, properties, navigations }
}

/** The entity data model of a service: every object's entity type, by entity set name. */
export interface ODataModel {
  readonly namespace: string
  readonly objects: readonly ObjectConfig[]
  readonly types: ReadonlyMap<string, ODataEntityType>
}

/** Builds the model of `objects` (navigation properties only to objects among them). */
export function buildModel(objects: readonly ObjectConfig[], namespace: string): ODataModel {
  const names = new Set(objects.map((object) => object.name))
  const types = new Map<string, ODataEntityType>()
  for (const object of objects) {
    types.set(
      object.name,
      entityTypeOf(object, (name) => names.has(name)),
    )
  }
  return { namespace, objects, types }
}
