import { ObjectQLError } from '../errors.js'
import { CANONICAL_OPERATORS } from './query-ast.js'
import type { CanonicalOperator, FilterCondition, FilterValue } from './query-ast.js'

/**
 * A canonical `where` as a tagged tree, which is what compilers (the in-memory predicate
 * compiler, SQL, Redis, Mongo) walk. {@link toFilterNode} is strict on purpose: anything outside
 * the canonical form is an `INVALID_FILTER`, so a driver built on it can never ignore a clause.
 */
export type FilterNode = AndNode | OrNode | NotNode | CompareNode

/** All children must match. */
export interface AndNode {
  readonly kind: 'and'
  readonly children: readonly FilterNode[]
}

/** At least one child must match. */
export interface OrNode {
  readonly kind: 'or'
  readonly children: readonly FilterNode[]
}

/** The exact complement of the child (two-valued: null-safe). */
export interface NotNode {
  readonly kind: 'not'
  readonly child: FilterNode
}

/** One field compared with one operand. `$in`/`$nin` operands are arrays; `$null` is boolean. */
export interface CompareNode {
  readonly kind: 'compare'
  readonly field: string
  readonly op: CanonicalOperator
  readonly value: FilterValue | readonly FilterValue[]
}

const OPERATORS: ReadonlySet<string> = new Set(CANONICAL_OPERATORS)

/**
 * Parses a canonical `where` into a {@link FilterNode}. `undefined` or `{}` means "everything"
 * and returns `undefined`.
 *
 * @param fields - when given, a compare on a field outside this set fails with `INVALID_FIELD`.
 * @throws ObjectQLError `INVALID_FILTER` for anything that is not canonical.
 */
export function toFilterNode(
  where: FilterCondition | undefined,
  fields?: ReadonlySet<string>,
): FilterNode | undefined {
  if (where === undefined) return undefined
  if (!isPlainObject(where)) throw invalid('a filter must be an object', where)
  if (Object.keys(where).length === 0) return undefined
  return parseNode(where, fields, 'where')
}

function parseNode(
  value: unknown,
  fields: ReadonlySet<string> | undefined,
  path: string,
): FilterNode {
  if (!isPlainObject(value)) throw invalid('a filter node must be an object', value, path)
  const keys = Object.keys(value)
  if (keys.length !== 1) {
    throw invalid(`a canonical filter node has exactly one key, got ${keys.length}`, value, path)
  }
  const key = keys[0] as string
  const body = value[key]
  const here = `${path}.${key}`
  if (key === '$and' || key === '$or') {
    if (!Array.isArray(body) || body.length === 0) {
      throw invalid(`${key} takes a non-empty array`, value, here)
    }
    const children = body.map((child, index) => parseNode(child, fields, `${here}[${index}]`))
    return key === '$and' ? { kind: 'and', children } : { kind: 'or', children }
  }
  if (key === '$not') return { kind: 'not', child: parseNode(body, fields, here) }
  if (key.startsWith('$')) throw invalid(`unknown logical operator '${key}'`, value, here)
  if (fields !== undefined && !fields.has(key)) {
    throw new ObjectQLError('INVALID_FIELD', `${here}: unknown field '${key}' in filter`, {
      details: { field: key, path: here },
    })
  }
  return parseCompare(key, body, here)
}

function parseCompare(field: string, body: unknown, path: string): CompareNode {
  if (!isPlainObject(body)) {
    throw invalid(`field '${field}' needs an operator object such as { $eq: value }`, body, path)
  }
  const ops = Object.keys(body)
  if (ops.length !== 1) {
    throw invalid(
      `field '${field}' has ${ops.length} operators; canonical leaves have one`,
      body,
      path,
    )
  }
  const op = ops[0] as string
  const here = `${path}.${op}`
  if (!OPERATORS.has(op)) {
    throw invalid(`unknown operator '${op}' on field '${field}'`, body, here, field, op)
  }
  const operand = body[op]
  const canonicalOp = op as CanonicalOperator
  const fail = (message: string) => invalid(message, body, here, field, op)
  switch (canonicalOp) {
    case '$in':
    case '$nin':
      // The normalizer splits null out into `$null`; a null member is still tolerated here
      // (meaning "or null / and not null"), because compilers and audits build lists directly.
      if (
        !Array.isArray(operand) ||
        !operand.every((item) => item === null || isNonNullScalar(item))
      ) {
        throw fail(`${op} on '${field}' takes an array of scalars`)
      }
      return { kind: 'compare', field, op: canonicalOp, value: operand }
    case '$null':
      if (typeof operand !== 'boolean') throw fail(`$null on '${field}' takes a boolean`)
      return { kind: 'compare', field, op: canonicalOp, value: operand }
    case '$contains':
    case '$notContains':
    case '$startsWith':
    case '$endsWith':
      if (typeof operand !== 'string') throw fail(`${op} on '${field}' takes a string`)
      return { kind: 'compare', field, op: canonicalOp, value: operand }
    default:
      if (!isNonNullScalar(operand)) throw fail(`${op} on '${field}' takes a non-null scalar`)
      return { kind: 'compare', field, op: canonicalOp, value: operand }
  }
}

function isNonNullScalar(value: unknown): value is Exclude<FilterValue, null> {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  )
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function invalid(
  message: string,
  node: unknown,
  path = 'where',
  field?: string,
  operator?: string,
): ObjectQLError {
  const details: Record<string, unknown> = { node: safeJson(node), path }
  if (field !== undefined) details['field'] = field
  if (operator !== undefined) details['operator'] = operator
  return new ObjectQLError('INVALID_FILTER', `${path}: ${message}`, { details })
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
