import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import type { FilterCondition } from '../../kernel/spec/query-ast.js'
import type { SqlDriver } from './sql-driver.js'
import {
  ITEM_OBJECT,
  SQL_TEST_DIALECTS,
  openDriver,
  removeTempFiles,
} from './sql-dialects.test-utils.js'
import type { OpenedDriver } from './sql-dialects.test-utils.js'
import { compareCodePoints, expectedIds } from './sql-reference-model.test-utils.js'

// Values chosen to break naive SQL: case, trailing spaces, LIKE wildcards, regex characters,
// NUL and control characters, astral characters, the empty string, null and missing.
const ROWS: readonly Record<string, unknown>[] = [
  { id: 'r01', title: 'apple', qty: 10, done: true, status: 'open', day: '2024-01-01' },
  { id: 'r02', title: 'Apple', qty: 9, done: false, status: 'closed', day: '2023-12-31' },
  { id: 'r03', title: 'apple ', qty: -1.5, status: 'open', rank: 2 },
  { id: 'r04', title: '100%_off\\', qty: 0, done: true, rank: 'b' },
  { id: 'r05', qty: null, done: null, status: null },
  { id: 'r06', title: '', qty: 2.5, done: false, rank: 'a' },
  { id: 'r07', title: 'b.*[x]^$', qty: 1e15, due: '2024-05-01T10:00:00.000Z' },
  { id: 'r08', title: 'nul\u0000in\u0001side\u0002', qty: 3, due: '2024-05-01T09:59:59.999Z' },
  { id: 'r09', title: '😀 emoji', qty: 100, done: true, rank: 10 },
  { id: 'r10', title: '\uffff last bmp', qty: -100 },
  { id: 'r11', title: 'o\'quote "double" `tick`', status: 'closed', tags: ['x'] },
  { id: 'r12', title: 'APPLE PIE', qty: 9.5, meta: { a: 1 } },
]

const CASES: readonly (readonly [string, FilterCondition])[] = [
  ['DRV-NULL-001 $eq never matches null or missing', { status: { $eq: 'open' } }],
  ['DRV-NULL-002 $ne matches null and missing', { status: { $ne: 'open' } }],
  ['DRV-NULL-003 $nin matches null and missing', { status: { $nin: ['open', 'closed'] } }],
  ['DRV-NULL-004 $gt never matches null or missing', { qty: { $gt: -1000 } }],
  ['DRV-NULL-004 $lte never matches null or missing', { qty: { $lte: 1e16 } }],
  ['DRV-NULL-005 $null: true matches null and missing', { title: { $null: true } }],
  ['DRV-NULL-005 $null: false matches every other value', { title: { $null: false } }],
  ['DRV-NULL-006 $contains never matches null', { title: { $contains: '' } }],
  ['DRV-NULL-006 $notContains matches null and missing', { title: { $notContains: 'apple' } }],
  ['DRV-STR-001 $contains is case-sensitive', { title: { $contains: 'pple' } }],
  ['DRV-STR-001 $startsWith is case-sensitive', { title: { $startsWith: 'App' } }],
  ['DRV-STR-001 $endsWith is case-sensitive', { title: { $endsWith: 'PIE' } }],
  ['DRV-STR-002 % and _ match themselves', { title: { $contains: '%_' } }],
  ['DRV-STR-002 backslash matches itself', { title: { $endsWith: 'off\\' } }],
  ['DRV-STR-002 regex characters match themselves', { title: { $contains: '.*[x]^$' } }],
  ['DRV-STR-002 a lone _ does not match any character', { title: { $contains: '_' } }],
  ['DRV-STR-003 $eq is case-sensitive', { title: { $eq: 'apple' } }],
  ['DRV-STR-003 trailing spaces are significant', { title: { $eq: 'apple ' } }],
  ['DRV-STR-004 NUL and control characters match', { title: { $contains: '\u0000in\u0001' } }],
  ['DRV-STR-004 astral characters match', { title: { $startsWith: '😀' } }],
  ['DRV-STR-005 $eq "" matches only ""', { title: { $eq: '' } }],
  ['DRV-FLT-005 strings compare by code point', { title: { $gt: '😀' } }],
  ['DRV-FLT-005 strings compare by code point (BMP max)', { title: { $gte: '\uffff' } }],
  ['DRV-FLT-005 numbers compare numerically', { qty: { $gt: 9 } }],
  ['DRV-FLT-005 booleans compare false < true', { done: { $gt: false } }],
  ['DRV-FLT-005 dates compare chronologically', { day: { $lt: '2024-01-01' } }],
  ['DRV-FLT-005 datetimes compare chronologically', { due: { $gte: '2024-05-01T10:00:00.000Z' } }],
  ['DRV-FLT-006 $in matches any listed value', { qty: { $in: [10, 0, 3, 4, 5] } }],
  ['DRV-FLT-006 $in: [] matches nothing', { qty: { $in: [] } }],
  ['DRV-FLT-006 $nin: [] matches everything', { qty: { $nin: [] } }],
  ['DRV-FLT-007 $not is two-valued over nulls', { $not: { status: { $eq: 'open' } } }],
  ['DRV-FLT-007 $not of $ne', { $not: { done: { $ne: true } } }],
  ['DRV-FLT-007 $not of $or', { $not: { $or: [{ qty: { $gt: 5 } }, { done: { $eq: true } }] } }],
  ['DRV-FLT-007 double $not', { $not: { $not: { qty: { $lt: 3 } } } }],
  [
    'DRV-FLT-004 every clause of $and applies',
    { $and: [{ qty: { $gte: 0 } }, { qty: { $lt: 10 } }, { done: { $null: false } }] },
  ],
  ['DRV-FLT-004 $or needs one clause', { $or: [{ title: { $eq: 'apple' } }, { qty: { $lt: 0 } }] }],
  ['mixed select values compare within their type', { rank: { $gt: 'a' } }],
  ['mixed select numbers compare numerically', { rank: { $gte: 2 } }],
  ['mixed select strings match text operators', { rank: { $startsWith: 'b' } }],
  ['DRV-FLT-004 $null on a multi-value field', { tags: { $null: false } }],
  ['DRV-FLT-004 $null on a json field', { meta: { $null: true } }],
]

