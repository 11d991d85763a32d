import { z } from 'zod'
import { isPlainObject } from './normalizer-errors.js'
import { FIELD_TYPES } from './object-config.js'
import type { FieldConfig } from './object-config.js'
import { toTitleCase } from './title-case.js'

/**
 * Object, field and action names: identifiers, because they become SQL columns and URL parts.
 * `__proto__` is excluded: as a key it would replace an object's prototype instead of adding a field.
 */
export const IDENTIFIER = /^(?!__proto__$)[A-Za-z_][A-Za-z0-9_]*$/

const RELATION_TYPES: ReadonlySet<string> = new Set(['lookup', 'master_detail'])

function compilesAsRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern)
    return true
  } catch {
    return false
  }
}

const count = z.int().nonnegative()

/** One option of a select-like field. */
export const FieldOptionSchema = z.looseObject({
  label: z.string(),
  value: z.union([z.string(), z.number()], { error: 'expected a string or a number' }),
  color: z.string().optional(),
  default: z.boolean().optional(),
})

/**
 * A field declaration in normalized form (`type` present, `reference` filled). Unknown
 * attributes (upstream has dozens of UI knobs) are kept as they are.
 */
export const FieldConfigSchema = z
  .looseObject({
    type: z.enum(FIELD_TYPES, {
      error: (issue) =>
        issue.input === undefined
          ? 'type is required (or inferred from reference_to, options, expression, summary_object)'
          : `unknown field type ${JSON.stringify(issue.input)}; expected one of: ${FIELD_TYPES.join(', ')}`,
    }),
    name: z.string().regex(IDENTIFIER, { error: 'expected an identifier' }).optional(),
    label: z.string().optional(),
    description: z.string().optional(),
    required: z.boolean().optional(),
    unique: z.boolean().optional(),
    multiple: z.boolean().optional(),
    readonly: z.boolean().optional(),
    hidden: z.boolean().optional(),
    index: z.boolean().optional(),
    defaultValue: z.unknown().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    minLength: count.optional(),
    maxLength: count.optional(),
    pattern: z
      .string()
      .refine(compilesAsRegExp, { error: 'must compile as a regular expression' })
      .optional(),
    precision: count.optional(),
    scale: count.optional(),
    options: z.array(FieldOptionSchema).optional(),
    reference: z.string().min(1, { error: 'expected an object name' }).optional(),
    reference_to: z.string().min(1, { error: 'expected an object name' }).optional(),
    expression: z.string().optional(),
  })
  .superRefine((field, ctx) => {
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['min'],
        message: `min ${field.min} > max ${field.max}`,
      })
    }
    if (
      field.minLength !== undefined &&
      field.maxLength !== undefined &&
      field.minLength > field.maxLength
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['minLength'],
        message: `minLength ${field.minLength} > maxLength ${field.maxLength}`,
      })
    }
    if (
      field.reference !== undefined &&
      field.reference_to !== undefined &&
      field.reference !== field.reference_to
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['reference_to'],
        message: `reference_to '${field.reference_to}' contradicts reference '${field.reference}'`,
      })
    }
    if (RELATION_TYPES.has(field.type) && (field.reference ?? field.reference_to) === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['reference'],
        message: `a ${field.type} field needs a reference (the target object name)`,
      })
    }
    const seen = new Set<string | number>()
    field.options?.forEach((option, index) => {
      if (seen.has(option.value)) {
        ctx.addIssue({
          code: 'custom',
          path: ['options', index, 'value'],
          message: `duplicate option value ${JSON.stringify(option.value)}`,
        })
      }
      seen.add(option.value)
    })
  })

/** An action declaration; its params are declared like fields. */
export const ActionConfigSchema = z.looseObject({
  label: z.string().optional(),
  description: z.string().optional(),
  type: z.enum(['record', 'global'], { error: "expected 'record' or 'global'" }).optional(),
  params: z
    .record(z.string().regex(IDENTIFIER, { error: 'expected an identifier' }), FieldConfigSchema)
    .optional(),
})

/**
 * Applies upstream's conveniences to a raw field before validation, so validation sees (and
 * reports on) the real shape: a missing `type` is inferred (`reference_to`/`reference` ->
 * lookup, `options` -> select, `expression` -> formula, `summary_object` -> summary), and
 * options written as bare strings or without a label get `{ label, value }`.
 */
export function prepareField(raw: unknown): unknown {
  if (!isPlainObject(raw)) return raw
  const field: Record<string, unknown> = { ...raw }
  if (field['type'] === undefined) {
    const inferred = inferType(field)
    if (inferred !== undefined) field['type'] = inferred
  }
  if (Array.isArray(field['options'])) {
    field['options'] = field['options'].map((option: unknown) => {
      if (typeof option === 'string' || typeof option === 'number') {
        return { label: String(option), value: option }
      }
      if (isPlainObject(option) && option['label'] === undefined && option['value'] !== undefined) {
        const value = option['value']
        return { ...option, label: typeof value === 'string' ? value : JSON.stringify(value) }
      }
      return option
    })
  }
  return field
}

/** Fills what the loader fills upstream: `name` (the key), `label`, `reference` from `reference_to`. */
export function finalizeField(name: string, field: FieldConfig): FieldConfig {
  const reference = field.reference ?? field.reference_to
  return {
    ...field,
    name,
    label: field.label ?? toTitleCase(name),
    ...(reference === undefined ? {} : { reference }),
  }
}

function inferType(field: Record<string, unknown>): string | undefined {
  if (field['reference_to'] !== undefined || field['reference'] !== undefined) return 'lookup'
  if (field['options'] !== undefined) return 'select'
  if (field['expression'] !== undefined) return 'formula'
  if (field['summary_object'] !== undefined) return 'summary'
  return undefined
}
