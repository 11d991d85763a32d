import type { FieldConfig, FieldType } from '../spec/object-config.js'
import { findJsonProblem } from '../events/json-value.js'
import { dateToIso, isTimeOfDay, toCanonicalDate, toCanonicalDateTime } from '../spec/iso-date.js'

/** The rule a value broke. `unique` and `readonly` are checked by the record validator. */
export type ValidationRule =
  | 'required'
  | 'type'
  | 'options'
  | 'min'
  | 'max'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'unique'
  | 'readonly'

/** One failed rule on one field. */
export interface ValidationIssue {
  readonly field: string
  readonly rule: ValidationRule
  readonly message: string
}

/** A checked value (normalized: dates as strings) or the rule it breaks. */
export type FieldCheck =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly rule: ValidationRule; readonly message: string }

type Kind = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'time' | 'select' | 'multi'
type KindOrOther = Kind | 'lookup' | 'json' | 'vector'

// Which stored shape each field type has. Media, location, address, formula and summary hold
// whatever JSON their UI writes (upstream stores objects such as `{ name, url }` for files).
const KINDS: Readonly<Record<FieldType, KindOrOther>> = {
  text: 'string',
  textarea: 'string',
  email: 'string',
  url: 'string',
  phone: 'string',
  password: 'string',
  markdown: 'string',
  html: 'string',
  richtext: 'string',
  code: 'string',
  color: 'string',
  signature: 'string',
  qrcode: 'string',
  number: 'number',
  currency: 'number',
  percent: 'number',
  rating: 'number',
  slider: 'number',
  progress: 'number',
  boolean: 'boolean',
  toggle: 'boolean',
  date: 'date',
  datetime: 'datetime',
  time: 'time',
  select: 'select',
  radio: 'select',
  multiselect: 'multi',
  checkboxes: 'multi',
  tags: 'multi',
  lookup: 'lookup',
  master_detail: 'lookup',
  tree: 'lookup',
  autonumber: 'string',
  vector: 'vector',
  json: 'json',
  object: 'json',
  grid: 'json',
  location: 'json',
  address: 'json',
  image: 'json',
  file: 'json',
  avatar: 'json',
  video: 'json',
  audio: 'json',
  formula: 'json',
  summary: 'json',
}

const patternCache = new Map<string, RegExp>()

/** True for values a required field rejects: null, missing, `''` and `[]`. */
export function isEmptyValue(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  )
}

/**
 * Checks one non-empty value against its field's type and constraints and returns it
 * normalized (datetimes as UTC `toISOString()`, dates as `YYYY-MM-DD`, `Date` objects
 * converted). `multiple: true` makes any scalar type an array of that type.
 */
export function checkFieldValue(name: string, field: FieldConfig, value: unknown): FieldCheck {
  const kind = KINDS[field.type] ?? 'json'
  const multi = kind === 'multi' || (field.multiple === true && kind !== 'json')
  if (multi) {
    if (!Array.isArray(value)) return fail('type', `'${name}' must be an array`)
    const items: unknown[] = []
    for (const item of value as unknown[]) {
      const checked = checkScalar(name, field, itemKind(field.type, kind), item, true)
      if (!checked.ok) return checked
      items.push(checked.value)
    }
    return checkLength(name, field, items, items.length)
  }
  return checkScalar(name, field, kind, value)
}

// Elements of select-like multi fields are option values; `tags` are free strings.
function itemKind(type: FieldType, kind: KindOrOther): KindOrOther {
  if (type === 'tags') return 'string'
  return kind === 'multi' ? 'select' : kind
}

