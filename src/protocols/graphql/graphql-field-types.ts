import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  GraphQLString,
  Kind,
  valueFromASTUntyped,
} from 'graphql'
import type { GraphQLInputType, GraphQLOutputType, GraphQLScalarType as ScalarType } from 'graphql'
import type { FieldConfig, FieldType } from '../../kernel/spec/object-config.js'

/**
 * Any JSON value, for json/object/file/location fields and formulas of unknown type. Values
 * pass through unchanged; a literal is read as the JSON value it spells.
 */
export const GraphQLJSON = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value (objects, arrays, strings, numbers, booleans, null).',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) =>
    ast.kind === Kind.NULL ? null : valueFromASTUntyped(ast, variables ?? undefined),
})

/** How a field's values look to GraphQL (and which filter input type applies). */
export type GraphQLValueKind = 'string' | 'float' | 'boolean' | 'temporal' | 'json' | 'scalar'

const NUMBER_TYPES: ReadonlySet<FieldType> = new Set([
  'number',
  'currency',
  'percent',
  'rating',
  'slider',
  'progress',
])
const BOOLEAN_TYPES: ReadonlySet<FieldType> = new Set(['boolean', 'toggle'])
const TEMPORAL_TYPES: ReadonlySet<FieldType> = new Set(['date', 'datetime', 'time'])
const SELECT_TYPES: ReadonlySet<FieldType> = new Set([
  'select',
  'radio',
  'multiselect',
  'checkboxes',
])
const STRUCTURED_TYPES: ReadonlySet<FieldType> = new Set([
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

/** Lookup-like fields whose values are ids of another object. */
export const RELATION_TYPES: ReadonlySet<FieldType> = new Set(['lookup', 'master_detail'])

/** The shape of one declared field as GraphQL sees it. */
export interface FieldShape {
  readonly kind: GraphQLValueKind
  /** Values are arrays (tags, multiselect, `multiple: true`). */
  readonly multiple: boolean
}

/**
 * Classifies a field the way the kernel's normalizer types its values: numbers as Float (upstream
 * maps autonumber to Int, but the kernel stores autonumbers as strings), dates as ISO strings,
 * structured values as JSON, formulas and summaries of unknown type as any scalar.
 */
export function fieldShape(config: FieldConfig): FieldShape {
  const type = config.type
  const multiple = ALWAYS_MULTIPLE.has(type) || config.multiple === true
  if (STRUCTURED_TYPES.has(type)) return { kind: 'json', multiple }
  if (NUMBER_TYPES.has(type)) return { kind: 'float', multiple }
  if (BOOLEAN_TYPES.has(type)) return { kind: 'boolean', multiple }
  if (TEMPORAL_TYPES.has(type)) return { kind: 'temporal', multiple }
  if (SELECT_TYPES.has(type)) {
    const options = config.options ?? []
    const numeric = options.length > 0 && options.every((o) => typeof o.value === 'number')
    return { kind: numeric ? 'float' : 'string', multiple }
  }
  if (type === 'formula' || type === 'summary') return { kind: 'scalar', multiple }
  return { kind: 'string', multiple }
}

function scalarOf(kind: GraphQLValueKind): ScalarType {
  switch (kind) {
    case 'float':
      return GraphQLFloat
    case 'boolean':
      return GraphQLBoolean
    case 'json':
    case 'scalar':
      return GraphQLJSON
    case 'string':
    case 'temporal':
      return GraphQLString
  }
}

/** The GraphQL type of a field's value; a list for multi-value fields (not for JSON). */
function valueType(shape: FieldShape): ScalarType | GraphQLList<ScalarType> {
  const scalar = scalarOf(shape.kind)
  return shape.multiple && shape.kind !== 'json' ? new GraphQLList(scalar) : scalar
}

/** The output type of a field: non-null when the field is required, as upstream. */
export function outputFieldType(config: FieldConfig): GraphQLOutputType {
  const type = valueType(fieldShape(config))
  return config.required === true ? new GraphQLNonNull(type) : type
}

/**
 * The input type of a field. On create a required field without a default is non-null; on
 * update every field is optional (a partial record).
 */
export function inputFieldType(config: FieldConfig, mode: 'create' | 'update'): GraphQLInputType {
  const type = valueType(fieldShape(config))
  const mandatory =
    mode === 'create' && config.required === true && config.defaultValue === undefined
  return mandatory ? new GraphQLNonNull(type) : type
}
