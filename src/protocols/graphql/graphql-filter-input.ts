import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
} from 'graphql'
import type { GraphQLInputFieldConfigMap, GraphQLInputType } from 'graphql'
import type { FilterCondition, SortNode } from '../../kernel/spec/query-ast.js'
import { GraphQLJSON } from './graphql-field-types.js'
import type { FieldShape } from './graphql-field-types.js'

/** GraphQL filter keys and the FilterCondition operators they stand for (upstream's names). */
const OPERATORS: Readonly<Record<string, string>> = {
  eq: '$eq',
  ne: '$ne',
  gt: '$gt',
  gte: '$gte',
  lt: '$lt',
  lte: '$lte',
  in: '$in',
  notIn: '$nin',
  contains: '$contains',
  notContains: '$notContains',
  startsWith: '$startsWith',
  endsWith: '$endsWith',
  isNull: '$null',
}

/** A condition no record meets: every stored record has an id. */
const NOTHING: FilterCondition = Object.freeze({ id: Object.freeze({ $null: true }) })

/** The filter input types every object's filter shares, one per value kind. */
export interface SharedFilterTypes {
  readonly string: GraphQLInputObjectType
  readonly float: GraphQLInputObjectType
  readonly boolean: GraphQLInputObjectType
  readonly temporal: GraphQLInputObjectType
  readonly scalar: GraphQLInputObjectType
  readonly stringList: GraphQLInputObjectType
  readonly floatList: GraphQLInputObjectType
  readonly json: GraphQLInputObjectType
  readonly orderDirection: GraphQLEnumType
}

function comparisons(type: GraphQLInputType, withText: boolean): GraphQLInputFieldConfigMap {
  const fields: GraphQLInputFieldConfigMap = {}
  for (const op of ['eq', 'ne', 'gt', 'gte', 'lt', 'lte']) fields[op] = { type }
  fields['in'] = { type: new GraphQLList(new GraphQLNonNull(type)) }
  fields['notIn'] = { type: new GraphQLList(new GraphQLNonNull(type)) }
  if (withText) {
    for (const op of ['contains', 'notContains', 'startsWith', 'endsWith']) fields[op] = { type }
  }
  fields['isNull'] = { type: GraphQLBoolean, description: 'true: null or missing.' }
  return fields
}

function input(name: string, description: string, fields: GraphQLInputFieldConfigMap) {
  return new GraphQLInputObjectType({ name, description, fields })
}

/** Creates the shared filter inputs (once per schema: GraphQL types belong to one schema). */
export function createSharedFilterTypes(): SharedFilterTypes {
  const isNull = { type: GraphQLBoolean, description: 'true: null or missing.' }
  return {
    string: input('StringFilter', 'Conditions on a text value.', comparisons(GraphQLString, true)),
    float: input('FloatFilter', 'Conditions on a number.', comparisons(GraphQLFloat, false)),
    boolean: input('BooleanFilter', 'Conditions on a boolean.', {
      eq: { type: GraphQLBoolean },
      ne: { type: GraphQLBoolean },
      isNull,
    }),
    temporal: input(
      'DateTimeFilter',
      'Conditions on a date, date-time or time (ISO-8601 strings, compared chronologically).',
      comparisons(GraphQLString, false),
    ),
    scalar: input('ScalarFilter', 'Conditions on a value of any scalar type.', {
      ...comparisons(GraphQLJSON, true),
    }),
    stringList: input('StringListFilter', 'Conditions on a list of text values.', {
      contains: { type: GraphQLString, description: 'The list holds this element.' },
      notContains: { type: GraphQLString, description: 'The list lacks this element.' },
      isNull,
    }),
    floatList: input('FloatListFilter', 'Conditions on a list of numbers.', {
      contains: { type: GraphQLFloat, description: 'The list holds this element.' },
      notContains: { type: GraphQLFloat, description: 'The list lacks this element.' },
      isNull,
    }),
    json: input('JSONFilter', 'Conditions on a structured value.', { isNull }),
    orderDirection: new GraphQLEnumType({
      name: 'OrderDirection',
      values: { ASC: { value: 'asc' }, DESC: { value: 'desc' } },
    }),
  }
}

