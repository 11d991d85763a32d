import type { RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, SortNode } from '../../kernel/spec/query-ast.js'
import { fail } from '../common/audit-result.js'
import type { AuditOutcome } from '../common/audit-result.js'
import type { DriverAuditContext, ObjectFixture } from './audit-context.js'
import { firstFailure } from './checks.js'
import { seedObject } from './fixtures.js'
import { idsOf, preview, withoutNulls } from './record-compare.js'

/** One ordered (optionally paged) query and the exact id sequence SPEC.md gives. */
export interface OrderCase {
  readonly orderBy: readonly SortNode[]
  readonly expect: readonly string[]
  readonly where?: FilterCondition
  readonly limit?: number
  readonly offset?: number
}

/** `title asc, id asc [offset 2 limit 3]`, for messages. */
export function describeOrder(item: OrderCase): string {
  const keys = item.orderBy.map((key) => `${key.field} ${key.order}`).join(', ')
  const paging = [
    item.offset === undefined ? '' : `offset ${item.offset}`,
    item.limit === undefined ? '' : `limit ${item.limit}`,
  ]
    .filter((part) => part !== '')
    .join(' ')
  return paging === '' ? keys : `${keys} [${paging}]`
}

/**
 * Stores `records`, runs each case and compares the id sequence. On a mismatch the message
 * names the first position that differs and the two records involved (the minimal case).
 */
export async function checkOrderCases(
  context: DriverAuditContext,
  fixture: ObjectFixture,
  records: readonly RecordInput[],
  cases: readonly OrderCase[],
): Promise<AuditOutcome> {
  const object = await seedObject(context, fixture, records)
  const byId = new Map(records.map((record) => [String(record.id), withoutNulls(record)]))
  return firstFailure(
    cases,
    (item) => `find orderBy ${describeOrder(item)}`,
    async (item) => {
      const query = {
        object,
        orderBy: item.orderBy,
        ...(item.where === undefined ? {} : { where: item.where }),
        ...(item.limit === undefined ? {} : { limit: item.limit }),
        ...(item.offset === undefined ? {} : { offset: item.offset }),
      }
      const actual = idsOf(await context.driver.find(object, query))
      const at = firstDifference(actual, item.expect)
      if (at === -1) return undefined
      const want = item.expect[at]
      const got = actual[at]
      const detail =
        want === undefined
          ? `returned extra record ${preview(byId.get(got ?? '') ?? got)} at position ${at}`
          : got === undefined
            ? `ended at position ${at}, missing ${preview(byId.get(want) ?? want)}`
            : `put ${preview(byId.get(got) ?? got)} at position ${at} where spec order has ${preview(byId.get(want) ?? want)}`
      return fail(
        `orderBy ${describeOrder(item)} ${detail} (expected [${item.expect.join(', ')}], got [${actual.join(', ')}])`,
        { minimalCase: { ...query, object: fixture.name, expected: item.expect, actual } },
      )
    },
  )
}

function firstDifference(a: readonly string[], b: readonly string[]): number {
  const length = Math.max(a.length, b.length)
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i
  return -1
}
