import type { FieldSet } from './field-set.js'
import {
  describeValue,
  fieldError,
  indexPath,
  isPlainObject,
  queryError,
} from './normalizer-errors.js'

/**
 * Reads a list of field names: an array of names (or upstream `{ field }` FieldNodes without
 * nested selection) or a comma-separated string (`'name, status'`, as REST `select=` sends).
 * `_id` is read as `id`; duplicates keep their first position.
 *
 * @throws ObjectQLError `INVALID_FIELD` for an unknown name, `INVALID_QUERY` for a bad shape.
 */
export function normalizeFieldList(input: unknown, fields: FieldSet, path: string): string[] {
  const names: { name: string; path: string }[] = []
  if (typeof input === 'string') {
    if (input.trim() !== '') {
      const parts = input.split(',')
      parts.forEach((part, index) => {
        names.push({ name: part.trim(), path: parts.length > 1 ? indexPath(path, index) : path })
      })
    }
  } else if (Array.isArray(input)) {
    input.forEach((item: unknown, index) => {
      names.push({ name: nameOf(item, indexPath(path, index)), path: indexPath(path, index) })
    })
  } else {
    throw queryError(
      `expected an array of field names or a comma-separated string, got ${describeValue(input)}`,
      { path },
    )
  }
  const result: string[] = []
  for (const { name, path: here } of names) {
    if (name === '') throw queryError('an empty field name', { path: here })
    const field = name === '_id' ? 'id' : name
    if (fields.get(field) === undefined) {
      throw fieldError(name, fields.objectName, { path: here, field: name })
    }
    if (!result.includes(field)) result.push(field)
  }
  return result
}

/**
 * The canonical projection: `undefined` for "all fields" (no list, or an empty one, as upstream
 * drivers read it), otherwise the names with `id` first, so every record stays addressable.
 */
export function normalizeProjection(
  input: unknown,
  fields: FieldSet,
  path: string,
): string[] | undefined {
  const names = normalizeFieldList(input, fields, path)
  if (names.length === 0) return undefined
  return ['id', ...names.filter((name) => name !== 'id')]
}

function nameOf(item: unknown, path: string): string {
  if (typeof item === 'string') return item.trim()
  if (isPlainObject(item) && typeof item['field'] === 'string') {
    const extra = Object.keys(item).filter((key) => key !== 'field')
    if (extra.length > 0) {
      throw queryError(
        `nested field selection (${extra.join(', ')}) is not supported; use expand for relations`,
        { path },
      )
    }
    return item['field'].trim()
  }
  throw queryError(`a field name must be a string, got ${describeValue(item)}`, { path })
}
