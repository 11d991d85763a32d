import type { FieldSet, FieldSpec } from './field-set.js'
import { andOf, notOf, orOf } from './filter-combine.js'
import { normalizeLeaf } from './filter-leaf.js'
import { parseFilterArray } from './legacy-filter-array.js'
import type { ArrayFilterHooks } from './legacy-filter-array.js'
import { legacyOperator } from './legacy-operators.js'
import {
  childPath,
  describeValue,
  fieldError,
  filterError,
  indexPath,
  isPlainObject,
} from './normalizer-errors.js'
import type { FilterCondition } from './query-ast.js'

/**
 * Normalizes any accepted filter input to canonical form (see query-ast.ts), or `undefined` for
 * "no filter" (`undefined`, `null`, `{}` or `[]` at the top). Accepts FilterCondition objects,
 * the legacy array AST (legacy-filter-array.ts) and upstream's `{ type: 'comparison' | 'logical' }`
 * nodes, mixed freely. `_id` is read as `id`.
 *
 * @param path - the input's name for error locations (`where`, `filters`, `having`, ...).
 * @throws ObjectQLError `INVALID_FILTER` (malformed, unknown operator, misfit operand) or
 *   `INVALID_FIELD` (a name outside `fields`).
 */
export function normalizeFilterInput(
  input: unknown,
  fields: FieldSet,
  path: string,
): FilterCondition | undefined {
  if (input === undefined || input === null) return undefined
  if (Array.isArray(input) && input.length === 0) return undefined
  if (isPlainObject(input) && Object.keys(input).length === 0) return undefined
  return normalizeNode(input, fields, path)
}

/** Normalizes one non-empty condition (object, array or AST node). */
function normalizeNode(input: unknown, fields: FieldSet, path: string): FilterCondition {
  if (Array.isArray(input)) return parseFilterArray(input, path, hooksFor(fields))
  if (!isPlainObject(input)) {
    throw filterError(`a filter must be an object or an array, got ${describeValue(input)}`, {
      path,
    })
  }
  if (isAstNode(input, fields)) return normalizeAstNode(input, fields, path)
  const entries = Object.entries(input)
  if (entries.length === 0) {
    throw filterError('an empty condition {} is not allowed inside a filter', { path })
  }
  return andOf(entries.map(([key, value]) => normalizeEntry(key, value, fields, path)))
}

function normalizeEntry(
  key: string,
  value: unknown,
  fields: FieldSet,
  path: string,
): FilterCondition {
  const here = childPath(path, key)
  if (key === '$and' || key === '$or') {
    if (!Array.isArray(value) || value.length === 0) {
      throw filterError(`${key} takes a non-empty array of conditions`, {
        path: here,
        operator: key,
      })
    }
    const children = value.map((child: unknown, index) =>
      normalizeNode(child, fields, indexPath(here, index)),
    )
    return key === '$and' ? andOf(children) : orOf(children)
  }
  if (key === '$not') {
    if (!isPlainObject(value)) {
      throw filterError(`$not takes one condition object, got ${describeValue(value)}`, {
        path: here,
        operator: key,
      })
    }
    return notOf(normalizeNode(value, fields, here))
  }
  if (key.startsWith('$')) {
    throw filterError(`unknown logical operator '${key}' (use $and, $or, $not)`, {
      path: here,
      operator: key,
    })
  }
  const spec = resolveField(key, fields, here)
  if (isPlainObject(value)) return normalizeOperators(spec, value, here)
  if (value === undefined) {
    throw filterError(`field '${key}' has an undefined value`, { path: here, field: key })
  }
  if (Array.isArray(value)) {
    throw filterError(`field '${key}' is compared with an array; use { $in: [...] }`, {
      path: here,
      field: key,
    })
  }
  return normalizeLeaf(spec, '$eq', value, here)
}

