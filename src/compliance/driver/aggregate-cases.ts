import type { AggregationNode, FilterCondition } from '../../kernel/spec/query-ast.js'
import { fail } from '../common/audit-result.js'
import type { AuditOutcome } from '../common/audit-result.js'
import type { DriverAuditContext } from './audit-context.js'
import { firstFailure } from './checks.js'
import { LEDGER, seedObject } from './fixtures.js'
import { preview, rowsClose } from './record-compare.js'

/** Rows for the aggregation audits: g4 (null) and g6 (missing) form one null category group. */
export const LEDGER_ROWS = [
  { id: 'g1', category: 'a', region: 'n', amount: 10, qty: 1 },
  { id: 'g2', category: 'a', region: 's', amount: 20, qty: null },
  { id: 'g3', category: 'b', region: 'n', amount: 5, qty: 2 },
  { id: 'g4', category: null, region: 'n', amount: 7, qty: 3 },
  { id: 'g5', category: 'b', region: null, amount: null, qty: 4 },
  { id: 'g6', region: 's', amount: 1, qty: 1 },
]

/** One aggregate query and the rows SPEC.md gives (in spec order when `ordered`). */
export interface AggregateCase {
  readonly aggregations: readonly AggregationNode[]
  readonly groupBy?: readonly string[]
  readonly where?: FilterCondition
  readonly having?: FilterCondition
  readonly expect: readonly Record<string, unknown>[]
  readonly ordered?: boolean
}

/**
 * Stores {@link LEDGER_ROWS} and checks each case. Rows are matched as a multiset (order is
 * only a SHOULD, DRV-AGG-007) unless the case is `ordered`; numbers agree to 1e-9 for `avg`.
 */
export async function checkAggregateCases(
  context: DriverAuditContext,
  cases: readonly AggregateCase[],
): Promise<AuditOutcome> {
  const object = await seedObject(context, LEDGER, LEDGER_ROWS)
  return firstFailure(
    cases,
    (item) => `aggregate ${describe(item)}`,
    async (item) => {
      const query = {
        object,
        aggregations: item.aggregations,
        ...(item.groupBy === undefined ? {} : { groupBy: item.groupBy }),
        ...(item.where === undefined ? {} : { where: item.where }),
        ...(item.having === undefined ? {} : { having: item.having }),
      }
      const rows = await context.driver.aggregate(object, query)
      const problem =
        item.ordered === true ? compareOrdered(rows, item.expect) : compareBag(rows, item.expect)
      if (problem === undefined) return undefined
      return fail(
        `aggregate ${describe(item)}: ${problem} (expected ${preview(item.expect)}, got ${preview(rows)})`,
        {
          minimalCase: {
            records: LEDGER_ROWS,
            query: { ...query, object: LEDGER.name },
            expected: item.expect,
            actual: rows,
          },
        },
      )
    },
  )
}

function describe(item: AggregateCase): string {
  const parts = [
    item.aggregations.map((a) => `${a.function}(${a.field ?? '*'}) as ${a.alias}`).join(', '),
  ]
  if (item.where !== undefined) parts.push(`where ${preview(item.where)}`)
  if (item.groupBy !== undefined) parts.push(`groupBy ${item.groupBy.join(', ')}`)
  if (item.having !== undefined) parts.push(`having ${preview(item.having)}`)
  return parts.join(' ')
}

function compareBag(
  actual: readonly Record<string, unknown>[],
  expected: readonly Record<string, unknown>[],
): string | undefined {
  const left = [...actual]
  for (const want of expected) {
    const index = left.findIndex((row) => rowsClose(row, want))
    if (index === -1) return `no row equal to ${preview(want)}`
    left.splice(index, 1)
  }
  return left.length === 0 ? undefined : `unexpected row ${preview(left[0])}`
}

function compareOrdered(
  actual: readonly Record<string, unknown>[],
  expected: readonly Record<string, unknown>[],
): string | undefined {
  const length = Math.max(actual.length, expected.length)
  for (let i = 0; i < length; i++) {
    const got = actual[i]
    const want = expected[i]
    if (got === undefined || want === undefined || !rowsClose(got, want)) {
      return `row ${i} is ${preview(got)}, spec order has ${preview(want)}`
    }
  }
  return undefined
}
