import { z } from 'zod'
import { ObjectQLError } from '../errors.js'
import { deepFreeze } from './deep-freeze.js'
import {
  ActionConfigSchema,
  FieldConfigSchema,
  IDENTIFIER,
  finalizeField,
  prepareField,
} from './field-config-schema.js'
import { isPlainObject } from './normalizer-errors.js'
import { SYSTEM_FIELDS } from './object-config.js'
import type { ActionConfig, FieldConfig, IndexConfig, ObjectConfig } from './object-config.js'
import { toTitleCase } from './title-case.js'

export { ActionConfigSchema, FieldConfigSchema, FieldOptionSchema } from './field-config-schema.js'

const identifier = z.string().regex(IDENTIFIER, {
  error: 'expected an identifier (letters, digits and _, not starting with a digit)',
})

/** An index over declared fields (spec shape; the upstream map form is converted first). */
export const IndexConfigSchema = z.strictObject({
  name: z.string().min(1).optional(),
  fields: z.array(z.string().min(1)).min(1, { error: 'an index needs at least one field' }),
  unique: z.boolean().optional(),
  type: z.enum(['btree', 'hash', 'gin', 'gist', 'fulltext']).optional(),
})

/** An object declaration in normalized form (indexes as an array). Unknown keys are kept. */
export const ObjectConfigSchema = z
  .looseObject({
    name: identifier,
    label: z.string().optional(),
    pluralLabel: z.string().optional(),
    description: z.string().optional(),
    icon: z.string().optional(),
    datasource: z.string().min(1).optional(),
    tableName: z.string().min(1).optional(),
    fields: z.record(identifier, FieldConfigSchema, { error: 'expected a map of fields' }),
    indexes: z.array(IndexConfigSchema).optional(),
    actions: z.record(identifier, ActionConfigSchema).optional(),
  })
  .superRefine((object, ctx) => {
    for (const [key, field] of Object.entries(object.fields)) {
      if (field.name !== undefined && field.name !== key) {
        ctx.addIssue({
          code: 'custom',
          path: ['fields', key, 'name'],
          message: `name '${field.name}' differs from its key '${key}'`,
        })
      }
    }
    const known = new Set<string>([...SYSTEM_FIELDS, ...Object.keys(object.fields)])
    object.indexes?.forEach((index, i) => {
      index.fields.forEach((field, j) => {
        if (!known.has(field)) {
          ctx.addIssue({
            code: 'custom',
            path: ['indexes', i, 'fields', j],
            message: `index field '${field}' is not a field of '${object.name}'`,
          })
        }
      })
    })
  })

// Compile-time proof that what the schemas accept is what the interfaces describe: if a schema
// drifts from object-config.ts, this alias stops compiling.
type Assignable<T, U> = [T] extends [U] ? true : false
type Assert<T extends true> = T
/** Compile-time check that the schemas' inferred types fit the object-config.ts interfaces. */
export type ObjectConfigSchemaConformance = [
  Assert<Assignable<z.infer<typeof FieldConfigSchema>, FieldConfig>>,
  Assert<Assignable<z.infer<typeof IndexConfigSchema>, IndexConfig>>,
  Assert<Assignable<z.infer<typeof ActionConfigSchema>, ActionConfig>>,
  Assert<Assignable<z.infer<typeof ObjectConfigSchema>, ObjectConfig>>,
]

/** One problem found in a definition: the path inside it and what is wrong. */
export interface MetadataIssue {
  /** e.g. `fields.status.options[2].value`; empty for the definition itself. */
  readonly path: string
  /** The same path as keys, for mapping back to a source position. */
  readonly keys: readonly (string | number)[]
  readonly message: string
}

/**
 * Validates and normalizes an object definition as upstream's loader would: fields get `name`
 * and a title-case `label`, missing field types are inferred (see prepareField), `reference_to`
 * is copied to `reference`, an upstream index map becomes an array (the key is the name), and
 * the object gets a label from its name. The result is deeply frozen.
 *
 * @param source - what to name in errors (a file path, `createKernel objects[2]`, ...).
 * @throws ObjectQLError `METADATA_INVALID` naming the source, each path and what is wrong;
 *   `details.issues` lists them all.
 */