// `item` marks an element of a multi-value field: minLength/maxLength then count the array's
// items (checked by the caller), not each element's characters.
function checkScalar(
  name: string,
  field: FieldConfig,
  kind: KindOrOther,
  value: unknown,
  item = false,
): FieldCheck {
  switch (kind) {
    case 'string':
      if (typeof value !== 'string') return fail('type', `'${name}' must be a string`)
      return checkString(name, field, value, item)
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return fail('type', `'${name}' must be a finite number`)
      }
      return checkRange(name, field, value)
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : fail('type', `'${name}' must be a boolean`)
    case 'date': {
      const date = normalizeDate(value)
      return date === undefined ? fail('type', `'${name}' must be a date (YYYY-MM-DD)`) : ok(date)
    }
    case 'datetime': {
      const datetime = normalizeDatetime(value)
      return datetime === undefined
        ? fail('type', `'${name}' must be an ISO-8601 date-time`)
        : ok(datetime)
    }
    case 'time':
      if (typeof value !== 'string' || !isTimeOfDay(value)) {
        return fail('type', `'${name}' must be a time (HH:MM or HH:MM:SS)`)
      }
      return ok(value)
    case 'select':
      return checkOption(name, field, value, item)
    case 'lookup':
      if (typeof value !== 'string' || value === '') {
        return fail('type', `'${name}' must be a record id (a non-empty string)`)
      }
      return ok(value)
    case 'vector':
      return Array.isArray(value) && value.every((n) => typeof n === 'number' && Number.isFinite(n))
        ? ok([...value])
        : fail('type', `'${name}' must be an array of finite numbers`)
    default: {
      const problem = findJsonProblem(value)
      return problem === undefined
        ? ok(structuredClone(value))
        : fail('type', `'${name}' must be JSON-serializable (${problem.replace('$', name)})`)
    }
  }
}

function checkOption(name: string, field: FieldConfig, value: unknown, item: boolean): FieldCheck {
  if (typeof value !== 'string' && (typeof value !== 'number' || !Number.isFinite(value))) {
    return fail('type', `'${name}' must be a string or number option value`)
  }
  const options = field.options
  if (options !== undefined && options.length > 0 && !options.some((o) => o.value === value)) {
    const allowed = options.map((o) => JSON.stringify(o.value)).join(', ')
    return fail('options', `'${name}' must be one of ${allowed}`)
  }
  return typeof value === 'string' ? checkString(name, field, value, item) : ok(value)
}

function checkString(name: string, field: FieldConfig, value: string, item: boolean): FieldCheck {
  // Length in code points, so an emoji counts as one character.
  const lengthChecked = item ? ok(value) : checkLength(name, field, value, [...value].length)
  if (!lengthChecked.ok || field.pattern === undefined) return lengthChecked
  if (!compilePattern(field.pattern).test(value)) {
    return fail('pattern', `'${name}' must match ${field.pattern}`)
  }
  return ok(value)
}

function checkLength(name: string, field: FieldConfig, value: unknown, length: number): FieldCheck {
  if (field.minLength !== undefined && length < field.minLength) {
    return fail('minLength', `'${name}' must have at least ${field.minLength} characters/items`)
  }
  if (field.maxLength !== undefined && length > field.maxLength) {
    return fail('maxLength', `'${name}' must have at most ${field.maxLength} characters/items`)
  }
  return ok(value)
}

function checkRange(name: string, field: FieldConfig, value: number): FieldCheck {
  if (field.min !== undefined && value < field.min) {
    return fail('min', `'${name}' must be >= ${field.min}`)
  }
  if (field.max !== undefined && value > field.max) {
    return fail('max', `'${name}' must be <= ${field.max}`)
  }
  return ok(value)
}

function compilePattern(pattern: string): RegExp {
  let regex = patternCache.get(pattern)
  if (regex === undefined) {
    // The object schema rejects invalid patterns at registration, so this cannot throw later.
    regex = new RegExp(pattern, 'u')
    patternCache.set(pattern, regex)
  }
  return regex
}

function ok(value: unknown): FieldCheck {
  return { ok: true, value }
}

function fail(rule: ValidationRule, message: string): FieldCheck {
  return { ok: false, rule, message }
}

/**
 * A `date` value as `YYYY-MM-DD` (a `Date` gives its UTC calendar day), or `undefined` when it is
 * not a real calendar date.
 */
function normalizeDate(value: unknown): string | undefined {
  if (value instanceof Date) return dateToIso(value)?.slice(0, 10)
  return typeof value === 'string' ? toCanonicalDate(value) : undefined
}

/**
 * A `datetime` value as UTC `toISOString()`, or `undefined`. Strings without an offset are read
 * as UTC (see iso-date.ts), so what is stored never depends on the server's time zone.
 */
function normalizeDatetime(value: unknown): string | undefined {
  if (value instanceof Date) return dateToIso(value)
  return typeof value === 'string' ? toCanonicalDateTime(value) : undefined
}
