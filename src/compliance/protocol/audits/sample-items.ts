import { deepEqual } from '../../driver/record-compare.js'

/** One `prt_items` record as an audit sends it (no id: the server assigns one). */
export type ItemValues = Readonly<Record<string, unknown>>

/**
 * Seven items covering what list audits need: ties on `qty` (secondary sort keys matter), a null
 * `qty` (null order), upper and lower case names (code-point order), unicode, each status and
 * none, booleans both ways and missing, dates across a year boundary.
 */
export function sampleItems(run: string): ItemValues[] {
  return [
    { run, name: 'alpha', qty: 3, price: 9.5, active: true, status: 'open', due: '2024-03-01' },
    { run, name: 'bravo', qty: 10, price: 1.25, active: false, status: 'done', due: '2023-12-31' },
    { run, name: 'Charlie', qty: 0, active: true, status: 'open', notes: 'upper case first' },
    { run, name: 'delta', qty: 3, price: 100, active: false },
    { run, name: 'écho ✓', qty: 25.5, status: 'done', due: '2024-01-15', notes: 'ünïcødé' },
    { run, name: 'alpha', active: true, status: 'open', price: 0 },
    { run, name: 'golf', qty: 7, price: 3.75, status: 'done', due: '2024-03-01' },
  ]
}

/**
 * The fields where `actual` differs from `expected`, comparing only the keys `expected` names
 * and treating null and missing as the same (docs/SPEC.md terms).
 */
export function mismatchedFields(
  expected: Readonly<Record<string, unknown>>,
  actual: Readonly<Record<string, unknown>>,
): string[] {
  return Object.keys(expected).filter((key) => {
    const want = expected[key] ?? null
    const got = actual[key] ?? null
    return !deepEqual(want, got)
  })
}

/** `value` when it is a plain JSON object, else undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}
