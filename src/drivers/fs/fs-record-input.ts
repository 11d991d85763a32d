import { ObjectQLError } from '../../kernel/errors.js'
import { defineValue, inputEntries } from '../common/record-table-writer.js'
import type { CopiedInput } from '../common/record-table-writer.js'
import { toJsonValue } from './fs-json-value.js'
import type { JsonValueProblem } from './fs-json-value.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'

/**
 * A JSON-exact copy of write input (the fs driver's input copier). Fails with `INVALID_FIELD`
 * for fields outside the schema and with `VALIDATION_FAILED` (every failing field in
 * `details.errors`) for values JSON would change or cannot hold (fs-json-value.ts). Keys whose
 * value is `undefined` are reported in `unset` (null and missing are the same thing).
 */
export function copyJsonInput(input: unknown, schema: QuerySchema | undefined): CopiedInput {
  const values: Record<string, unknown> = {}
  const unset: string[] = []
  const errors: JsonValueProblem[] = []
  for (const [key, value] of inputEntries(input, schema)) {
    if (value === undefined) {
      unset.push(key)
      continue
    }
    const checked = toJsonValue(value, key)
    if (checked.ok) defineValue(values, key, checked.value)
    else errors.push(checked.problem)
  }
  if (errors.length > 0) {
    throw new ObjectQLError('VALIDATION_FAILED', 'some values cannot be stored as JSON', {
      details: { errors: errors.map(({ path, message }) => ({ field: path, message })) },
    })
  }
  return { values, unset }
}
