import type { FilterCondition } from '../../../kernel/spec/query-ast.js'
import { fail, pass } from '../../common/audit-result.js'
import { checkAggregateCases } from '../aggregate-cases.js'
import { firstFailure } from '../checks.js'
import { defineAudits } from '../driver-audit.js'
import { LEDGER, seedObject } from '../fixtures.js'
import { LEDGER_ROWS } from '../aggregate-cases.js'
import { deepEqual, preview } from '../record-compare.js'

const COUNT_FILTERS: readonly (FilterCondition | undefined)[] = [
  undefined,
  { category: { $eq: 'a' } },
  { amount: { $gt: 5 } },
  { category: { $ne: 'a' } },
  { qty: { $null: true } },
  { $or: [{ region: { $eq: 's' } }, { amount: { $lt: 6 } }] },
  { $not: { category: { $in: ['a', 'b'] } } },
  { amount: { $gt: 1000 } },
]

const DISTINCT_CASES = [
  { field: 'category', where: undefined, expect: ['a', 'b'] },
  { field: 'region', where: { amount: { $gte: 7 } }, expect: ['n', 's'] },
  { field: 'qty', where: undefined, expect: [1, 2, 3, 4] },
  { field: 'category', where: { amount: { $gt: 1000 } }, expect: [] },
]

