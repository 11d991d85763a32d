/**
 * Object metadata: what `*.object.yml` files declare. Field types and attributes follow upstream
 * ObjectQL (`@objectstack/spec` FieldType plus objectql's runtime `object` and `grid`).
 * The zod schemas in `object-config-schema.ts` validate these shapes at the kernel's door.
 */

/** Every upstream field type, grouped as upstream groups them. */
export const FIELD_TYPES = [
  // text
  'text',
  'textarea',
  'email',
  'url',
  'phone',
  'password',
  // rich text
  'markdown',
  'html',
  'richtext',
  // numbers
  'number',
  'currency',
  'percent',
  // time
  'date',
  'datetime',
  'time',
  // logic
  'boolean',
  'toggle',
  // selection
  'select',
  'multiselect',
  'radio',
  'checkboxes',
  // relations
  'lookup',
  'master_detail',
  'tree',
  // media
  'image',
  'file',
  'avatar',
  'video',
  'audio',
  // calculated
  'formula',
  'summary',
  'autonumber',
  // other
  'location',
  'address',
  'code',
  'json',
  'color',
  'rating',
  'slider',
  'signature',
  'qrcode',
  'progress',
  'tags',
  'vector',
  // objectql runtime additions
  'object',
  'grid',
] as const

/** A field type name. */
export type FieldType = (typeof FIELD_TYPES)[number]

/** One option of a select-like field. */
export interface FieldOption {
  readonly label: string
  readonly value: string | number
  readonly color?: string
  readonly default?: boolean
}

/** A field declaration. `name` and `label` are filled from the record key by the loader. */
export interface FieldConfig {
  readonly type: FieldType
  readonly name?: string
  readonly label?: string
  readonly description?: string
  readonly required?: boolean
  readonly unique?: boolean
  readonly multiple?: boolean
  readonly readonly?: boolean
  readonly hidden?: boolean
  readonly index?: boolean
  readonly defaultValue?: unknown
  readonly min?: number
  readonly max?: number
  readonly minLength?: number
  readonly maxLength?: number
  readonly pattern?: string
  readonly precision?: number
  readonly scale?: number
  readonly options?: readonly FieldOption[]
  /** Target object of a lookup / master_detail field. */
  readonly reference?: string
  /** Deprecated upstream alias of {@link FieldConfig.reference}; the loader copies it over. */
  readonly reference_to?: string
  readonly expression?: string
  readonly [extra: string]: unknown
}

/** An index over one or more fields. */
export interface IndexConfig {
  readonly name?: string
  readonly fields: readonly string[]
  readonly unique?: boolean
  /** Index method (spec `IndexSchema.type`); drivers without that method use their default. */
  readonly type?: 'btree' | 'hash' | 'gin' | 'gist' | 'fulltext'
}

/** An action parameter is declared like a field. */
export interface ActionConfig {
  readonly label?: string
  readonly description?: string
  readonly type?: 'record' | 'global'
  readonly params?: Readonly<Record<string, FieldConfig>>
  readonly [extra: string]: unknown
}

/** An object declaration: its fields, indexes and the datasource (driver) that stores it. */
export interface ObjectConfig {
  /** snake_case name, unique in the kernel. */
  readonly name: string
  readonly label?: string
  readonly pluralLabel?: string
  readonly description?: string
  readonly icon?: string
  /** Which driver stores the object; defaults to `default`. */
  readonly datasource?: string
  readonly tableName?: string
  readonly fields: Readonly<Record<string, FieldConfig>>
  /** Upstream accepts a map (objectql) or an array (spec); the loader normalizes to an array. */
  readonly indexes?: readonly IndexConfig[]
  readonly actions?: Readonly<Record<string, ActionConfig>>
  readonly [extra: string]: unknown
}

/** The fields every stored record has, whether declared or not. */
export const SYSTEM_FIELDS = ['id', 'created_at', 'updated_at'] as const

/** A stored record. Ids are strings. */
export type DataRecord = Record<string, unknown> & { id: string }

/** A record before it is stored: the id may be missing and is generated then. */
export type RecordInput = Record<string, unknown> & { id?: string }
