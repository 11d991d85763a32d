import type { DataRecord } from '../../../kernel/spec/object-config.js'
import { fail } from '../../common/audit-result.js'
import { firstFailure } from '../checks.js'
import { defineAudits } from '../driver-audit.js'
import { SCALARS, seedObject } from '../fixtures.js'
import { deepEqual, preview } from '../record-compare.js'

const RECORDS = [
  { id: 'j1', s: 'one', n: 1, b: true, dt: '2024-01-01T00:00:00.000Z', d: '2024-01-01' },
  { id: 'j2', s: 'two', n: 2, b: false, dt: '2024-01-02T00:00:00.000Z', d: '2024-01-02' },
  { id: 'j3', s: null, n: 3 },
]
const PROJECTIONS: readonly (readonly string[])[] = [
  ['id', 's'],
  ['id'],
  ['id', 'n', 'b'],
  ['id', 'dt', 'd', 's'],
]

/** Fails when `row` has a key outside `fields` or a projected value differs from the stored one. */
function checkRow(row: DataRecord | null, fields: readonly string[], label: string) {
  const stored = RECORDS.find((record) => record.id === row?.id)
  if (row === null || stored === undefined) {
    return fail(`${label} returned ${preview(row)}, not a stored record`)
  }
  const extra = Object.keys(row).filter((key) => !fields.includes(key))
  if (extra.length > 0) {
    return fail(`${label} returned keys outside fields: ${extra.join(', ')} in ${preview(row)}`, {
      minimalCase: { fields, stored, returned: row },
    })
  }
  for (const field of fields) {
    const want = (stored as Record<string, unknown>)[field] ?? null
    const got = row[field] ?? null
    if (!deepEqual(want, got)) {
      return fail(`${label} returned ${field}=${preview(got)}, stored ${preview(want)}`, {
        minimalCase: { fields, stored, returned: row },
      })
    }
  }
  return undefined
}

/** The DRV-PROJ audits. */
export const PROJECTION_AUDITS = defineAudits([
  {
    id: 'DRV-PROJ-001',
    level: 'MUST',
    group: 'projection',
    title: 'fields returns only those keys (plus id) with the stored values',
    async run(context) {
      const object = await seedObject(context, SCALARS, RECORDS)
      return firstFailure(
        PROJECTIONS,
        (fields) => `fields [${fields.join(', ')}]`,
        async (fields) => {
          const label = `find with fields [${fields.join(', ')}]`
          const rows = await context.driver.find(object, {
            object,
            fields,
            orderBy: [{ field: 'id', order: 'asc' }],
          })
          if (rows.length !== RECORDS.length) {
            return fail(`${label} returned ${rows.length} records, stored ${RECORDS.length}`)
          }
          for (const row of rows) {
            const failure = checkRow(row, fields, label)
            if (failure !== undefined) return failure
          }
          const one = await context.driver.findOne(object, 'j1', { object, fields })
          return checkRow(one, fields, `findOne('j1') with fields [${fields.join(', ')}]`)
        },
      )
    },
  },
])
