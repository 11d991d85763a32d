import type { FilterCondition } from '../../../kernel/spec/query-ast.js'
import { firstFailure, expectError } from '../checks.js'
import { defineAudits } from '../driver-audit.js'
import { checkFilterCases } from '../filter-cases.js'
import { SCALARS, seedObject } from '../fixtures.js'
import { preview } from '../record-compare.js'

/**
 * DRV-FLT: operators, logic and bad filters. Records f5 (all null) and f6 (all missing) sit in
 * every data set, so each case also proves how the operator treats null and missing.
 */
const RECORDS = [
  { id: 'f1', s: 'apple', n: 1, b: true, dt: '2024-01-01T00:00:00.000Z', d: '2024-01-01' },
  { id: 'f2', s: 'Banana', n: 2, b: false, dt: '2024-06-15T12:30:00.000Z', d: '2024-06-15' },
  { id: 'f3', s: 'cherry', n: 10, b: true, dt: '2023-12-31T23:59:59.999Z', d: '2023-12-31' },
  { id: 'f4', s: 'date', n: -3.5, b: false, dt: '2025-03-01T08:00:00.000Z', d: '2025-03-01' },
  { id: 'f5', s: null, n: null, b: null, dt: null, d: null },
  { id: 'f6' },
]
const ALL = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6']

/** Runs `where` through find and count and demands one of `codes` from both. */
async function rejectsFilters(
  context: Parameters<typeof seedObject>[0],
  wheres: readonly FilterCondition[],
  codes: readonly ('INVALID_FILTER' | 'INVALID_FIELD')[],
) {
  const object = await seedObject(context, SCALARS, RECORDS)
  const calls = wheres.flatMap((where) => [
    { where, call: 'find' as const },
    { where, call: 'count' as const },
  ])
  return firstFailure(
    calls,
    (item) => `${item.call} where ${preview(item.where)}`,
    (item) =>
      expectError(
        `${item.call} where ${preview(item.where)}`,
        () =>
          item.call === 'find'
            ? context.driver.find(object, { object, where: item.where })
            : context.driver.count(object, item.where),
        codes,
        { call: item.call, where: item.where },
      ),
  )
}

