import type { FieldConfig, ObjectConfig } from '../../kernel/spec/object-config.js'

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as a plain object. */
export type JsonSchema = Record<string, unknown>

/** Which body a schema describes: a stored record, a create (POST), a replace (PUT), a patch. */
export type SchemaMode = 'record' | 'create' | 'replace' | 'patch'

// Mirrors the kernel's stored shapes (src/kernel/validation/field-value-check.ts), so what the
// document promises and what the kernel accepts agree; the schema may only be stricter (dates
// must be RFC 3339 with a zone).
const STRING_TYPES = new Set([
  'text',
  'textarea',
  'email',
  'url',
  'phone',
  'password',
  'markdown',
  'html',
  'richtext',
  'code',
  'color',
  'signature',
  'qrcode',
])
const NUMBER_TYPES = new Set(['number', 'currency', 'percent', 'rating', 'slider', 'progress'])
const SELECT_TYPES = new Set(['select', 'radio'])
const MULTI_TYPES = new Set(['multiselect', 'checkboxes', 'tags'])
const LOOKUP_TYPES = new Set(['lookup', 'master_detail', 'tree'])
const TIME_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?$'
const SYSTEM_FIELDS = ['id', 'created_at', 'updated_at'] as const

function describe(field: FieldConfig, schema: JsonSchema): JsonSchema {
  const described: JsonSchema = { ...schema }
  const title = field.label
  if (typeof title === 'string' && title !== '') described['title'] = title
  if (typeof field.description === 'string') described['description'] = field.description
  return described
}

function optionSchema(field: FieldConfig): JsonSchema {
  const values = (field.options ?? []).map((option) => option.value)
  return values.length > 0 ? { enum: values } : { type: ['string', 'number'] }
}

function stringSchema(field: FieldConfig, required: boolean): JsonSchema {
  const schema: JsonSchema = { type: 'string' }
  // A required field rejects '' (the kernel counts it as empty), hence at least one character.
  const minLength = Math.max(field.minLength ?? 0, required ? 1 : 0)
  if (minLength > 0) schema['minLength'] = minLength
  if (field.maxLength !== undefined) schema['maxLength'] = field.maxLength
  if (field.pattern !== undefined) schema['pattern'] = field.pattern
  if (field.type === 'email') schema['format'] = 'email'
  if (field.type === 'url') schema['format'] = 'uri'
  return schema
}

function scalarSchema(field: FieldConfig, required: boolean): JsonSchema {
  const type = field.type
  if (STRING_TYPES.has(type)) return stringSchema(field, required)
  if (NUMBER_TYPES.has(type)) {
    const schema: JsonSchema = { type: 'number' }
    if (field.min !== undefined) schema['minimum'] = field.min
    if (field.max !== undefined) schema['maximum'] = field.max
    return schema
  }
  if (type === 'boolean' || type === 'toggle') return { type: 'boolean' }
  if (type === 'date') return { type: 'string', format: 'date' }
  if (type === 'datetime') return { type: 'string', format: 'date-time' }
  if (type === 'time') return { type: 'string', pattern: TIME_PATTERN }
  if (SELECT_TYPES.has(type)) return optionSchema(field)
  if (LOOKUP_TYPES.has(type)) return { type: 'string', minLength: 1, description: 'record id' }
  if (type === 'autonumber') return { type: ['string', 'number'] }
  if (type === 'vector') return { type: 'array', items: { type: 'number' } }
  // json, object, grid, media, location, address, formula, summary: any JSON value.
  return {}
}

function arraySchema(items: JsonSchema, field: FieldConfig, required: boolean): JsonSchema {
  const schema: JsonSchema = { type: 'array', items }
  const minItems = Math.max(field.minLength ?? 0, required ? 1 : 0)
  if (minItems > 0) schema['minItems'] = minItems
  if (field.maxLength !== undefined) schema['maxItems'] = field.maxLength
  return schema
}

function isJsonLike(field: FieldConfig): boolean {
  return Object.keys(scalarSchema(field, false)).length === 0
}

/**
 * The JSON Schema of one field's value. `required` (a create or replace of a required field)
 * makes the value non-null and non-empty, as the kernel's `required` rule does; otherwise
 * `null` is accepted and means "no value".
 */
export function fieldSchema(field: FieldConfig, required: boolean): JsonSchema {
  let schema: JsonSchema
  if (MULTI_TYPES.has(field.type)) {
    const items = SELECT_TYPES.has(field.type) || field.options ? optionSchema(field) : {}
    schema = arraySchema(
      Object.keys(items).length > 0 ? items : { type: ['string', 'number'] },
      field,
      required,
    )
  } else if (field.multiple === true && !isJsonLike(field)) {
    schema = arraySchema(scalarSchema(field, false), field, required)
  } else {
    schema = scalarSchema(field, required)
  }
  if (!required && Object.keys(schema).length > 0) schema = { anyOf: [schema, { type: 'null' }] }
  return describe(field, schema)
}

function isRequiredIn(mode: SchemaMode, field: FieldConfig): boolean {
  if (field.required !== true) return false
  if (mode === 'replace') return true
  // On create the kernel fills a missing value from defaultValue, so the client may omit it.
  return mode === 'create' && (field.defaultValue === undefined || field.defaultValue === null)
}

/**
 * The JSON Schema of an object's records (`record`, what the server returns) or of a write body
 * (`create`, `replace`, `patch`). Write bodies reject undeclared fields
 * (`additionalProperties: false`), as the kernel does with `INVALID_FIELD`.
 */
export function objectSchema(object: ObjectConfig, mode: SchemaMode): JsonSchema {
  const properties: Record<string, JsonSchema> = {}
  const required: string[] = []
  for (const [name, field] of Object.entries(object.fields)) {
    if (SYSTEM_FIELDS.includes(name as (typeof SYSTEM_FIELDS)[number])) continue
    const isRequired = isRequiredIn(mode, field)
    properties[name] = fieldSchema(field, mode === 'record' ? false : isRequired)
    if (isRequired) required.push(name)
  }
  const system: Record<string, JsonSchema> = {
    id: { type: 'string', minLength: 1, description: 'record id' },
    created_at: { type: 'string', format: 'date-time', readOnly: true },
    updated_at: { type: 'string', format: 'date-time', readOnly: true },
  }
  const schema: JsonSchema = {
    type: 'object',
    properties: { ...system, ...properties },
  }
  if (mode === 'record') {
    schema['required'] = ['id']
  } else {
    if (required.length > 0) schema['required'] = required
    schema['additionalProperties'] = false
  }
  const title = object.label ?? object.name
  schema['title'] = mode === 'record' ? title : `${title} (${mode})`
  return schema
}
