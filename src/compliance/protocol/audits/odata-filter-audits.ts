import { pass, skip } from '../../common/audit-result.js'
import type { ProtocolAudit } from '../protocol-audit.js'
import { AuditFailure } from '../protocol-checks.js'
import type { ItemSeed } from './cross-protocol-records.js'
import {
  checkCases,
  greaterThan,
  lessThan,
  runCase,
  withFilterSeeds,
} from './odata-filter-cases.js'
import type { FilterCase } from './odata-filter-cases.js'

const NEEDS = ['odata'] as const

/** One audit that checks a list of filter cases (every one must be answered exactly). */
function filterAudit(
  id: string,
  level: ProtocolAudit['level'],
  title: string,
  cites: string,
  cases: readonly FilterCase[],
): ProtocolAudit {
  return {
    id,
    level,
    group: 'odata',
    title,
    cites,
    needs: NEEDS,
    async run(ctx) {
      return withFilterSeeds(ctx, async (seeded) => {
        await checkCases(ctx, seeded, cases)
        return pass(`${cases.length} expressions`)
      })
    },
  }
}

const notes = (seed: ItemSeed): string | null => seed.notes ?? null

/**
 * Operator precedence cases: each reads differently when `and` does not bind tighter than `or`,
 * or `not` binds looser than a function call (the wrong reading is in the comment).
 */
const PRECEDENCE: readonly FilterCase[] = [
  {
    // wrong: (qty gt 4 or active eq true) and qty lt 2
    filter: 'qty gt 4 or active eq true and qty lt 2',
    expect: (s) => greaterThan(s.qty, 4) || (s.active === true && lessThan(s.qty, 2)),
  },
  {
    // wrong: (name eq 'alpha' or name eq 'Beta') and qty eq 8
    filter: "name eq 'alpha' or name eq 'Beta' and qty eq 8",
    expect: (s) => s.name === 'alpha' || (s.name === 'Beta' && s.qty === 8),
  },
  {
    // wrong: active eq true and (qty gt 2 or status eq 'done')
    filter: "active eq true and qty gt 2 or status eq 'done'",
    expect: (s) => (s.active === true && greaterThan(s.qty, 2)) || s.status === 'done',
  },
  {
    // wrong: not (endswith(name,'a') and qty ge 3)
    filter: "not endswith(name,'a') and qty ge 3",
    expect: (s) => !s.name.endsWith('a') && s.qty != null && s.qty >= 3,
  },
]

