import { ObjectQLError } from '../errors.js'
import type { FieldSet } from './field-set.js'
import {
  childPath,
  describeValue,
  fieldError,
  indexPath,
  isPlainObject,
  queryError,
} from './normalizer-errors.js'
import type { ObjectConfig } from './object-config.js'
import type { QueryAST } from './query-ast.js'

/** Upstream's engine expands at most three levels deep (`MAX_EXPAND_DEPTH`). */
export const DEFAULT_MAX_EXPAND_DEPTH = 3

/** What the expand normalizer needs from the query normalizer. */
export interface ExpandContext {
  readonly fields: FieldSet
  /** Depth of the query being normalized: 0 for the top-level query. */
  readonly depth: number
  readonly maxDepth: number
  /** Resolves a referenced object; `undefined` when the caller cannot (see below). */
  readonly resolveObject: ((name: string) => ObjectConfig | undefined) | undefined
  /** Normalizes a sub-query against its target object (or an open field set when unresolved). */
  readonly normalizeNested: (
    input: unknown,
    target: ObjectConfig | string,
    depth: number,
    path: string,
  ) => QueryAST
}

const RELATION_TYPES: ReadonlySet<string> = new Set(['lookup', 'master_detail'])

/**
 * Normalizes `expand` (and the 3.x engine's `populate`) to `Record<field, QueryAST>`.
 * Accepts `{ owner: { fields, where, orderBy, expand, ... } }`, `{ owner: true }` or `{ owner: {} }`,
 * a list `['owner', 'project']` or a string `'owner,project'`. Only `lookup` and `master_detail`
 * fields with a `reference` can be expanded, at most `maxDepth` levels deep.
 *
 * Each sub-query is a `find` on the referenced object. When `resolveObject` is missing the
 * sub-query is checked for shape only (its field names are checked later, when it runs) and may
 * not expand further.
 *
 * @throws ObjectQLError `INVALID_FIELD` (unknown field), `INVALID_QUERY` (not a relation, bad
 *   shape), `LIMIT_EXCEEDED` (too deep), `OBJECT_NOT_FOUND` (unresolvable target).
 */
export function normalizeExpand(
  input: unknown,
  context: ExpandContext,
  path: string,
): Record<string, QueryAST> | undefined {
  const entries = expandEntries(input, path)
  if (entries.length === 0) return undefined
  const depth = context.depth + 1
  if (depth > context.maxDepth) {
    throw new ObjectQLError(
      'LIMIT_EXCEEDED',
      `${path}: expand is nested deeper than ${context.maxDepth} levels`,
      { details: { path, maxDepth: context.maxDepth } },
    )
  }
  const result: Record<string, QueryAST> = {}
  for (const { name, value, path: here } of entries) {
    const field = name === '_id' ? 'id' : name
    if (context.fields.open) {
      throw queryError(
        `cannot expand '${name}': the object '${context.fields.objectName}' was not resolved ` +
          '(pass resolveObject to expand more than one level)',
        { path: here, field: name },
      )
    }
    const spec = context.fields.get(field)
    if (spec === undefined) {
      throw fieldError(name, context.fields.objectName, { path: here, field: name })
    }
    if (!RELATION_TYPES.has(spec.type) || spec.reference === undefined) {
      throw queryError(
        `only lookup and master_detail fields with a reference can be expanded; '${field}' is ${spec.type}`,
        { path: here, field },
      )
    }
    if (Object.hasOwn(result, field)) {
      throw queryError(`'${field}' is expanded twice`, { path: here, field })
    }
    let target: ObjectConfig | string = spec.reference
    if (context.resolveObject !== undefined) {
      const resolved = context.resolveObject(spec.reference)
      if (resolved === undefined) {
        throw new ObjectQLError(
          'OBJECT_NOT_FOUND',
          `${here}: '${field}' references object '${spec.reference}', which is not registered`,
          { details: { path: here, field, object: spec.reference } },
        )
      }
      target = resolved
    }
    result[field] = context.normalizeNested(value === true ? {} : value, target, depth, here)
  }
  return result
}

function expandEntries(
  input: unknown,
  path: string,
): { name: string; value: unknown; path: string }[] {
  if (typeof input === 'string') {
    if (input.trim() === '') return []
    const parts = input.split(',')
    return parts.map((part, index) => ({
      name: checkedName(part.trim(), parts.length > 1 ? indexPath(path, index) : path),
      value: {},
      path: parts.length > 1 ? indexPath(path, index) : path,
    }))
  }
  if (Array.isArray(input)) {
    return input.map((item: unknown, index) => {
      const here = indexPath(path, index)
      if (typeof item !== 'string') {
        throw queryError(`an expand list holds field names, got ${describeValue(item)}`, {
          path: here,
        })
      }
      return { name: checkedName(item.trim(), here), value: {}, path: here }
    })
  }
  if (isPlainObject(input)) {
    return Object.entries(input).map(([name, value]) => {
      const here = childPath(path, name)
      if (value !== true && !isPlainObject(value)) {
        throw queryError(
          `expand.${name} takes a sub-query object or true, got ${describeValue(value)}`,
          { path: here, field: name },
        )
      }
      return { name, value, path: here }
    })
  }
  throw queryError(
    `expand takes an object, a list of field names or a comma-separated string, got ${describeValue(input)}`,
    { path },
  )
}

function checkedName(name: string, path: string): string {
  if (name === '') throw queryError('an empty field name in expand', { path })
  return name
}