/** The filter input for a field of this shape. */
export function filterTypeFor(
  shape: FieldShape,
  shared: SharedFilterTypes,
): GraphQLInputObjectType {
  if (shape.kind === 'json') return shared.json
  if (shape.multiple) return shape.kind === 'float' ? shared.floatList : shared.stringList
  switch (shape.kind) {
    case 'float':
      return shared.float
    case 'boolean':
      return shared.boolean
    case 'temporal':
      return shared.temporal
    case 'scalar':
      return shared.scalar
    case 'string':
      return shared.string
  }
}

/**
 * An object's filter input: one filter per field plus `AND`, `OR` and `NOT`. Unlike upstream,
 * field filters next to `AND`/`OR`/`NOT` are kept (all conditions of one object are ANDed).
 */
export function createObjectFilterType(
  name: string,
  fields: ReadonlyMap<string, GraphQLInputObjectType>,
): GraphQLInputObjectType {
  const type: GraphQLInputObjectType = new GraphQLInputObjectType({
    name,
    description: 'Every given condition must hold (AND).',
    fields: () => {
      const config: GraphQLInputFieldConfigMap = {
        AND: { type: new GraphQLList(new GraphQLNonNull(type)), description: 'All must hold.' },
        OR: { type: new GraphQLList(new GraphQLNonNull(type)), description: 'One must hold.' },
        NOT: { type, description: 'Must not hold.' },
      }
      for (const [field, filter] of fields) config[field] = { type: filter }
      return config
    },
  })
  return type
}

/** An object's `orderBy` item: `{ field, direction = ASC }` (upstream's shape). */
export function createOrderByType(name: string, shared: SharedFilterTypes): GraphQLInputObjectType {
  return new GraphQLInputObjectType({
    name,
    fields: {
      field: { type: new GraphQLNonNull(GraphQLString) },
      direction: { type: new GraphQLNonNull(shared.orderDirection), defaultValue: 'asc' },
    },
  })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Translates a coerced filter input to a FilterCondition; `undefined` means "every record".
 * Logic is exact rather than convenient: `AND: []` holds for every record, `OR: []` for none,
 * `NOT` of an empty filter for none. A `null` given for an optional key means "not given".
 * Operand types are checked again by the kernel's normalizer, which rejects misfits with
 * `INVALID_FILTER` (for example `eq: null` becomes `$null: true`, `in: null` is an error).
 */
export function toFilterCondition(input: unknown): FilterCondition | undefined {
  if (input === undefined || input === null) return undefined
  const condition = translate(input)
  return condition === true ? undefined : condition
}

function translate(input: unknown): FilterCondition | true {
  if (!isRecord(input)) return true
  const parts: FilterCondition[] = []
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue
    if (key === 'AND' || key === 'OR') {
      const children = (Array.isArray(value) ? value : [value]).map(translate)
      if (key === 'AND') {
        for (const child of children) if (child !== true) parts.push(child)
      } else if (children.length === 0) {
        parts.push(NOTHING)
      } else {
        const conditions = children.filter((child): child is FilterCondition => child !== true)
        // One branch that every record meets makes the whole OR hold: no constraint.
        if (conditions.length === children.length) {
          parts.push(
            conditions.length === 1 ? (conditions[0] as FilterCondition) : { $or: conditions },
          )
        }
      }
    } else if (key === 'NOT') {
      const child = translate(value)
      parts.push(child === true ? NOTHING : { $not: child })
    } else if (isRecord(value)) {
      const ops: Record<string, unknown> = {}
      for (const [op, operand] of Object.entries(value)) {
        const mapped = OPERATORS[op]
        if (mapped !== undefined && operand !== undefined) ops[mapped] = operand
      }
      if (Object.keys(ops).length > 0) parts.push({ [key]: ops })
    }
  }
  if (parts.length === 0) return true
  return parts.length === 1 ? (parts[0] as FilterCondition) : { $and: parts }
}

/** Translates `orderBy` items to the canonical sort (the kernel appends `id asc`). */
export function toOrderBy(input: unknown): SortNode[] | undefined {
  if (!Array.isArray(input) || input.length === 0) return undefined
  return input.filter(isRecord).map((item) => ({
    field: String(item['field']),
    order: item['direction'] === 'desc' ? 'desc' : 'asc',
  }))
}