/** `$filter`: comparison and logical operators, literals, `in` and string functions. */
export const ODATA_FILTER_AUDITS: readonly ProtocolAudit[] = [
  filterAudit(
    'PRT-ODATA-007',
    'MUST',
    '$filter eq and ne select exactly the matching entities (strings, numbers, booleans, dates)',
    'OData v4.01 Part 2 §5.1.1.1.1, §5.1.1.1.2; Part 1 §13.1.2 (7.1)',
    [
      { filter: "name eq 'alpha'", expect: (s) => s.name === 'alpha' },
      { filter: 'qty eq 3', expect: (s) => s.qty === 3 },
      { filter: 'price eq 2.5', expect: (s) => s.price === 2.5 },
      { filter: 'active eq true', expect: (s) => s.active === true },
      { filter: "status eq 'done'", expect: (s) => s.status === 'done' },
      { filter: 'due eq 2024-03-01', expect: (s) => s.due === '2024-03-01' },
      { filter: "name ne 'alpha'", expect: (s) => s.name !== 'alpha' },
    ],
  ),
  filterAudit(
    'PRT-ODATA-008',
    'MUST',
    '$filter ne also selects entities whose property is null',
    'OData v4.01 Part 2 §5.1.1.1.2',
    [
      { filter: "notes ne 'green'", expect: (s) => notes(s) !== 'green' },
      { filter: "status ne 'open'", expect: (s) => s.status !== 'open' },
      { filter: 'qty ne 3', expect: (s) => s.qty !== 3 },
      { filter: 'active ne true', expect: (s) => s.active !== true },
    ],
  ),
  filterAudit(
    'PRT-ODATA-009',
    'MUST',
    'The null literal: eq null selects null properties, ne null the others',
    'OData v4.01 Part 2 §5.1.1.1.1, §5.1.1.14',
    [
      { filter: 'notes eq null', expect: (s) => notes(s) === null },
      { filter: 'notes ne null', expect: (s) => notes(s) !== null },
      { filter: 'qty eq null', expect: (s) => s.qty == null },
      { filter: 'due ne null', expect: (s) => s.due != null },
    ],
  ),
  filterAudit(
    'PRT-ODATA-010',
    'MUST',
    'String literals: a doubled single quote is one quote; non-ASCII text matches exactly',
    'OData v4.01 ABNF (SQUOTE-in-string); Part 2 §5.1.1.1.1',
    [
      { filter: "name eq 'O''Hara'", expect: (s) => s.name === "O'Hara" },
      { filter: "name ne 'O''Hara'", expect: (s) => s.name !== "O'Hara" },
      { filter: "name eq 'Zoë 東京'", expect: (s) => s.name === 'Zoë 東京' },
      { filter: "notes eq 'Apple pie'", expect: (s) => notes(s) === 'Apple pie' },
    ],
  ),
  filterAudit(
    'PRT-ODATA-011',
    'SHOULD',
    '$filter gt, ge, lt, le order numbers and dates; a null property never matches',
    'OData v4.01 Part 2 §5.1.1.1.3-6; Part 1 §13.1.2 (7.3)',
    [
      { filter: 'qty gt 3', expect: (s) => greaterThan(s.qty, 3) },
      { filter: 'qty ge 3', expect: (s) => s.qty != null && s.qty >= 3 },
      { filter: 'qty lt 3', expect: (s) => lessThan(s.qty, 3) },
      { filter: 'qty le 3', expect: (s) => s.qty != null && s.qty <= 3 },
      { filter: 'price lt 4', expect: (s) => lessThan(s.price, 4) },
      { filter: 'due lt 2024-02-01', expect: (s) => lessThan(s.due, '2024-02-01') },
      { filter: 'due ge 2024-02-29', expect: (s) => s.due != null && s.due >= '2024-02-29' },
    ],
  ),
  filterAudit(
    'PRT-ODATA-012',
    'SHOULD',
    '$filter and, or, not and parentheses combine conditions, null treated as unknown',
    'OData v4.01 Part 2 §5.1.1.1.7-9, §5.1.1.3, §5.1.1.4',
    [
      {
        filter: 'active eq true and qty lt 4',
        expect: (s) => s.active === true && lessThan(s.qty, 4),
      },
      {
        filter: "status eq 'done' or qty gt 6",
        expect: (s) => s.status === 'done' || greaterThan(s.qty, 6),
      },
      // gt with a null operand is false, so its negation holds for null qty.
      { filter: 'not (qty gt 3)', expect: (s) => !greaterThan(s.qty, 3) },
      { filter: "not (status eq 'open')", expect: (s) => s.status !== 'open' },
      // contains(null, ...) is null and not null is null: null notes are left out.
      {
        filter: "not contains(notes,'pp')",
        expect: (s) => notes(s) !== null && !(notes(s) as string).includes('pp'),
      },
      {
        filter: "(status eq 'open' or status eq 'done') and not (active eq false)",
        expect: (s) => (s.status === 'open' || s.status === 'done') && s.active !== false,
      },
    ],
  ),
  {
    id: 'PRT-ODATA-013',
    level: 'MUST',
    group: 'odata',
    title: 'Operator precedence: not before comparisons before and before or',
    cites: 'OData v4.01 Part 2 §5.1.1.17',
    needs: NEEDS,
    async run(ctx) {
      return withFilterSeeds(ctx, async (seeded) => {
        let answered = 0
        for (const testCase of PRECEDENCE) {
          const result = await runCase(ctx, seeded, testCase)
          if (result.kind === 'refused') continue
          if (result.kind === 'wrong') {
            throw new AuditFailure(`$filter=${testCase.filter} was grouped wrongly`, {
              filter: testCase.filter,
              expected: result.expected,
              got: result.got,
            })
          }
          answered += 1
        }
        if (answered === 0) {
          return skip('not-applicable', 'the service refused every expression (and/or/not)')
        }
        return pass(`${answered} of ${PRECEDENCE.length} expressions answered`)
      })
    },
  },
  filterAudit(
    'PRT-ODATA-014',
    'SHOULD',
    '$filter in selects entities whose property is one of the listed values',
    'OData v4.01 Part 2 §5.1.1.1.11; Part 1 §13.2.1 (9.i)',
    [
      {
        filter: "status in ('open','done')",
        expect: (s) => s.status === 'open' || s.status === 'done',
      },
      {
        filter: "name in ('alpha','O''Hara','missing')",
        expect: (s) => ['alpha', "O'Hara"].includes(s.name),
      },
      { filter: 'qty in (1,8)', expect: (s) => s.qty === 1 || s.qty === 8 },
    ],
  ),
  filterAudit(
    'PRT-ODATA-015',
    'SHOULD',
    'contains, startswith and endswith match case-sensitively and never match null',
    'OData v4.01 Part 2 §5.1.1.5.2, §5.1.1.5.3, §5.1.1.5.6; Part 1 §13.1.2 (7.4)',
    [
      { filter: "contains(notes,'pple')", expect: (s) => notes(s)?.includes('pple') === true },
      { filter: "contains(notes,'apple')", expect: (s) => notes(s)?.includes('apple') === true },
      { filter: "startswith(name,'Zo')", expect: (s) => s.name.startsWith('Zo') },
      { filter: "startswith(name,'b')", expect: (s) => s.name.startsWith('b') },
      { filter: "endswith(notes,'e')", expect: (s) => notes(s)?.endsWith('e') === true },
      { filter: "contains(name,'''')", expect: (s) => s.name.includes("'") },
    ],
  ),
  filterAudit(
    'PRT-ODATA-016',
    'SHOULD',
    'tolower and toupper allow case-insensitive comparisons',
    'OData v4.01 Part 2 §5.1.1.7.2, §5.1.1.7.3; Part 1 §13.1.2 (7.4)',
    [
      { filter: "tolower(name) eq 'beta'", expect: (s) => s.name.toLowerCase() === 'beta' },
      { filter: "toupper(notes) eq 'GREEN'", expect: (s) => notes(s)?.toUpperCase() === 'GREEN' },
      {
        filter: "contains(tolower(notes),'apple')",
        expect: (s) => notes(s)?.toLowerCase().includes('apple') === true,
      },
    ],
  ),
]
