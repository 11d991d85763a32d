import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { AuditFailure, describeResponse } from '../protocol-checks.js'
import type { ProtocolResponse } from '../protocol-transport.js'
import { withCleanup } from './cross-protocol-cleanup.js'
import type { ItemSeed } from './cross-protocol-records.js'
import { isErrorBody, odataRemover, queryItems, seedItems } from './odata-client.js'

/**
 * The records filter audits query: every field null somewhere, ties on `qty`, a name with a
 * quote, non-Latin letters, and strings that differ only in case.
 */
export const FILTER_SEEDS: readonly ItemSeed[] = Object.freeze([
  {
    name: 'alpha',
    qty: 1,
    price: 10,
    active: true,
    status: 'open',
    due: '2024-01-10',
    notes: 'red apple',
  },
  {
    name: 'Beta',
    qty: 5,
    price: 2.5,
    active: false,
    status: 'done',
    due: '2024-03-01',
    notes: null,
  },
  {
    name: "O'Hara",
    qty: 3,
    price: null,
    active: true,
    status: 'open',
    due: null,
    notes: 'Apple pie',
  },
  {
    name: 'gamma',
    qty: null,
    price: 7,
    active: null,
    status: null,
    due: '2023-12-31',
    notes: 'green',
  },
  {
    name: 'delta',
    qty: 8,
    price: 1,
    active: false,
    status: 'open',
    due: '2024-06-15',
    notes: null,
  },
  {
    name: 'Zoë 東京',
    qty: 3,
    price: 3,
    active: true,
    status: 'done',
    due: '2024-02-29',
    notes: 'blue',
  },
])

/**
 * A `$filter` expression and the records it selects, written out by hand from OData's rules
 * (Part 2 §5.1.1): comparisons with null are false except `eq null`/`ne`, a canonical function
 * of null is null, and `not null` is null, so such records are left out.
 */
export interface FilterCase {
  readonly filter: string
  readonly expect: (seed: ItemSeed) => boolean
}

/** The seeded records by id. */
export type Seeded = ReadonlyMap<string, ItemSeed>

/** Seeds {@link FILTER_SEEDS} through OData, runs `body`, and deletes them again. */
export async function withFilterSeeds<T>(
  ctx: ProtocolAuditContext,
  body: (seeded: Seeded) => Promise<T>,
): Promise<T> {
  return withCleanup(odataRemover(ctx), async (tracker) => {
    const ids = await seedItems(ctx, tracker, FILTER_SEEDS)
    return body(new Map(ids.map((id, index) => [id, FILTER_SEEDS[index] as ItemSeed])))
  })
}

/** How a service answered one case. */
export type CaseResult =
  | { readonly kind: 'right' }
  | { readonly kind: 'wrong'; readonly expected: string[]; readonly got: string[] }
  | { readonly kind: 'refused'; readonly response: ProtocolResponse }

/** The seeded names of `rows` in their order (an entity not seeded shows as `<unknown id>`). */
export function seededNames(
  seeded: Seeded,
  rows: readonly Readonly<Record<string, unknown>>[],
): string[] {
  return rows.map((row) => seeded.get(String(row['id']))?.name ?? `<unknown ${String(row['id'])}>`)
}

function namesOf(seeded: Seeded, ids: readonly string[]): string[] {
  return seededNames(
    seeded,
    ids.map((id) => ({ id })),
  ).sort()
}

/** Runs one case against the seeded records. */
export async function runCase(
  ctx: ProtocolAuditContext,
  seeded: Seeded,
  testCase: FilterCase,
): Promise<CaseResult> {
  const outcome = await queryItems(ctx, testCase.filter)
  if (!outcome.ok) return { kind: 'refused', response: outcome.response }
  const expected = [...seeded.entries()]
    .filter(([, seed]) => testCase.expect(seed))
    .map(([id]) => id)
  const got = outcome.rows.map((row) => String(row['id']))
  const expectedNames = namesOf(seeded, expected)
  const gotNames = namesOf(seeded, got)
  return got.length === expected.length &&
    JSON.stringify(expectedNames) === JSON.stringify(gotNames)
    ? { kind: 'right' }
    : { kind: 'wrong', expected: expectedNames, got: gotNames }
}

/** Fails on the first case the service refuses or answers wrongly. */
export async function checkCases(
  ctx: ProtocolAuditContext,
  seeded: Seeded,
  cases: readonly FilterCase[],
): Promise<void> {
  for (const testCase of cases) {
    const result = await runCase(ctx, seeded, testCase)
    if (result.kind === 'refused') {
      throw new AuditFailure(`$filter=${testCase.filter} was refused (${result.response.status})`, {
        filter: testCase.filter,
        response: describeResponse(result.response),
      })
    }
    if (result.kind === 'wrong') {
      throw new AuditFailure(`$filter=${testCase.filter} selected the wrong records`, {
        filter: testCase.filter,
        expected: result.expected,
        got: result.got,
      })
    }
  }
}

/**
 * True when a refusal is one OData allows for something a service does not implement: a 4xx
 * or 501 with OData's error body (Part 1 §13.1.1 item 7; 4.02 also allows 400). A 500 or an
 * unstructured body is not a refusal but a failure.
 */
export function isProperRefusal(response: ProtocolResponse): boolean {
  if (!(response.status >= 400 && response.status < 500) && response.status !== 501) return false
  try {
    return isErrorBody(JSON.parse(response.text))
  } catch {
    return false
  }
}

/** `a < b` for two present values; OData's comparisons with null are false. */
export function lessThan<T extends number | string>(a: T | null | undefined, b: T): boolean {
  return a !== null && a !== undefined && a < b
}

/** `a > b` for two present values; OData's comparisons with null are false. */
export function greaterThan<T extends number | string>(a: T | null | undefined, b: T): boolean {
  return a !== null && a !== undefined && a > b
}
