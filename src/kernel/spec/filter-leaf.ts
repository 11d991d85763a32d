import type { FieldSpec } from './field-set.js'
import { andOf, leafOf, orOf } from './filter-combine.js'
import { checkOperand, isTextual } from './filter-operand.js'
import type { Operand } from './filter-operand.js'
import { childPath, describeValue, filterError, indexPath } from './normalizer-errors.js'
import type { ProblemLocation } from './normalizer-errors.js'
import { FILTER_OPERATORS } from './query-ast.js'
import type { FilterCondition, FilterOperator } from './query-ast.js'

const ACCEPTED: ReadonlySet<string> = new Set(FILTER_OPERATORS)

/** True for an operator accepted at the kernel's door (`$eq` ... `$exists`). */
export function isFilterOperator(op: string): op is FilterOperator {
  return ACCEPTED.has(op)
}

/**
 * Lowers one `field: { op: operand }` pair to canonical form:
 * - `$eq: null` / `$ne: null` become `$null: true` / `$null: false`;
 * - `$exists: b` becomes `$null: !b` (null and missing are the same thing everywhere);
 * - `$between: [a, b]` becomes `$and: [$gte a, $lte b]` (inclusive, as upstream);
 * - a `null` inside `$in` / `$nin` is split out into a `$null` test, so drivers never see null
 *   in a list (SQL `IN (NULL)` would otherwise silently match nothing);
 * - operands are type-checked and dates rewritten to canonical ISO strings.
 *
 * Multi-value fields (tags, multiselect, checkboxes, `multiple: true`) take `$null`/`$exists`
 * and `$contains`/`$notContains` with ONE element (list membership and its negation); json-like
 * fields take only `$null`/`$exists`. Anything else on them is rejected rather than guessed.
 *
 * @param path - where `{ op: operand }` sits in the input, e.g. `where.age`.
 * @throws ObjectQLError `INVALID_FILTER` for unknown operators and misfit operands.
 */
export function normalizeLeaf(
  spec: FieldSpec,
  op: string,
  operand: unknown,
  path: string,
): FilterCondition {
  const location: ProblemLocation = { path: childPath(path, op), field: spec.name, operator: op }
  if (!isFilterOperator(op)) {
    throw filterError(`unknown operator '${op}' on field '${spec.name}'`, location)
  }
  if (operand === undefined) throw filterError(`${op} has no value (undefined)`, location)
  const field = spec.name
  switch (op) {
    case '$null':
    case '$exists': {
      if (typeof operand !== 'boolean') {
        throw filterError(`${op} takes true or false, got ${describeValue(operand)}`, location)
      }
      return leafOf(field, '$null', op === '$null' ? operand : !operand)
    }
    case '$eq':
    case '$ne':
      if (operand === null) return leafOf(field, '$null', op === '$eq')
      requireScalarField(spec, location)
      return leafOf(field, op, checkOperand(spec, operand, location))
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      requireScalarField(spec, location)
      return leafOf(field, op, checkOperand(spec, operand, location))
    case '$between':
      return between(spec, operand, location)
    case '$in':
    case '$nin':
      return list(spec, op, operand, location)
    case '$contains':
    case '$notContains':
      // On a multi-value field (tags, multiselect, multiple lookups) `$contains` means "the
      // list holds this element" and takes one element; `$notContains` is its exact negation.
      if (spec.multiple && spec.kind !== 'structured') {
        return leafOf(field, op, checkOperand(spec, operand, location))
      }
      return text(spec, op, operand, location)
    case '$startsWith':
    case '$endsWith':
      return text(spec, op, operand, location)
  }
}

function text(
  spec: FieldSpec,
  op: '$contains' | '$notContains' | '$startsWith' | '$endsWith',
  operand: unknown,
  location: ProblemLocation,
): FilterCondition {
  if (!isTextual(spec)) {
    throw filterError(`${op} applies to text fields; '${spec.name}' is ${spec.type}`, location)
  }
  if (typeof operand !== 'string') {
    throw filterError(`${op} takes a string, got ${describeValue(operand)}`, location)
  }
  return leafOf(spec.name, op, operand)
}

function between(spec: FieldSpec, operand: unknown, location: ProblemLocation): FilterCondition {
  requireScalarField(spec, location)
  if (!Array.isArray(operand) || operand.length !== 2) {
    throw filterError(
      `$between takes a [min, max] array of two values, got ${describeValue(operand)}`,
      location,
    )
  }
  const [low, high] = operand as unknown[]
  const lowValue = checkOperand(spec, low, { ...location, path: indexPath(location.path, 0) })
  const highValue = checkOperand(spec, high, { ...location, path: indexPath(location.path, 1) })
  return andOf([leafOf(spec.name, '$gte', lowValue), leafOf(spec.name, '$lte', highValue)])
}

function list(
  spec: FieldSpec,
  op: '$in' | '$nin',
  operand: unknown,
  location: ProblemLocation,
): FilterCondition {
  if (!Array.isArray(operand)) {
    throw filterError(`${op} takes an array, got ${describeValue(operand)}`, location)
  }
  if (operand.length === 0) requireScalarField(spec, location)
  const values: Operand[] = []
  let hasNull = false
  operand.forEach((item: unknown, index) => {
    if (item === null) {
      hasNull = true
      return
    }
    requireScalarField(spec, location)
    values.push(checkOperand(spec, item, { ...location, path: indexPath(location.path, index) }))
  })
  if (!hasNull) return leafOf(spec.name, op, values)
  const nullTest = leafOf(spec.name, '$null', op === '$in')
  if (values.length === 0) return nullTest
  const listTest = leafOf(spec.name, op, values)
  // `$in [a, null]` = equals a OR is null; `$nin [a, null]` = differs from a AND is not null.
  return op === '$in' ? orOf([listTest, nullTest]) : andOf([listTest, nullTest])
}

function requireScalarField(spec: FieldSpec, location: ProblemLocation): void {
  if (spec.kind === 'structured' || spec.multiple) {
    throw filterError(
      `${spec.multiple ? 'multi-value' : spec.type} field '${spec.name}' can only be tested ` +
        `with $null / $exists (or compared with null)`,
      location,
    )
  }
}