/** The DRV-FLT audits. */
export const FILTER_AUDITS = defineAudits([
  {
    id: 'DRV-FLT-001',
    level: 'MUST',
    group: 'filters',
    title: 'an operator outside the canonical set fails with INVALID_FILTER',
    run: (context) =>
      rejectsFilters(
        context,
        [
          { s: { $regex: 'a' } },
          { s: { $like: '%a%' } },
          { n: { $between: [1, 2] } },
          { s: { $exists: true } },
          { $or: [{ n: { $eq: 1 } }, { n: { $foo: 2 } }] },
          { $not: { s: { $iLike: 'A' } } },
          { $nor: [{ n: { $eq: 1 } }] },
        ],
        ['INVALID_FILTER'],
      ),
  },
  {
    id: 'DRV-FLT-002',
    level: 'MUST',
    group: 'filters',
    title: 'a filter on an undeclared field fails with INVALID_FIELD',
    run: (context) =>
      rejectsFilters(
        context,
        [
          { nope: { $eq: 1 } },
          { $or: [{ s: { $eq: 'apple' } }, { ghost: { $null: true } }] },
          { $not: { missing_field: { $eq: 'x' } } },
        ],
        ['INVALID_FIELD'],
      ),
  },
  {
    id: 'DRV-FLT-003',
    level: 'MUST',
    group: 'filters',
    title: 'a malformed filter fails with INVALID_FILTER',
    run: (context) =>
      rejectsFilters(
        context,
        [{ s: { $in: 'apple' } }, { $and: [] }, { $or: [] }, { s: { $eq: 'apple', $ne: 'x' } }],
        ['INVALID_FILTER'],
      ),
  },
  {
    id: 'DRV-FLT-004',
    level: 'MUST',
    group: 'filters',
    title: 'every clause applies: $and needs all, $or needs one',
    run: (context) =>
      checkFilterCases(context, SCALARS, RECORDS, [
        { where: { $and: [{ n: { $gte: 1 } }, { b: { $eq: true } }] }, expect: ['f1', 'f3'] },
        { where: { $or: [{ s: { $eq: 'apple' } }, { n: { $eq: 10 } }] }, expect: ['f1', 'f3'] },
        {
          where: {
            $and: [{ $or: [{ n: { $lt: 2 } }, { n: { $gt: 5 } }] }, { s: { $null: false } }],
          },
          expect: ['f1', 'f3', 'f4'],
        },
        {
          where: {
            $or: [
              { $and: [{ b: { $eq: false } }, { n: { $gt: 0 } }] },
              { d: { $eq: '2023-12-31' } },
            ],
          },
          expect: ['f2', 'f3'],
        },
        {
          where: {
            $and: [
              { s: { $ne: 'apple' } },
              { n: { $lt: 10 } },
              { dt: { $gte: '2024-01-01T00:00:00.000Z' } },
            ],
          },
          expect: ['f2', 'f4'],
        },
      ]),
  },
  {
    id: 'DRV-FLT-005',
    level: 'MUST',
    group: 'filters',
    title: '$eq $ne $gt $gte $lt $lte compare by field type',
    run: (context) =>
      checkFilterCases(context, SCALARS, RECORDS, [
        { where: { n: { $eq: 2 } }, expect: ['f2'] },
        { where: { n: { $eq: -3.5 } }, expect: ['f4'] },
        { where: { n: { $ne: 2 } }, expect: ['f1', 'f3', 'f4', 'f5', 'f6'] },
        { where: { n: { $gt: 2 } }, expect: ['f3'] },
        { where: { n: { $gte: 2 } }, expect: ['f2', 'f3'] },
        { where: { n: { $lt: 2 } }, expect: ['f1', 'f4'] },
        { where: { n: { $lte: 2 } }, expect: ['f1', 'f2', 'f4'] },
        { where: { n: { $gt: 9 } }, expect: ['f3'] },
        { where: { n: { $gt: -4 } }, expect: ['f1', 'f2', 'f3', 'f4'] },
        { where: { s: { $eq: 'apple' } }, expect: ['f1'] },
        { where: { s: { $gt: 'apple' } }, expect: ['f3', 'f4'] },
        { where: { s: { $lt: 'b' } }, expect: ['f1', 'f2'] },
        { where: { s: { $lt: 'a' } }, expect: ['f2'] },
        { where: { s: { $lte: 'Banana' } }, expect: ['f2'] },
        { where: { s: { $gte: 'Banana' } }, expect: ['f1', 'f2', 'f3', 'f4'] },
        { where: { dt: { $eq: '2024-06-15T12:30:00.000Z' } }, expect: ['f2'] },
        { where: { dt: { $gt: '2024-01-01T00:00:00.000Z' } }, expect: ['f2', 'f4'] },
        { where: { dt: { $lt: '2024-01-01T00:00:00.000Z' } }, expect: ['f3'] },
        { where: { dt: { $lte: '2024-01-01T00:00:00.000Z' } }, expect: ['f1', 'f3'] },
        { where: { dt: { $gte: '2023-12-31T23:59:59.999Z' } }, expect: ['f1', 'f2', 'f3', 'f4'] },
        { where: { d: { $eq: '2025-03-01' } }, expect: ['f4'] },
        { where: { d: { $gt: '2024-01-01' } }, expect: ['f2', 'f4'] },
        { where: { d: { $lte: '2024-01-01' } }, expect: ['f1', 'f3'] },
        { where: { b: { $eq: true } }, expect: ['f1', 'f3'] },
        { where: { b: { $eq: false } }, expect: ['f2', 'f4'] },
        { where: { b: { $ne: true } }, expect: ['f2', 'f4', 'f5', 'f6'] },
        { where: { b: { $gt: false } }, expect: ['f1', 'f3'] },
        { where: { b: { $lt: true } }, expect: ['f2', 'f4'] },
        { where: { b: { $gte: false } }, expect: ['f1', 'f2', 'f3', 'f4'] },
      ]),
  },
  {
    id: 'DRV-FLT-006',
    level: 'MUST',
    group: 'filters',
    title: '$in matches any listed value; $in [] matches nothing, $nin [] everything',
    run: (context) =>
      checkFilterCases(context, SCALARS, RECORDS, [
        { where: { n: { $in: [1, 10] } }, expect: ['f1', 'f3'] },
        { where: { s: { $in: ['apple', 'date', 'zzz'] } }, expect: ['f1', 'f4'] },
        { where: { b: { $in: [false] } }, expect: ['f2', 'f4'] },
        { where: { dt: { $in: ['2024-01-01T00:00:00.000Z'] } }, expect: ['f1'] },
        { where: { n: { $in: [] } }, expect: [] },
        { where: { n: { $nin: [] } }, expect: ALL },
        { where: { s: { $nin: ['apple', 'Banana'] } }, expect: ['f3', 'f4', 'f5', 'f6'] },
      ]),
  },
  {
    id: 'DRV-FLT-007',
    level: 'MUST',
    group: 'filters',
    title: '$not matches exactly what its child does not (two-valued, nulls included)',
    run: (context) =>
      checkFilterCases(context, SCALARS, RECORDS, [
        { where: { $not: { n: { $gt: 1 } } }, expect: ['f1', 'f4', 'f5', 'f6'] },
        { where: { $not: { s: { $eq: 'apple' } } }, expect: ['f2', 'f3', 'f4', 'f5', 'f6'] },
        {
          where: { $not: { $or: [{ b: { $eq: true } }, { n: { $lt: 0 } }] } },
          expect: ['f2', 'f5', 'f6'],
        },
        { where: { $not: { $not: { n: { $eq: 2 } } } }, expect: ['f2'] },
        { where: { $not: { s: { $null: true } } }, expect: ['f1', 'f2', 'f3', 'f4'] },
        { where: { $not: { n: { $in: [1, 2] } } }, expect: ['f3', 'f4', 'f5', 'f6'] },
        { where: { $not: { s: { $contains: 'an' } } }, expect: ['f1', 'f3', 'f4', 'f5', 'f6'] },
      ]),
  },
])
