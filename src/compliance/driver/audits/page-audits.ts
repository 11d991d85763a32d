import type { SortNode } from '../../../kernel/spec/query-ast.js'
import { defineAudits } from '../driver-audit.js'
import { SCALARS } from '../fixtures.js'
import { checkOrderCases } from '../order-cases.js'

const BY_N: readonly SortNode[] = [
  { field: 'n', order: 'asc' },
  { field: 'id', order: 'asc' },
]
const BY_N_DESC: readonly SortNode[] = [
  { field: 'n', order: 'desc' },
  { field: 'id', order: 'asc' },
]

// Ties on `n` make the final `id asc` key decide, so pages only partition with a total order.
const RECORDS = [
  { id: 'p1', n: 3 },
  { id: 'p2', n: 1 },
  { id: 'p3', n: 2 },
  { id: 'p4', n: 1 },
  { id: 'p5', n: 3 },
  { id: 'p6', n: 2 },
  { id: 'p7', n: 0 },
]

/** The DRV-PAGE audits. */
export const PAGE_AUDITS = defineAudits([
  {
    id: 'DRV-PAGE-001',
    level: 'MUST',
    group: 'order',
    title: 'offset and limit apply after ordering; pages partition the result',
    run: (context) =>
      checkOrderCases(context, SCALARS, RECORDS, [
        { orderBy: BY_N, expect: ['p7', 'p2', 'p4', 'p3', 'p6', 'p1', 'p5'] },
        { orderBy: BY_N, limit: 3, offset: 0, expect: ['p7', 'p2', 'p4'] },
        { orderBy: BY_N, limit: 3, offset: 3, expect: ['p3', 'p6', 'p1'] },
        { orderBy: BY_N, limit: 3, offset: 6, expect: ['p5'] },
        { orderBy: BY_N, offset: 2, expect: ['p4', 'p3', 'p6', 'p1', 'p5'] },
        { orderBy: BY_N, limit: 2, offset: 5, expect: ['p1', 'p5'] },
        { orderBy: BY_N_DESC, limit: 3, offset: 1, expect: ['p5', 'p3', 'p6'] },
        {
          orderBy: BY_N,
          where: { n: { $gte: 2 } },
          limit: 2,
          offset: 1,
          expect: ['p6', 'p1'],
        },
      ]),
  },
  {
    id: 'DRV-PAGE-002',
    level: 'MUST',
    group: 'order',
    title: 'limit 0 and an offset past the end return no records',
    run: (context) =>
      checkOrderCases(context, SCALARS, RECORDS, [
        { orderBy: BY_N, limit: 0, expect: [] },
        { orderBy: BY_N, limit: 0, offset: 2, expect: [] },
        { orderBy: BY_N, offset: 7, expect: [] },
        { orderBy: BY_N, offset: 100, limit: 5, expect: [] },
        { orderBy: BY_N, offset: 6, limit: 10, expect: ['p5'] },
      ]),
  },
])
