import { createFieldSet, scalarSpec } from './field-set.js'
import type { FieldSet, FieldSpec } from './field-set.js'
import { isOrderable } from './filter-operand.js'
import {
  childPath,
  describeValue,
  fieldError,
  indexPath,
  isPlainObject,
  queryError,
} from './normalizer-errors.js'
import { AGGREGATE_FUNCTIONS } from './query-ast.js'
import type { AggregateFunction, AggregationNode } from './query-ast.js'

const FUNCTIONS: ReadonlySet<string> = new Set(AGGREGATE_FUNCTIONS)
const NODE_KEYS: ReadonlySet<string> = new Set(['function', 'func', 'field', 'alias', 'distinct'])
/** Aliases become result keys and SQL column aliases, so they are plain identifiers. */
const ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Normalizes `aggregations` (spec: `{ function, field?, alias, distinct? }`) and the deprecated
 * `aggregate` (`{ func, field, alias? }`). Either spelling of the function key is read in either
 * list. Lowering: names are lower-cased; a missing alias becomes `${func}_${field}` (or the
 * function name for a bare `count`), as upstream; `count` with `distinct: true` becomes
 * `count_distinct`; `distinct` is dropped on `min`/`max`, where it cannot change the result.
 *
 * @throws ObjectQLError `INVALID_QUERY` for an unknown function, a missing or unfit field,
 *   a bad or duplicate alias; `INVALID_FIELD` for an unknown field.
 */
export function normalizeAggregations(
  input: unknown,
  fields: FieldSet,
  path: string,
): AggregationNode[] {
  if (!Array.isArray(input)) {
    throw queryError(`expected an array of aggregations, got ${describeValue(input)}`, { path })
  }
  const result: AggregationNode[] = []
  const aliases = new Set<string>()
  input.forEach((item: unknown, index) => {
    const node = normalizeOne(item, fields, indexPath(path, index))
    if (aliases.has(node.alias)) {
      throw queryError(`duplicate aggregation alias '${node.alias}'`, {
        path: indexPath(path, index),
      })
    }
    aliases.add(node.alias)
    result.push(node)
  })
  return result
}

/**
 * The names `having` and an aggregate's `orderBy` may use: the group keys (with their field
 * types) and the aggregation aliases (numbers, or the field's type for `min`/`max`).
 *
 * @throws ObjectQLError `INVALID_QUERY` when an alias collides with a group key.
 */
export function resultFieldSet(
  fields: FieldSet,
  groupBy: readonly string[],
  aggregations: readonly AggregationNode[],
  path: string,
): FieldSet {
  const specs = new Map<string, FieldSpec>()
  for (const name of groupBy) {
    const spec = fields.get(name)
    if (spec !== undefined) specs.set(name, spec)
  }
  for (const node of aggregations) {
    if (specs.has(node.alias)) {
      throw queryError(`aggregation alias '${node.alias}' is also a groupBy field`, { path })
    }
    specs.set(node.alias, aliasSpec(node, fields))
  }
  return createFieldSet(fields.objectName, specs.values())
}

function normalizeOne(item: unknown, fields: FieldSet, path: string): AggregationNode {
  if (!isPlainObject(item)) {
    throw queryError(
      `an aggregation is an object { function, field, alias }, got ${describeValue(item)}`,
      { path },
    )
  }
  const unknown = Object.keys(item).filter((key) => !NODE_KEYS.has(key))
  if (unknown.length > 0) {
    throw queryError(`unknown aggregation key(s): ${unknown.join(', ')}`, { path })
  }
  if ('function' in item && 'func' in item) {
    throw queryError('give the aggregate function as `function` or `func`, not both', { path })
  }
  const written = item['function'] ?? item['func']
  const fnPath = childPath(path, 'function' in item ? 'function' : 'func')
  if (typeof written !== 'string' || !FUNCTIONS.has(written.trim().toLowerCase())) {
    throw queryError(
      `unknown aggregate function ${describeValue(written)} (use ${AGGREGATE_FUNCTIONS.join(', ')})`,
      { path: fnPath },
    )
  }
  const declared = written.trim().toLowerCase() as AggregateFunction
  const distinct = item['distinct']
  if (distinct !== undefined && typeof distinct !== 'boolean') {
    throw queryError('`distinct` takes true or false', { path: childPath(path, 'distinct') })
  }
  const fn: AggregateFunction =
    declared === 'count' && distinct === true ? 'count_distinct' : declared
  const field = aggregateField(item['field'], fn, fields, childPath(path, 'field'))
  const alias = item['alias'] ?? (field === undefined ? declared : `${declared}_${field}`)
  if (typeof alias !== 'string' || !ALIAS.test(alias)) {
    throw queryError(`an aggregation alias is an identifier, got ${describeValue(alias)}`, {
      path: childPath(path, 'alias'),
    })
  }
  const keepDistinct = distinct === true && (fn === 'sum' || fn === 'avg')
  return {
    function: fn,
    ...(field === undefined ? {} : { field }),
    alias,
    ...(keepDistinct ? { distinct: true } : {}),
  }
}

function aggregateField(
  value: unknown,
  fn: AggregateFunction,
  fields: FieldSet,
  path: string,
): string | undefined {
  if (value === undefined || value === null) {
    if (fn === 'count') return undefined
    throw queryError(`${fn} needs a field`, { path, operator: fn })
  }
  if (typeof value !== 'string' || value === '') {
    throw queryError(`an aggregation field is a field name, got ${describeValue(value)}`, { path })
  }
  const name = value === '_id' ? 'id' : value
  const spec = fields.get(name)
  if (spec === undefined) throw fieldError(value, fields.objectName, { path, field: value })
  if ((fn === 'sum' || fn === 'avg') && (spec.kind !== 'number' || spec.multiple)) {
    throw queryError(`${fn} needs a number field; '${name}' is ${spec.type}`, {
      path,
      field: name,
      operator: fn,
    })
  }
  if (fn !== 'count' && !isOrderable(spec)) {
    throw queryError(`${fn} cannot use ${spec.type} field '${name}'`, {
      path,
      field: name,
      operator: fn,
    })
  }
  return name
}

function aliasSpec(node: AggregationNode, fields: FieldSet): FieldSpec {
  if ((node.function === 'min' || node.function === 'max') && node.field !== undefined) {
    const spec = fields.get(node.field)
    if (spec !== undefined) return { ...spec, name: node.alias }
  }
  const numeric = scalarSpec(node.alias)
  return { ...numeric, kind: 'number', type: 'number' }
}
