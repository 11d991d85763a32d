import { ObjectQLError } from '../../kernel/errors.js'
import { defineValue, inputEntries } from '../common/record-table-writer.js'
import type { CopiedInput } from '../common/record-table-writer.js'
import { cellKindOf, encodeCell } from './excel-cell-codec.js'
import { toJsonValue } from './excel-json-value.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'

/**
 * A checked copy of write input (the excel driver's input copier): `INVALID_FIELD` for fields
 * outside the schema, `VALIDATION_FAILED` (every failing field in `details.errors`) for values
 * their cell cannot hold (excel-cell-codec.ts). Null and undefined values are reported in
 * `unset`: a sheet stores them as empty cells, which read back as missing, so the record in
 * memory holds them the same way. `config` undefined means schemaless (any field, scalar cells).
 */
export function copyCellInput(
  input: unknown,
  schema: QuerySchema | undefined,
  config: ObjectConfig | undefined,
): CopiedInput {
  const values: Record<string, unknown> = {}
  const unset: string[] = []
  const errors: { field: string; message: string }[] = []
  for (const [key, value] of inputEntries(input, schema)) {
    if (value === null || value === undefined) {
      unset.push(key)
      continue
    }
    if (key === 'id') {
      defineValue(values, key, value)
      continue
    }
    const field =
      config !== undefined && Object.hasOwn(config.fields, key) ? config.fields[key] : undefined
    const kind = cellKindOf(key, field)
    const problem = encodeCell(kind, value)
    if (typeof problem === 'string') {
      errors.push({ field: key, message: problem })
      continue
    }
    // json cells store JSON text: keep in memory exactly what reading the cell gives back.
    // A cell has no negative zero either: -0 is kept as 0, as a restart would read it.
    const checked =
      kind === 'json'
        ? toJsonValue(value)
        : { ok: true as const, value: Object.is(value, -0) ? 0 : value }
    if (checked.ok) defineValue(values, key, checked.value)
  }
  if (errors.length > 0) {
    throw new ObjectQLError('VALIDATION_FAILED', 'some values cannot be stored in a cell', {
      details: { errors },
    })
  }
  return { values, unset }
}
