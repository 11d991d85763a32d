import { ObjectQLError } from '../errors.js'
import { SYSTEM_FIELDS } from '../spec/object-config.js'
import type { FieldType, ObjectConfig } from '../spec/object-config.js'

/**
 * What the in-process evaluator needs to know about an object's fields. Without a schema every
 * field name is accepted (schemaless storage); with one, naming an undeclared field in a filter,
 * sort, projection or aggregation fails with `INVALID_FIELD` (KRN-AST-007, DRV-FLT-002).
 */
export interface QuerySchema {
  /** Declared fields plus the system fields (`id`, `created_at`, `updated_at`). */
  readonly fields: ReadonlySet<string>
  /** Fields whose values are ISO date strings and compare chronologically (DRV-ORD-003). */
  readonly dateFields: ReadonlySet<string>
  /** Fields declared with a numeric type, the only ones `sum` and `avg` accept. */
  readonly numericFields: ReadonlySet<string>
}

const DATE_TYPES: ReadonlySet<FieldType> = new Set(['date', 'datetime'])
const NUMERIC_TYPES: ReadonlySet<FieldType> = new Set([
  'number',
  'currency',
  'percent',
  'rating',
  'slider',
  'progress',
  'summary',
])

/** Builds the {@link QuerySchema} of an object declaration. */
export function querySchemaFor(object: ObjectConfig): QuerySchema {
  const fields = new Set<string>(SYSTEM_FIELDS)
  // The kernel stamps these as ISO datetimes even when the object does not declare them.
  const dateFields = new Set<string>(['created_at', 'updated_at'])
  const numericFields = new Set<string>()
  for (const [name, field] of Object.entries(object.fields)) {
    fields.add(name)
    if (DATE_TYPES.has(field.type)) dateFields.add(name)
    else dateFields.delete(name)
    if (NUMERIC_TYPES.has(field.type)) numericFields.add(name)
  }
  return { fields, dateFields, numericFields }
}

/**
 * Throws `INVALID_FIELD` when a schema is given and does not hold `field`.
 *
 * @param role - where the field was named (`sort`, `projection`, ...), for the message.
 */
export function assertKnownField(
  schema: QuerySchema | undefined,
  field: unknown,
  role: string,
): asserts field is string {
  if (typeof field !== 'string' || field === '') {
    throw new ObjectQLError('INVALID_QUERY', `a ${role} field must be a non-empty string`, {
      details: { field: String(field) },
    })
  }
  if (schema !== undefined && !schema.fields.has(field)) {
    throw new ObjectQLError('INVALID_FIELD', `unknown field '${field}' in ${role}`, {
      details: { field },
    })
  }
}
