import type { SortNode } from '../../../kernel/spec/query-ast.js'
import { defineAudits } from '../driver-audit.js'
import { SCALARS } from '../fixtures.js'
import { checkOrderCases } from '../order-cases.js'

const ID: SortNode = { field: 'id', order: 'asc' }
const asc = (field: string): SortNode => ({ field, order: 'asc' })
const desc = (field: string): SortNode => ({ field, order: 'desc' })

const NUMBERS = [
  { id: 'o1', n: 10 },
  { id: 'o2', n: 9 },
  { id: 'o3', n: -1 },
  { id: 'o4', n: 2.5 },
  { id: 'o5', n: 100 },
  { id: 'o6', n: 0 },
]

// Code point order: '10' < '9' < 'A' < 'B' < 'Z' < 'a' < 'ab' < 'b' < 'z' < 'é' < 'ｚ' < '😀'.
// The last two differ from UTF-16 code unit order (JavaScript's default string compare).
const STRINGS = [
  { id: 's01', s: 'b' },
  { id: 's02', s: 'B' },
  { id: 's03', s: 'a' },
  { id: 's04', s: 'A' },
  { id: 's05', s: 'é' },
  { id: 's06', s: 'z' },
  { id: 's07', s: 'Z' },
  { id: 's08', s: '10' },
  { id: 's09', s: '9' },
  { id: 's10', s: 'ab' },
  { id: 's11', s: '\uff5a' },
  { id: 's12', s: '😀' },
]
const STRING_ORDER = [
  's08',
  's09',
  's04',
  's02',
  's07',
  's03',
  's10',
  's01',
  's06',
  's05',
  's11',
  's12',
]

const DATES = [
  { id: 't1', dt: '2024-01-01T00:00:00.000Z', d: '2024-02-01' },
  { id: 't2', dt: '2023-12-31T23:59:59.999Z', d: '2024-01-31' },
  { id: 't3', dt: '2024-01-01T00:00:00.001Z', d: '2023-12-01' },
  { id: 't4', dt: '1999-05-05T05:05:05.005Z', d: '2024-10-01' },
  { id: 't5', dt: '2100-01-01T00:00:00.000Z', d: '2024-09-30' },
]

const BOOLEANS = [
  { id: 'b1', b: true },
  { id: 'b2', b: false },
  { id: 'b3', b: true },
  { id: 'b4', b: false },
]

const NULLS = [
  { id: 'm1', n: 1, s: 'x' },
  { id: 'm2', n: null, s: null },
  { id: 'm3', n: -5, s: '' },
  { id: 'm4' },
  { id: 'm5', n: 0, s: 'a' },
]

const KEYS = [
  { id: 'k1', s: 'a', n: 2 },
  { id: 'k2', s: 'b', n: 1 },
  { id: 'k3', s: 'a', n: 1 },
  { id: 'k4', s: 'b', n: 2 },
  { id: 'k5', s: 'a', n: 2 },
]

/** The DRV-ORD audits. */
export const ORDER_AUDITS = defineAudits([
  {
    id: 'DRV-ORD-001',
    level: 'MUST',
    group: 'order',
    title: 'numbers sort numerically',
    run: (context) =>
      checkOrderCases(context, SCALARS, NUMBERS, [
        { orderBy: [asc('n'), ID], expect: ['o3', 'o6', 'o4', 'o2', 'o1', 'o5'] },
        { orderBy: [desc('n'), ID], expect: ['o5', 'o1', 'o2', 'o4', 'o6', 'o3'] },
      ]),
  },
  {
    id: 'DRV-ORD-002',
    level: 'MUST',
    group: 'order',
    title: 'strings sort by Unicode code point',
    run: (context) =>
      checkOrderCases(context, SCALARS, STRINGS, [
        { orderBy: [asc('s'), ID], expect: STRING_ORDER },
        { orderBy: [desc('s'), ID], expect: [...STRING_ORDER].reverse() },
      ]),
  },
  {
    id: 'DRV-ORD-003',
    level: 'MUST',
    group: 'order',
    title: 'dates and datetimes sort chronologically',
    run: (context) =>
      checkOrderCases(context, SCALARS, DATES, [
        { orderBy: [asc('dt'), ID], expect: ['t4', 't2', 't1', 't3', 't5'] },
        { orderBy: [desc('dt'), ID], expect: ['t5', 't3', 't1', 't2', 't4'] },
        { orderBy: [asc('d'), ID], expect: ['t3', 't2', 't1', 't5', 't4'] },
      ]),
  },
  {
    id: 'DRV-ORD-004',
    level: 'MUST',
    group: 'order',
    title: 'booleans sort false before true',
    run: (context) =>
      checkOrderCases(context, SCALARS, BOOLEANS, [
        { orderBy: [asc('b'), ID], expect: ['b2', 'b4', 'b1', 'b3'] },
        { orderBy: [desc('b'), ID], expect: ['b1', 'b3', 'b2', 'b4'] },
      ]),
  },
  {
    id: 'DRV-ORD-005',
    level: 'MUST',
    group: 'order',
    title: 'null and missing sort first ascending, last descending',
    run: (context) =>
      checkOrderCases(context, SCALARS, NULLS, [
        { orderBy: [asc('n'), ID], expect: ['m2', 'm4', 'm3', 'm5', 'm1'] },
        { orderBy: [desc('n'), ID], expect: ['m1', 'm5', 'm3', 'm2', 'm4'] },
        { orderBy: [asc('s'), ID], expect: ['m2', 'm4', 'm3', 'm5', 'm1'] },
        { orderBy: [desc('s'), ID], expect: ['m1', 'm5', 'm3', 'm2', 'm4'] },
      ]),
  },
  {
    id: 'DRV-ORD-006',
    level: 'MUST',
    group: 'order',
    title: 'later sort keys only break ties of earlier ones',
    run: (context) =>
      checkOrderCases(context, SCALARS, KEYS, [
        { orderBy: [asc('s'), desc('n'), ID], expect: ['k1', 'k5', 'k3', 'k4', 'k2'] },
        { orderBy: [asc('n'), desc('s'), ID], expect: ['k2', 'k3', 'k4', 'k1', 'k5'] },
        { orderBy: [desc('s'), desc('id')], expect: ['k4', 'k2', 'k5', 'k3', 'k1'] },
      ]),
  },
])