for (const dialect of SQL_TEST_DIALECTS) {
  describe.skipIf(dialect.skip)(`${dialect.title}: filters`, () => {
    let opened: OpenedDriver
    let driver: SqlDriver
    const find = async (where: FilterCondition): Promise<string[]> => {
      const rows = await driver.find('item', { object: 'item', where })
      return rows.map((row) => row.id).sort(compareCodePoints)
    }

    beforeAll(async () => {
      opened = await openDriver(dialect, 'flt', [ITEM_OBJECT])
      driver = opened.driver
      await driver.bulkCreate('item', ROWS)
    })

    afterAll(async () => {
      await opened.close()
      removeTempFiles()
    })

    it.each(CASES)('%s', async (_name, where) => {
      expect(await find(where)).toEqual(expectedIds(ROWS, where))
    })

    it('DRV-AGG-001 count(where) equals the length of find(where)', async () => {
      for (const [, where] of CASES) {
        expect(await driver.count('item', where)).toBe(expectedIds(ROWS, where).length)
      }
    })

    it('DRV-FLT-001 an operator outside the canonical set fails with INVALID_FILTER', async () => {
      const where = { title: { $regex: 'a' } } as unknown as FilterCondition
      await expect(driver.find('item', { object: 'item', where })).rejects.toSatisfy((e) =>
        hasErrorCode(e, 'INVALID_FILTER'),
      )
      await expect(driver.count('item', where)).rejects.toSatisfy((e) =>
        hasErrorCode(e, 'INVALID_FILTER'),
      )
    })

    it('DRV-FLT-002 a filter on an unknown field fails with INVALID_FIELD', async () => {
      await expect(find({ titel: { $eq: 'apple' } })).rejects.toSatisfy((e) =>
        hasErrorCode(e, 'INVALID_FIELD'),
      )
    })

    it('DRV-FLT-003 malformed filters fail with INVALID_FILTER', async () => {
      const malformed = [
        { qty: { $in: 3 } },
        { $and: [] },
        { qty: { $gt: 1, $lt: 5 } },
        { qty: 3 },
        { qty: { $gt: 'three' } },
        { done: { $contains: 'x' } },
        { tags: { $eq: 'x' } },
        { meta: { $contains: 'a' } },
      ] as unknown as FilterCondition[]
      for (const where of malformed) {
        await expect(find(where), JSON.stringify(where)).rejects.toSatisfy((e) =>
          hasErrorCode(e, 'INVALID_FILTER'),
        )
      }
    })

    it('DRV-FLT-007 random filters agree with the reference semantics', async () => {
      const field = fc.constantFrom('title', 'qty', 'done', 'status')
      const operand = (f: string): fc.Arbitrary<unknown> =>
        f === 'qty'
          ? fc.constantFrom(-100, 0, 2.5, 9, 10, 1e15)
          : f === 'done'
            ? fc.boolean()
            : fc.constantFrom('apple', 'Apple', '', 'open', 'closed', 'a', '%', '😀')
      const leaf: fc.Arbitrary<FilterCondition> = field.chain((f) =>
        fc.oneof(
          fc
            .tuple(fc.constantFrom('$eq', '$ne', '$gt', '$gte', '$lt', '$lte'), operand(f))
            .map(([op, v]) => ({ [f]: { [op]: v } })),
          fc
            .array(operand(f), { maxLength: 3 })
            .chain((list) => fc.constantFrom({ [f]: { $in: list } }, { [f]: { $nin: list } })),
          fc.boolean().map((b) => ({ [f]: { $null: b } })),
          f === 'title' || f === 'status'
            ? fc
                .tuple(
                  fc.constantFrom('$contains', '$notContains', '$startsWith', '$endsWith'),
                  operand('title'),
                )
                .map(([op, v]) => ({ [f]: { [op]: v } }))
            : fc.constant({ [f]: { $null: false } }),
        ),
      )
      const tree = fc.letrec<{ node: FilterCondition }>((tie) => ({
        node: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          leaf,
          fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((c) => ({ $and: c })),
          fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((c) => ({ $or: c })),
          tie('node').map((c) => ({ $not: c })),
        ),
      })).node
      await fc.assert(
        fc.asyncProperty(tree, async (where) => {
          expect(await find(where)).toEqual(expectedIds(ROWS, where))
        }),
        { seed: 20241124, numRuns: 150 },
      )
    })
  })
}
