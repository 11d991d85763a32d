import { ObjectQLError } from '../../kernel/errors.js'
import type { ODataBinaryOperator } from './odata-filter-parser.js'

/** A constant of an OData expression (a literal, or what literals fold to). */
export type ODataValue =
  | { readonly type: 'null'; readonly value: null }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'int' | 'decimal' | 'double'; readonly value: number }
  | { readonly type: 'string' | 'guid' | 'date' | 'datetime' | 'time'; readonly value: string }

/** An `INVALID_FILTER` (400) for a well-formed expression that means nothing (types misfit). */
export function badFilter(message: string, option = '$filter'): ObjectQLError {
  return new ObjectQLError('INVALID_FILTER', `${option}: ${message}`, { details: { option } })
}

/** A `NOT_SUPPORTED` (501) for a construct this service cannot evaluate exactly. */
export function notImplemented(message: string, option = '$filter'): ObjectQLError {
  return new ObjectQLError('NOT_SUPPORTED', `${option}: ${message} is not supported`, {
    details: { option, construct: message },
  })
}

const NULL: ODataValue = { type: 'null', value: null }

/** Milliseconds since the epoch of a date or date-time literal (`undefined` if impossible). */
export function instantOf(value: ODataValue): number | undefined {
  if (value.type === 'date') return Date.parse(`${value.value}T00:00:00Z`)
  if (value.type === 'datetime') return Date.parse(value.value)
  return undefined
}

/** Checks that a date, date-time or time literal names a real moment. @throws 400 */
export function checkTemporal(value: ODataValue, option: string): ODataValue {
  if (value.type === 'date' || value.type === 'datetime') {
    const ms = instantOf(value)
    const day = value.value.slice(0, 10)
    if (
      ms === undefined ||
      Number.isNaN(ms) ||
      new Date(Date.parse(`${day}T00:00:00Z`)).toISOString().slice(0, 10) !== day
    ) {
      throw badFilter(`'${value.value}' is not a valid ${value.type}`, option)
    }
  }
  if (value.type === 'time' && !/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$/.test(value.value)) {
    throw badFilter(`'${value.value}' is not a valid time of day`, option)
  }
  return value
}

function isNumeric(value: ODataValue): value is Extract<ODataValue, { value: number }> {
  return value.type === 'int' || value.type === 'decimal' || value.type === 'double'
}

function number(value: number, a: ODataValue, b: ODataValue): ODataValue {
  const type =
    a.type === 'double' || b.type === 'double'
      ? 'double'
      : a.type === 'decimal' || b.type === 'decimal'
        ? 'decimal'
        : 'int'
  return { type, value }
}

/** Folds arithmetic on two constants (`add sub mul div divby mod`); null propagates. */
export function foldArithmetic(
  op: ODataBinaryOperator,
  a: ODataValue,
  b: ODataValue,
  option: string,
): ODataValue {
  if (a.type === 'null' || b.type === 'null') return NULL
  if (!isNumeric(a) || !isNumeric(b)) {
    throw notImplemented(`'${op}' on ${a.type} and ${b.type} values`, option)
  }
  const x = a.value
  const y = b.value
  const integers = a.type === 'int' && b.type === 'int'
  switch (op) {
    case 'add':
      return number(x + y, a, b)
    case 'sub':
      return number(x - y, a, b)
    case 'mul':
      return number(x * y, a, b)
    case 'div':
      if (integers) {
        if (y === 0) throw badFilter('integer division by zero', option)
        return { type: 'int', value: Math.trunc(x / y) }
      }
      return number(x / y, a, b)
    case 'divby':
      return {
        type: a.type === 'double' || b.type === 'double' ? 'double' : 'decimal',
        value: x / y,
      }
    case 'mod':
      if (integers && y === 0) throw badFilter('integer modulo by zero', option)
      return number(x % y, a, b)
    default:
      throw badFilter(`'${op}' is not an arithmetic operator`, option)
  }
}

function comparable(
  a: ODataValue,
  b: ODataValue,
): [number | string | boolean, number | string | boolean] | undefined {
  if (isNumeric(a) && isNumeric(b)) return [a.value, b.value]
  const ta = instantOf(a)
  const tb = instantOf(b)
  if (ta !== undefined && tb !== undefined && a.type === b.type) return [ta, tb]
  const texts = new Set(['string', 'guid'])
  if (texts.has(a.type) && texts.has(b.type)) return [String(a.value), String(b.value)]
  if (a.type === b.type && (a.type === 'time' || a.type === 'boolean'))
    return [a.value, b.value as string | boolean]
  return undefined
}

/**
 * Compares two constants with OData's null rules: `null eq null` is true, null against a value is
 * unequal, and an ordering comparison with null is false. Strings compare by code point.
 */