/** The DRV-AGG audits. */
export const AGGREGATE_AUDITS = defineAudits([
  {
    id: 'DRV-AGG-001',
    level: 'MUST',
    group: 'aggregation',
    title: 'count(where) equals the length of the unpaged find(where)',
    async run(context) {
      const object = await seedObject(context, LEDGER, LEDGER_ROWS)
      return firstFailure(
        COUNT_FILTERS,
        (where) => `count where ${preview(where)}`,
        async (where) => {
          const count = await context.driver.count(object, where)
          const rows = await context.driver.find(object, {
            object,
            ...(where === undefined ? {} : { where }),
            orderBy: [{ field: 'id', order: 'asc' }],
          })
          if (count === rows.length) return undefined
          return fail(
            `count where ${preview(where)} is ${preview(count)} but find returns ${rows.length} records`,
            {
              minimalCase: { records: LEDGER_ROWS, where, count, found: rows.length },
            },
          )
        },
      )
    },
  },
  {
    id: 'DRV-AGG-002',
    level: 'MUST',
    group: 'aggregation',
    title: 'aggregates ignore nulls; count without a field counts records',
    requires: 'queryAggregations',
    run: (context) =>
      checkAggregateCases(context, [
        {
          aggregations: [
            { function: 'count', alias: 'n' },
            { function: 'count', field: 'qty', alias: 'cq' },
            { function: 'sum', field: 'qty', alias: 'sq' },
            { function: 'avg', field: 'qty', alias: 'aq' },
            { function: 'min', field: 'amount', alias: 'mn' },
            { function: 'max', field: 'amount', alias: 'mx' },
            { function: 'count_distinct', field: 'category', alias: 'cd' },
          ],
          expect: [{ n: 6, cq: 5, sq: 11, aq: 2.2, mn: 1, mx: 20, cd: 2 }],
        },
        {
          where: { region: { $eq: 'n' } },
          aggregations: [
            { function: 'sum', field: 'amount', alias: 'total' },
            { function: 'avg', field: 'qty', alias: 'aq' },
            { function: 'count', field: 'category', alias: 'cc' },
          ],
          expect: [{ total: 22, aq: 2, cc: 2 }],
        },
      ]),
  },
  {
    id: 'DRV-AGG-003',
    level: 'MUST',
    group: 'aggregation',
    title: 'over no non-null values count is 0 and sum, avg, min, max are null',
    requires: 'queryAggregations',
    run: (context) =>
      checkAggregateCases(context, [
        {
          where: { amount: { $gt: 1000 } },
          aggregations: [
            { function: 'count', alias: 'n' },
            { function: 'count', field: 'qty', alias: 'cq' },
            { function: 'sum', field: 'qty', alias: 'sq' },
            { function: 'avg', field: 'qty', alias: 'aq' },
            { function: 'min', field: 'amount', alias: 'mn' },
            { function: 'max', field: 'amount', alias: 'mx' },
          ],
          expect: [{ n: 0, cq: 0, sq: null, aq: null, mn: null, mx: null }],
        },
        {
          where: { id: { $eq: 'g2' } },
          aggregations: [
            { function: 'count', field: 'qty', alias: 'cq' },
            { function: 'sum', field: 'qty', alias: 'sq' },
            { function: 'avg', field: 'qty', alias: 'aq' },
            { function: 'max', field: 'qty', alias: 'mx' },
          ],
          expect: [{ cq: 0, sq: null, aq: null, mx: null }],
        },
      ]),
  },
  {
    id: 'DRV-AGG-004',
    level: 'MUST',
    group: 'aggregation',
    title: 'groupBy makes one row per group, null being its own group',
    requires: 'queryAggregations',
    run: (context) =>
      checkAggregateCases(context, [
        {
          groupBy: ['category'],
          aggregations: [
            { function: 'count', alias: 'n' },
            { function: 'sum', field: 'amount', alias: 'total' },
          ],
          expect: [
            { category: 'a', n: 2, total: 30 },
            { category: 'b', n: 2, total: 5 },
            { category: null, n: 2, total: 8 },
          ],
        },
        {
          groupBy: ['category', 'region'],
          aggregations: [
            { function: 'count', alias: 'n' },
            { function: 'sum', field: 'amount', alias: 'total' },
          ],
          expect: [
            { category: 'a', region: 'n', n: 1, total: 10 },
            { category: 'a', region: 's', n: 1, total: 20 },
            { category: 'b', region: 'n', n: 1, total: 5 },
            { category: null, region: 'n', n: 1, total: 7 },
            { category: 'b', region: null, n: 1, total: null },
            { category: null, region: 's', n: 1, total: 1 },
          ],
        },
      ]),
  },
  {
    id: 'DRV-AGG-005',
    level: 'MUST',
    group: 'aggregation',
    title: 'having filters grouped rows by group values and aliases',
    requires: 'queryAggregations',
    run: (context) => {
      const aggregations = [
        { function: 'count', alias: 'n' },
        { function: 'sum', field: 'amount', alias: 'total' },
      ] as const
      const base = { groupBy: ['category'], aggregations }
      return checkAggregateCases(context, [
        {
          ...base,
          having: { total: { $gt: 6 } },
          expect: [
            { category: 'a', n: 2, total: 30 },
            { category: null, n: 2, total: 8 },
          ],
        },
        {
          ...base,
          having: { category: { $eq: 'b' } },
          expect: [{ category: 'b', n: 2, total: 5 }],
        },
        {
          ...base,
          having: { $and: [{ n: { $eq: 2 } }, { total: { $lt: 10 } }] },
          expect: [
            { category: 'b', n: 2, total: 5 },
            { category: null, n: 2, total: 8 },
          ],
        },
        {
          ...base,
          having: { category: { $null: true } },
          expect: [{ category: null, n: 2, total: 8 }],
        },
      ])
    },
  },
  {
    id: 'DRV-AGG-006',
    level: 'MUST',
    group: 'aggregation',
    title: 'distinct returns each non-null value among matching records once',
    requires: 'distinct',
    async run(context) {
      const object = await seedObject(context, LEDGER, LEDGER_ROWS)
      return firstFailure(
        DISTINCT_CASES,
        (item) => `distinct(${item.field}) where ${preview(item.where)}`,
        async (item) => {
          const values = await context.driver.distinct(object, item.field, item.where)
          const sorted = [...values].sort(compareLoose)
          if (deepEqual(sorted, item.expect)) return undefined
          return fail(
            `distinct(${item.field}) where ${preview(item.where)} returned ${preview(values)}; expected ${preview(item.expect)} in any order`,
            {
              minimalCase: {
                records: LEDGER_ROWS,
                field: item.field,
                where: item.where,
                expected: item.expect,
                actual: values,
              },
            },
          )
        },
      )
    },
  },
  {
    id: 'DRV-AGG-007',
    level: 'SHOULD',
    group: 'aggregation',
    title: 'group rows and distinct values come in spec order',
    requires: 'queryAggregations',
    async run(context) {
      const grouped = await checkAggregateCases(context, [
        {
          groupBy: ['category'],
          aggregations: [{ function: 'count', alias: 'n' }],
          ordered: true,
          expect: [
            { category: null, n: 2 },
            { category: 'a', n: 2 },
            { category: 'b', n: 2 },
          ],
        },
      ])
      if (grouped.status !== 'pass' || !context.capabilities.distinct) return grouped
      const object = await seedObject(context, LEDGER, LEDGER_ROWS)
      const values = await context.driver.distinct(object, 'qty')
      if (deepEqual(values, [1, 2, 3, 4])) return pass()
      return fail(`distinct(qty) returned ${preview(values)}; spec order is [1,2,3,4]`)
    },
  },
])

function compareLoose(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
}
