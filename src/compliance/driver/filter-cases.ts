import type { DataRecord, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition } from '../../kernel/spec/query-ast.js'
import { fail } from '../common/audit-result.js'
import type { AuditOutcome } from '../common/audit-result.js'
import type { DriverAuditContext, ObjectFixture } from './audit-context.js'
import { firstFailure } from './checks.js'
import { seedObject } from './fixtures.js'
import { idsOf, preview, withoutNulls } from './record-compare.js'

/** One filter and the ids SPEC.md says it selects from the audit's records. */
export interface FilterCase {
  readonly where: FilterCondition
  readonly expect: readonly string[]
}

/**
 * Stores `records`, runs every case through `find` and fails on the first case whose id set
 * differs. The failure names the filter and the single record that was wrongly matched or
 * missed: filters are per-record predicates, so that pair is the minimal case.
 */
export async function checkFilterCases(
  context: DriverAuditContext,
  fixture: ObjectFixture,
  records: readonly RecordInput[],
  cases: readonly FilterCase[],
): Promise<AuditOutcome> {
  const object = await seedObject(context, fixture, records)
  const byId = new Map(records.map((record) => [String(record.id), record]))
  return firstFailure(
    cases,
    (item) => `find where ${preview(item.where)}`,
    async (item) => {
      const rows: DataRecord[] = await context.driver.find(object, {
        object,
        where: item.where,
        orderBy: [{ field: 'id', order: 'asc' }],
      })
      const actual = new Set(idsOf(rows))
      const expected = new Set(item.expect)
      const missed = item.expect.find((id) => !actual.has(id))
      const extra = [...actual].find((id) => !expected.has(id))
      if (missed === undefined && extra === undefined) return undefined
      const id = missed ?? extra ?? ''
      const record = pick(withoutNulls(byId.get(id) ?? { id }), filterFields(item.where))
      const verb = missed !== undefined ? 'missed' : 'wrongly matched'
      return fail(
        `where ${preview(item.where)} ${verb} record ${preview(record)} ` +
          `(expected ids [${[...expected].sort().join(', ')}], got [${[...actual].sort().join(', ')}])`,
        {
          minimalCase: {
            where: item.where,
            record,
            expected: missed !== undefined ? 'match' : 'no match',
          },
        },
      )
    },
  )
}

/** The record cut down to `id` and the fields the filter reads: the rest is noise. */
function pick(
  record: Record<string, unknown>,
  fields: ReadonlySet<string>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([key]) => key === 'id' || fields.has(key)),
  )
}

/** Every field a canonical filter names. */
export function filterFields(where: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(where)) for (const child of where) filterFields(child, into)
  else if (typeof where === 'object' && where !== null) {
    for (const [key, body] of Object.entries(where)) {
      if (key.startsWith('$')) filterFields(body, into)
      else into.add(key)
    }
  }
  return into
}
