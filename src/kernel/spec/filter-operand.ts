import type { FieldSpec } from './field-set.js'
import { dateToIso, isTimeOfDay, toCanonicalDate, toCanonicalDateTime } from './iso-date.js'
import { describeValue, filterError } from './normalizer-errors.js'
import type { ProblemLocation } from './normalizer-errors.js'

/** A non-null operand after checking: dates are already canonical ISO strings. */
export type Operand = string | number | boolean

/**
 * Checks that a non-null operand fits the field and returns its canonical form.
 * Nothing is coerced between types (`'5'` never matches a number field, `1` never a boolean):
 * coercion would make the same filter mean different things on different backends.
 *
 * @throws ObjectQLError `INVALID_FILTER` naming the field, operator and path.
 */
export function checkOperand(spec: FieldSpec, value: unknown, location: ProblemLocation): Operand {
  if (value === null || value === undefined) {
    throw filterError(`${location.operator ?? 'operator'} needs a non-null value`, location)
  }
  if (value instanceof Date) return dateOperand(spec, value, location)
  switch (spec.kind) {
    case 'string':
      if (typeof value === 'string') return value
      break
    case 'number':
      // -0 and 0 are the same operand; keeping -0 would make equal filters compare unequal.
      if (isFiniteNumber(value)) return value === 0 ? 0 : value
      break
    case 'boolean':
      if (typeof value === 'boolean') return value
      break
    case 'datetime':
      if (typeof value === 'string') {
        const canonical = toCanonicalDateTime(value)
        if (canonical !== undefined) return canonical
      }
      break
    case 'date':
      if (typeof value === 'string') {
        const canonical = toCanonicalDate(value)
        if (canonical !== undefined) return canonical
      }
      break
    case 'time':
      if (typeof value === 'string' && isTimeOfDay(value)) return value
      break
    case 'select':
      if (typeof value === 'string' && spec.optionTypes.has('string')) return value
      if (isFiniteNumber(value) && spec.optionTypes.has('number')) return value === 0 ? 0 : value
      break
    case 'scalar':
      if (typeof value === 'string' || typeof value === 'boolean') return value
      if (isFiniteNumber(value)) return value === 0 ? 0 : value
      break
    case 'structured':
      break
  }
  throw mismatch(spec, value, location)
}

/** True when the field's values have an order (`$gt`, `$between`, sorting). */
export function isOrderable(spec: FieldSpec): boolean {
  return spec.kind !== 'structured' && !spec.multiple
}

/** True when the string operators (`$contains`, `$startsWith`, ...) apply to the field. */
export function isTextual(spec: FieldSpec): boolean {
  if (spec.multiple) return false
  if (spec.kind === 'string' || spec.kind === 'scalar') return true
  return spec.kind === 'select' && spec.optionTypes.has('string')
}

/** What the field accepts, for messages: `a number`, `an ISO-8601 date-time string or Date`... */
export function expectedOperand(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'string':
      return 'a string'
    case 'number':
      return 'a finite number'
    case 'boolean':
      return 'a boolean'
    case 'datetime':
      return 'an ISO-8601 date-time string or a Date'
    case 'date':
      return 'a YYYY-MM-DD date string or a Date'
    case 'time':
      return 'an HH:mm[:ss[.fff]] time string'
    case 'select':
      return spec.optionTypes.size === 2
        ? 'a string or number option value'
        : `a ${[...spec.optionTypes].join('')} option value`
    case 'scalar':
      return 'a string, number or boolean'
    case 'structured':
      return 'no value (only $null / $exists apply)'
  }
}

function dateOperand(spec: FieldSpec, value: Date, location: ProblemLocation): Operand {
  const iso = dateToIso(value)
  if (iso === undefined) throw filterError('the Date operand is invalid', location)
  if (spec.kind === 'datetime' || spec.kind === 'scalar') return iso
  // A calendar date is the UTC day of the instant, matching how dates are stored (YYYY-MM-DD).
  if (spec.kind === 'date') return iso.slice(0, 10)
  throw mismatch(spec, value, location)
}

function mismatch(spec: FieldSpec, value: unknown, location: ProblemLocation) {
  return filterError(
    `${location.operator ?? 'operator'} on ${spec.type} field '${spec.name}' takes ` +
      `${expectedOperand(spec)}, got ${describeValue(value)}`,
    location,
  )
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}