function normalizeOperators(
  spec: FieldSpec,
  operators: Record<string, unknown>,
  path: string,
): FilterCondition {
  const entries = Object.entries(operators)
  if (entries.length === 0) {
    throw filterError(`field '${spec.name}' has an empty operator object`, {
      path,
      field: spec.name,
    })
  }
  return andOf(
    entries.map(([op, operand]) => {
      if (!op.startsWith('$')) {
        throw filterError(
          `field '${spec.name}' mixes a nested object with operators; ` +
            `nested relation filters are not supported, use operators such as { $eq: value }`,
          { path: childPath(path, op), field: spec.name },
        )
      }
      return normalizeLeaf(spec, op, operand, path)
    }),
  )
}

/**
 * Resolves a field name (with `_id` as an alias of `id`).
 *
 * @throws ObjectQLError `INVALID_FIELD` when the object has no such field.
 */
export function resolveField(name: string, fields: FieldSet, path: string): FieldSpec {
  const resolved = name === '_id' ? 'id' : name
  const spec = fields.get(resolved)
  if (spec === undefined) throw fieldError(name, fields.objectName, { path, field: name })
  return spec
}

function hooksFor(fields: FieldSet): ArrayFilterHooks {
  return {
    child: (input, path) => normalizeNode(input, fields, path),
    leaf: (field, op, operand, path) =>
      normalizeLeaf(resolveField(field, fields, path), op, operand, path),
  }
}

const COMPARISON_KEYS: ReadonlySet<string> = new Set(['type', 'field', 'operator', 'value'])
const LOGICAL_KEYS: ReadonlySet<string> = new Set(['type', 'operator', 'conditions'])

// Upstream's memory driver also takes `{ type: 'comparison' | 'logical', ... }` nodes. A plain
// condition on fields literally named `type`/`operator` could look the same, so an object whose
// keys are all declared fields is read as a condition.
function isAstNode(input: Record<string, unknown>, fields: FieldSet): boolean {
  const keys = Object.keys(input)
  const allowed =
    input['type'] === 'comparison'
      ? COMPARISON_KEYS
      : input['type'] === 'logical'
        ? LOGICAL_KEYS
        : undefined
  if (allowed === undefined || !('operator' in input)) return false
  if (!keys.every((key) => allowed.has(key))) return false
  return !keys.every((key) => fields.names.has(key))
}

function normalizeAstNode(
  node: Record<string, unknown>,
  fields: FieldSet,
  path: string,
): FilterCondition {
  const token = node['operator']
  if (node['type'] === 'comparison') {
    const field = node['field']
    if (typeof field !== 'string') {
      throw filterError('a comparison node needs a string `field`', {
        path: childPath(path, 'field'),
      })
    }
    const operator = legacyOperator(token)
    if (operator === undefined) {
      throw filterError(`unknown operator ${describeValue(token)} in comparison node`, {
        path: childPath(path, 'operator'),
        field,
        operator: String(token),
      })
    }
    const spec = resolveField(field, fields, childPath(path, 'field'))
    const operand = operator.nullOperand ?? node['value']
    return normalizeLeaf(spec, operator.op, operand, path)
  }
  const conditions = node['conditions']
  const here = childPath(path, 'conditions')
  if (!Array.isArray(conditions) || conditions.length === 0) {
    throw filterError('a logical node needs a non-empty `conditions` array', { path: here })
  }
  const children = conditions.map((child: unknown, index) =>
    normalizeNode(child, fields, indexPath(here, index)),
  )
  const logic = typeof token === 'string' ? token.toLowerCase() : token
  if (logic === 'and') return andOf(children)
  if (logic === 'or') return orOf(children)
  const [only] = children
  if (logic === 'not' && children.length === 1 && only !== undefined) return notOf(only)
  throw filterError(
    `a logical node's operator is 'and', 'or' or 'not' (with one condition), got ${describeValue(token)}`,
    { path: childPath(path, 'operator'), operator: String(token) },
  )
}