export function parseObjectConfig(input: unknown, source = 'object definition'): ObjectConfig {
  if (!isPlainObject(input)) {
    throw metadataError(source, [{ path: '', keys: [], message: 'expected an object' }])
  }
  const reserved = protoKeys(input, [])
  if (reserved.length > 0) throw metadataError(source, reserved)
  const { prepared, indexKeys } = prepare(input)
  const result = ObjectConfigSchema.safeParse(prepared)
  if (!result.success) {
    throw metadataError(
      source,
      result.error.issues.map((issue) => {
        const keys = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))
        if (indexKeys !== undefined && keys[0] === 'indexes' && typeof keys[1] === 'number') {
          keys[1] = indexKeys[keys[1]] ?? keys[1]
        }
        return { path: formatPath(keys), keys, message: issue.message }
      }),
    )
  }
  return deepFreeze(finalize(result.data as ObjectConfig))
}

/** Formats keys as a path: `['fields', 'status', 'options', 2]` -> `fields.status.options[2]`. */
export function formatPath(keys: readonly (string | number)[]): string {
  return keys.reduce<string>((path, key) => {
    if (typeof key === 'number') return `${path}[${key}]`
    return path === '' ? key : `${path}.${key}`
  }, '')
}

/** A `METADATA_INVALID` error for these issues in `source`. */
export function metadataError(source: string, issues: readonly MetadataIssue[]): ObjectQLError {
  const shown = issues
    .slice(0, 5)
    .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`))
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''
  return new ObjectQLError('METADATA_INVALID', `${source}: ${shown.join('; ')}${more}`, {
    details: { source, issues },
  })
}

// A `__proto__` key would silently vanish in validation (or replace a prototype), so it is
// refused wherever it appears.
function protoKeys(value: unknown, keys: (string | number)[]): MetadataIssue[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => protoKeys(item, [...keys, index]))
  if (!isPlainObject(value)) return []
  return Object.entries(value).flatMap(([key, child]) =>
    key === '__proto__'
      ? [{ path: formatPath([...keys, key]), keys: [...keys, key], message: 'a reserved key' }]
      : protoKeys(child, [...keys, key]),
  )
}

function prepare(input: Record<string, unknown>): {
  prepared: Record<string, unknown>
  indexKeys: string[] | undefined
} {
  const prepared: Record<string, unknown> = { ...input }
  const fields = input['fields']
  if (isPlainObject(fields)) {
    prepared['fields'] = Object.fromEntries(
      Object.entries(fields).map(([name, field]) => [name, prepareField(field)]),
    )
  }
  const actions = input['actions']
  if (isPlainObject(actions)) {
    prepared['actions'] = Object.fromEntries(
      Object.entries(actions).map(([name, action]) => [name, prepareAction(action)]),
    )
  }
  const indexes = input['indexes']
  let indexKeys: string[] | undefined
  if (isPlainObject(indexes)) {
    // Upstream objectql declares indexes as a map keyed by name; the spec uses an array.
    indexKeys = Object.keys(indexes)
    prepared['indexes'] = Object.entries(indexes).map(([name, index]) =>
      isPlainObject(index) ? { name, ...index } : index,
    )
  }
  return { prepared, indexKeys }
}

function prepareAction(action: unknown): unknown {
  if (!isPlainObject(action) || !isPlainObject(action['params'])) return action
  const params = Object.entries(action['params']).map(([name, field]) => [
    name,
    prepareField(field),
  ])
  return { ...action, params: Object.fromEntries(params) }
}

function finalize(object: ObjectConfig): ObjectConfig {
  const fields: Record<string, FieldConfig> = {}
  for (const [name, field] of Object.entries(object.fields))
    fields[name] = finalizeField(name, field)
  const result: Record<string, unknown> = {
    ...object,
    label: object.label ?? toTitleCase(object.name),
    fields,
  }
  if (object.actions !== undefined) {
    result['actions'] = Object.fromEntries(
      Object.entries(object.actions).map(([name, action]) => [name, finalizeAction(action)]),
    )
  }
  return result as ObjectConfig
}

function finalizeAction(action: ActionConfig): ActionConfig {
  if (action.params === undefined) return action
  const params = Object.entries(action.params).map(([name, field]) => [
    name,
    finalizeField(name, field),
  ])
  return { ...action, params: Object.fromEntries(params) as Record<string, FieldConfig> }
}