export function compareConstants(
  op: ODataBinaryOperator,
  a: ODataValue,
  b: ODataValue,
  option: string,
): boolean {
  if (a.type === 'null' || b.type === 'null') {
    if (op === 'eq') return a.type === b.type
    if (op === 'ne') return a.type !== b.type
    return false
  }
  const pair = comparable(a, b)
  if (pair === undefined) throw badFilter(`cannot compare ${a.type} with ${b.type}`, option)
  const [x, y] = pair
  const order =
    typeof x === 'string' && typeof y === 'string'
      ? codePointOrder(x, y)
      : x < y
        ? -1
        : x > y
          ? 1
          : 0
  switch (op) {
    case 'eq':
      return order === 0
    case 'ne':
      return order !== 0
    case 'gt':
      return order > 0
    case 'ge':
      return order >= 0
    case 'lt':
      return order < 0
    case 'le':
      return order <= 0
    default:
      throw badFilter(`'${op}' is not a comparison`, option)
  }
}

function codePointOrder(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0)
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1
}

function text(value: ODataValue, name: string, option: string): string {
  if (value.type !== 'string') throw badFilter(`${name}() takes strings, got ${value.type}`, option)
  return value.value
}

function int(value: ODataValue, name: string, option: string): number {
  if (value.type !== 'int') throw badFilter(`${name}() takes an integer, got ${value.type}`, option)
  return value.value
}

const PARTS = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/

const str = (value: string): ODataValue => ({ type: 'string', value })
const whole = (value: number): ODataValue => ({ type: 'int', value })

/**
 * Evaluates a canonical function whose arguments are all constants (`tolower('A')`,
 * `year(2024-05-01)`, `now()`...). Any null argument makes the result null, as OData's
 * canonical functions do. @throws 400 for wrong argument types, 501 for functions this service
 * does not evaluate.
 */
export function evaluateFunction(
  name: string,
  args: readonly ODataValue[],
  now: Date,
  option: string,
): ODataValue {
  if (args.some((arg) => arg.type === 'null')) return NULL
  const [a, b, c] = args
  const arity = (n: number, m = n) => {
    if (args.length < n || args.length > m)
      throw badFilter(`${name}() takes ${n === m ? n : `${n} to ${m}`} arguments`, option)
  }
  switch (name) {
    case 'contains':
    case 'startswith':
    case 'endswith': {
      arity(2)
      const [s, t] = [text(a as ODataValue, name, option), text(b as ODataValue, name, option)]
      const result =
        name === 'contains'
          ? s.includes(t)
          : name === 'startswith'
            ? s.startsWith(t)
            : s.endsWith(t)
      return { type: 'boolean', value: result }
    }
    case 'length':
      arity(1)
      return whole([...text(a as ODataValue, name, option)].length)
    case 'indexof': {
      arity(2)
      const chars = [...text(a as ODataValue, name, option)]
      const needle = text(b as ODataValue, name, option)
      const index = chars.join('').indexOf(needle)
      return whole(index < 0 ? -1 : [...chars.join('').slice(0, index)].length)
    }
    case 'substring': {
      arity(2, 3)
      const chars = [...text(a as ODataValue, name, option)]
      const start = Math.max(0, int(b as ODataValue, name, option))
      const end = c === undefined ? chars.length : start + Math.max(0, int(c, name, option))
      return str(chars.slice(start, end).join(''))
    }
    case 'tolower':
      arity(1)
      return str(text(a as ODataValue, name, option).toLowerCase())
    case 'toupper':
      arity(1)
      return str(text(a as ODataValue, name, option).toUpperCase())
    case 'trim':
      arity(1)
      return str(text(a as ODataValue, name, option).trim())
    case 'concat':
      arity(2)
      return str(text(a as ODataValue, name, option) + text(b as ODataValue, name, option))
    case 'round':
    case 'floor':
    case 'ceiling': {
      arity(1)
      if (a === undefined || !isNumeric(a)) throw badFilter(`${name}() takes a number`, option)
      const fn = name === 'round' ? Math.round : name === 'floor' ? Math.floor : Math.ceil
      return { type: a.type, value: fn(a.value) }
    }
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
    case 'minute':
    case 'second': {
      arity(1)
      // Parts are read from the literal itself: OData takes them in the value's own offset.
      const parts =
        a === undefined
          ? undefined
          : PARTS.exec(a.type === 'date' || a.type === 'datetime' ? a.value : '')
      if (parts === null || parts === undefined)
        throw badFilter(`${name}() takes a date or date-time`, option)
      const index = ['year', 'month', 'day', 'hour', 'minute', 'second'].indexOf(name)
      return whole(Number(parts[index + 1] ?? 0))
    }
    case 'date':
      arity(1)
      if (a?.type !== 'datetime') throw badFilter('date() takes a date-time', option)
      return { type: 'date', value: a.value.slice(0, 10) }
    case 'now':
      arity(0)
      return { type: 'datetime', value: now.toISOString() }
    case 'mindatetime':
      arity(0)
      return { type: 'datetime', value: '0001-01-01T00:00:00.000Z' }
    case 'maxdatetime':
      arity(0)
      return { type: 'datetime', value: '9999-12-31T23:59:59.999Z' }
    default:
      throw notImplemented(`the function ${name}() on constants`, option)
  }
}
