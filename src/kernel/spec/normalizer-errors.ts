import { ObjectQLError } from '../errors.js'

/** Where in the caller's input a problem sits; travels as the error's `details`. */
export interface ProblemLocation {
  /** Dotted path into the input, e.g. `where.$and[1].age.$gte` or `filters[2][1]`. */
  readonly path: string
  readonly field?: string
  readonly operator?: string
}

/** `INVALID_FILTER`: a malformed filter, an unknown operator or an operand of the wrong type. */
export function filterError(message: string, location: ProblemLocation): ObjectQLError {
  return new ObjectQLError('INVALID_FILTER', `${location.path}: ${message}`, {
    details: detailsOf(location),
  })
}

/** `INVALID_FIELD`: a name the object does not declare. */
export function fieldError(
  field: string,
  objectName: string,
  location: ProblemLocation,
): ObjectQLError {
  return new ObjectQLError(
    'INVALID_FIELD',
    `${location.path}: object '${objectName}' has no field '${field}'`,
    { details: { ...detailsOf(location), field, object: objectName } },
  )
}

/** `INVALID_QUERY`: a malformed query outside its filter (sort, paging, projection, ...). */
export function queryError(message: string, location: ProblemLocation): ObjectQLError {
  return new ObjectQLError('INVALID_QUERY', `${location.path}: ${message}`, {
    details: detailsOf(location),
  })
}

/** Appends an object key to a path (`where` + `age` -> `where.age`). */
export function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

/** Appends an array index to a path (`where.$and` + 1 -> `where.$and[1]`). */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`
}

/** A short, safe rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (value instanceof Date) return `Date(${String(value.getTime())})`
  if (typeof value === 'bigint') return `${value.toString()}n`
  let text: string
  try {
    // JSON.stringify gives undefined for functions and symbols.
    text = JSON.stringify(value) ?? (typeof value === 'symbol' ? value.toString() : typeof value)
  } catch {
    text = Object.prototype.toString.call(value)
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/** A plain object (`{}` literal, JSON.parse result or null-prototype object), not an array or class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function detailsOf(location: ProblemLocation): Record<string, unknown> {
  const details: Record<string, unknown> = { path: location.path }
  if (location.field !== undefined) details['field'] = location.field
  if (location.operator !== undefined) details['operator'] = location.operator
  return details
}
