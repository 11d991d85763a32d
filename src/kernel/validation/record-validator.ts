import { ObjectQLError } from '../errors.js'
import type { DataRecord, FieldConfig } from '../spec/object-config.js'
import type { FilterCondition } from '../spec/query-ast.js'
import { checkFieldValue, isEmptyValue } from './field-value-check.js'
import type { ValidationIssue } from './field-value-check.js'
import { newIdIssue } from './record-id.js'

/** How a record is validated. */
export interface RecordValidationOptions {
  /** `create` checks every field and applies defaults; `update` checks only the fields given. */
  readonly mode: 'create' | 'update'
  /** Name used in error messages (object or action). */
  readonly target: string
  /**
   * Whether `id`, `created_at` and `updated_at` may appear (records: yes; action params: no).
   * On create an `id` must be a non-empty, well-formed string (no lone UTF-16 surrogate, so a
   * URL can carry it) and the timestamps are dropped (the kernel stamps them); on update an
   * `id` or `created_at` that differs from the stored record is a `readonly` issue, equal ones
   * and `updated_at` are dropped.
   */
  readonly systemFields: boolean
  /** update: the stored record (for `id`/`created_at` comparison). */
  readonly previous?: DataRecord
}

/** The validated record: values normalized, defaults applied, kernel-owned keys removed. */
export interface RecordValidationResult {
  readonly data: Record<string, unknown>
  readonly issues: readonly ValidationIssue[]
}

const TIMESTAMPS = new Set(['created_at', 'updated_at'])

/**
 * Validates a record against field metadata (pure; the `unique` rule needs the store and is
 * {@link uniqueIssues}). Unknown keys throw `INVALID_FIELD` naming all of them; every other
 * problem is collected as an issue, so one call reports every failing field.
 *
 * Rules: `required` fails on null, missing, `''` and `[]` (on update only when the field is
 * given); `undefined` values count as absent; `defaultValue` (a copy) fills absent fields on
 * create; type, options, min/max, minLength/maxLength and pattern as in `field-value-check.ts`.
 */
export function validateRecord(
  fields: Readonly<Record<string, FieldConfig>>,
  input: Readonly<Record<string, unknown>>,
  options: RecordValidationOptions,
): RecordValidationResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ObjectQLError('VALIDATION_FAILED', `${options.target}: data must be an object`, {
      details: { errors: [{ field: '', rule: 'type', message: 'data must be an object' }] },
    })
  }
  // An undefined value is an absent key, for unknown names too (JSON cannot even carry it).
  const unknown = Object.keys(input).filter(
    (key) =>
      input[key] !== undefined &&
      !Object.hasOwn(fields, key) &&
      !(options.systemFields && isSystemField(key)),
  )
  if (unknown.length > 0) {
    throw new ObjectQLError(
      'INVALID_FIELD',
      `${options.target}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `'${f}'`).join(', ')}`,
      { details: { fields: unknown, field: unknown[0] } },
    )
  }
  const issues: ValidationIssue[] = []
  const data: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue
    if (options.systemFields && isSystemField(key) && !Object.hasOwn(fields, key)) {
      checkSystemField(key, value, options, data, issues)
      continue
    }
    data[key] = value
  }
  for (const [name, field] of Object.entries(fields)) {
    if (options.systemFields && isSystemField(name)) continue
    const given = Object.hasOwn(data, name)
    if (!given && options.mode === 'update') continue
    if (!given && field.defaultValue !== undefined && field.defaultValue !== null) {
      data[name] = structuredClone(field.defaultValue)
    }
    const value = data[name]
    if (isEmptyValue(value)) {
      if (field.required === true && (options.mode === 'create' || given)) {
        issues.push({ field: name, rule: 'required', message: `'${name}' is required` })
      }
      continue
    }
    const checked = checkFieldValue(name, field, value)
    if (checked.ok) data[name] = checked.value
    else issues.push({ field: name, rule: checked.rule, message: checked.message })
  }
  return { data, issues }
}

function isSystemField(key: string): boolean {
  return key === 'id' || TIMESTAMPS.has(key)
}

function checkSystemField(
  key: string,
  value: unknown,
  options: RecordValidationOptions,
  data: Record<string, unknown>,
  issues: ValidationIssue[],
): void {
  if (options.mode === 'create') {
    if (key !== 'id') return // timestamps are stamped by the kernel
    const issue = newIdIssue(value)
    if (issue === undefined) data[key] = value
    else issues.push(issue)
    return
  }
  if (key === 'updated_at') return
  const stored = options.previous?.[key]
  if (value !== stored) {
    issues.push({ field: key, rule: 'readonly', message: `'${key}' cannot be changed` })
  }
}

/**
 * The `unique` rule: for each given, non-empty scalar value of a `unique: true` field, asks the
 * store (`count`) whether another record already holds it. `excludeId` skips the record being
 * updated. Fields that already failed another rule are not queried.
 *
 * A taken value is reported as a `VALIDATION_FAILED` issue with rule `unique`, not as
 * `DUPLICATE_RECORD`: that way one error lists every failing field of the write.
 * `DUPLICATE_RECORD` remains the code of an id collision, which the driver reports.
 */
export async function uniqueIssues(
  fields: Readonly<Record<string, FieldConfig>>,
  result: RecordValidationResult,
  count: (where: FilterCondition) => Promise<number>,
  excludeId?: string,
): Promise<ValidationIssue[]> {
  const failed = new Set(result.issues.map((issue) => issue.field))
  const issues: ValidationIssue[] = []
  for (const [name, field] of Object.entries(fields)) {
    const value = result.data[name]
    if (field.unique !== true || failed.has(name) || !isUniqueScalar(value)) continue
    // Canonical form (one field, one operator per leaf), so it goes to the driver as is.
    const match: FilterCondition = { [name]: { $eq: value } }
    const where: FilterCondition =
      excludeId === undefined ? match : { $and: [match, { id: { $ne: excludeId } }] }
    if ((await count(where)) > 0) {
      issues.push({
        field: name,
        rule: 'unique',
        message: `'${name}' must be unique; ${JSON.stringify(value)} is already used`,
      })
    }
  }
  return issues
}

/** True when the value takes part in the unique rule (non-empty scalars only). */
export function isUniqueScalar(value: unknown): value is string | number | boolean {
  return (
    (typeof value === 'string' && value !== '') ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  )
}

/**
 * Throws `VALIDATION_FAILED` listing every issue as `details.errors: [{ field, rule, message }]`
 * when there is at least one.
 */
export function assertValid(target: string, issues: readonly ValidationIssue[]): void {
  if (issues.length === 0) return
  const summary = issues.map((issue) => issue.message).join('; ')
  throw new ObjectQLError('VALIDATION_FAILED', `${target}: ${summary}`, {
    details: { errors: issues.map((issue) => ({ ...issue })) },
  })
}
