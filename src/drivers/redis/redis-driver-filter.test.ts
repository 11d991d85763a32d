import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  RedisTestBed,
  REDIS_URL,
  expectCode,
  idsWhere,
  snapshot,
  suiteTitle,
} from './redis-driver.test-utils.js'
import type { RedisDriver } from './redis-driver.js'
import type { FilterCondition } from '../../kernel/spec/query-ast.js'

// `n` is indexed (sorted set), `m` holds the same values without an index: every numeric
// filter is asserted on both, so the index plan and the full scan are held to one answer.
const RECORDS = [
  { id: 'a', title: 'Apple', n: 5, m: 5, done: true, status: 'open', tags: ['x', 'y'] },
  { id: 'b', title: 'apple pie', n: 10, m: 10, done: false, status: 'closed', tags: [] },
  { id: 'c', title: '', n: null, m: null, done: null, status: null, tags: null },
  { id: 'd' },
  {
    id: 'e',
    title: '100%_done\\*.[x]^$',
    n: -1.5,
    m: -1.5,
    done: true,
    status: 'open',
    tags: ['y'],
  },
  { id: 'f', title: 'Cafe\u0301 \u{1F600}', n: 0, m: 0, done: false, status: 'Open', tags: ['X'] },
  { id: 'g', title: 'apple ', n: 5, m: 5, status: 'closed' },
  { id: 'h', title: '9', n: '9' as unknown as number, m: '9' as unknown as number },
]
const ALL = RECORDS.map((r) => r.id)

describe.skipIf(REDIS_URL === undefined)(suiteTitle('redis driver: filters'), () => {
  const bed = new RedisTestBed('filter')
  let driver: RedisDriver
  beforeAll(async () => {
    driver = await bed.driver(RECORDS)
  })
  afterAll(() => bed.close())

  const ids = (where: FilterCondition): Promise<string[]> => idsWhere(driver, where)
  /** Ids for a numeric filter on `n` (indexed), checked to equal the same filter on `m`. */
  async function numeric(build: (field: string) => FilterCondition): Promise<string[]> {
    const indexed = await ids(build('n'))
    expect(await ids(build('m')), JSON.stringify(build('n'))).toEqual(indexed)
    return indexed
  }

  it('DRV-FLT-001 an operator outside the canonical set fails with INVALID_FILTER and returns nothing', async () => {
    for (const where of [
      { n: { $regex: '.' } },
      { n: { $between: [1, 2] } },
      { n: { $exists: true } },
    ]) {
      await expectCode(driver.find('task', { object: 'task', where }), 'INVALID_FILTER')
      await expectCode(driver.count('task', where), 'INVALID_FILTER')
      await expectCode(driver.distinct('task', 'title', where), 'INVALID_FILTER')
    }
  })

  it('DRV-FLT-002 a filter on an undeclared field fails with INVALID_FIELD', async () => {
    await expectCode(
      driver.find('task', { object: 'task', where: { titel: { $eq: 'x' } } }),
      'INVALID_FIELD',
    )
    await expectCode(
      driver.count('task', { $or: [{ n: { $eq: 1 } }, { nn: { $eq: 1 } }] }),
      'INVALID_FIELD',
    )
    await expectCode(
      driver.findOne('task', 'a', { object: 'task', where: { zz: { $null: true } } }),
      'INVALID_FIELD',
    )
  })

  it('DRV-FLT-003 malformed filters fail with INVALID_FILTER', async () => {
    const malformed: unknown[] = [
      { n: { $in: 5 } },
      { $and: [] },
      { $or: {} },
      { n: { $gt: 1, $lt: 3 } },
      { n: 5 },
      { n: { $eq: null } },
      { n: { $null: 'yes' } },
      { title: { $contains: 5 } },
      { id: { $in: [{ a: 1 }] } },
      [{ n: { $eq: 1 } }],
      { $not: [] },
    ]
    for (const where of malformed) {
      await expectCode(
        driver.find('task', { object: 'task', where: where as FilterCondition }),
        'INVALID_FILTER',
      )
    }
    expect(await snapshot(driver)).toHaveLength(RECORDS.length)
  })

  it('DRV-FLT-004 every clause applies: $and needs all, $or needs one', async () => {
    expect(
      await numeric((f) => ({ $and: [{ [f]: { $gte: 5 } }, { status: { $eq: 'closed' } }] })),
    ).toEqual(['b', 'g'])
    expect(await ids({ $or: [{ n: { $lt: 0 } }, { title: { $eq: '' } }] })).toEqual(['c', 'e'])
    expect(
      await numeric((f) => ({
        $and: [
          { [f]: { $eq: 5 } },
          { $or: [{ done: { $eq: true } }, { title: { $endsWith: ' ' } }] },
        ],
      })),
    ).toEqual(['a', 'g'])
    // id plans load only the named ids; the rest of the filter still applies.
    expect(await ids({ $and: [{ id: { $in: ['a', 'b', 'zz'] } }, { n: { $gt: 5 } }] })).toEqual([
      'b',
    ])
    expect(await ids({ $and: [{ id: { $eq: 'a' } }, { n: { $gt: 5 } }] })).toEqual([])
  })

  it('DRV-FLT-005 comparisons follow the field type', async () => {
    expect(await numeric((f) => ({ [f]: { $gt: 9 } }))).toEqual(['b']) // 10 > 9, '9' is no number
    expect(await numeric((f) => ({ [f]: { $gt: '6' } }))).toEqual(['h']) // string operand: strings only
    expect(await ids({ title: { $gt: 'B' } })).toEqual(['b', 'f', 'g'])
    // By code point 'C' < 'a'; a locale collation would put 'Cafe' after 'a'.
    expect(await ids({ title: { $lt: 'a' } })).toEqual(['a', 'c', 'e', 'f', 'h'])
    expect(await ids({ done: { $lt: true } })).toEqual(['b', 'f'])
    expect(await numeric((f) => ({ $and: [{ [f]: { $gt: -2 } }, { [f]: { $lte: 5 } }] }))).toEqual([
      'a',
      'e',
      'f',
      'g',
    ])
    expect(await numeric((f) => ({ $and: [{ [f]: { $gte: 5 } }, { [f]: { $lt: 5 } }] }))).toEqual(
      [],
    )
  })

  it('DRV-FLT-006 $in matches any listed value, $in [] nothing, $nin [] everything', async () => {
    expect(await ids({ status: { $in: ['open', 'closed'] } })).toEqual(['a', 'b', 'e', 'g'])
    expect(await ids({ n: { $in: [] } })).toEqual([])
    expect(await ids({ id: { $in: [] } })).toEqual([])
    expect(await ids({ n: { $nin: [] } })).toEqual(ALL)
    expect(await numeric((f) => ({ [f]: { $in: [5, '9'] } }))).toEqual(['a', 'g', 'h'])
  })

  it('DRV-FLT-007 $not matches exactly the records its child does not (nulls included)', async () => {
    for (const child of [
      { n: { $gt: 0 } },
      { title: { $contains: 'pple' } },
      { status: { $in: ['open'] } },
    ]) {
      const inner = await ids(child)
      const outer = await ids({ $not: child })
      expect([...inner, ...outer].sort()).toEqual(ALL)
      expect(inner.filter((id) => outer.includes(id))).toEqual([])
    }
  })

  it('DRV-NULL-001 $eq never matches null or missing', async () => {
    expect(await numeric((f) => ({ [f]: { $eq: 0 } }))).toEqual(['f'])
    expect(await ids({ title: { $eq: '' } })).toEqual(['c'])
  })

  it('DRV-NULL-002 $ne matches null and missing', async () => {
    expect(await numeric((f) => ({ [f]: { $ne: 5 } }))).toEqual(['b', 'c', 'd', 'e', 'f', 'h'])
  })

  it('DRV-NULL-003 $nin matches null and missing', async () => {
    expect(await ids({ status: { $nin: ['open'] } })).toEqual(['b', 'c', 'd', 'f', 'g', 'h'])
  })

  it('DRV-NULL-004 $gt $gte $lt $lte never match null or missing', async () => {
    expect(await numeric((f) => ({ [f]: { $gte: -1000 } }))).toEqual(['a', 'b', 'e', 'f', 'g'])
    expect(await numeric((f) => ({ [f]: { $lte: 1000 } }))).toEqual(['a', 'b', 'e', 'f', 'g'])
    expect(await ids({ title: { $gte: '' } })).toEqual(['a', 'b', 'c', 'e', 'f', 'g', 'h'])
  })

  it('DRV-NULL-005 $null true matches null and missing, false every other value', async () => {
    expect(await ids({ n: { $null: true } })).toEqual(['c', 'd'])
    expect(await ids({ title: { $null: false } })).toEqual(['a', 'b', 'c', 'e', 'f', 'g', 'h'])
    expect(await ids({ tags: { $null: false } })).toEqual(['a', 'b', 'e', 'f'])
  })

  it('DRV-NULL-006 string operators never match null; $notContains matches null and missing', async () => {
    expect(await ids({ title: { $contains: '' } })).toEqual(['a', 'b', 'c', 'e', 'f', 'g', 'h'])
    expect(await ids({ title: { $startsWith: 'a' } })).toEqual(['b', 'g'])
    expect(await ids({ title: { $notContains: 'pple' } })).toEqual(['c', 'd', 'e', 'f', 'h'])
  })

  it('DRV-STR-001 string operators are case-sensitive', async () => {
    expect(await ids({ title: { $contains: 'Apple' } })).toEqual(['a'])
    expect(await ids({ title: { $startsWith: 'A' } })).toEqual(['a'])
    expect(await ids({ title: { $endsWith: 'PIE' } })).toEqual([])
    expect(await ids({ title: { $notContains: 'apple' } })).toEqual(['a', 'c', 'd', 'e', 'f', 'h'])
  })

  it('DRV-STR-002 % _ \\ * . [ ] ^ $ match themselves', async () => {
    for (const literal of ['%', '_', '\\', '*', '.', '[x]', '^', '$', '0%_d']) {
      expect(await ids({ title: { $contains: literal } }), literal).toEqual(['e'])
    }
    expect(await ids({ title: { $startsWith: '1_' } })).toEqual([])
    expect(await ids({ title: { $contains: 'a.p' } })).toEqual([])
  })

  it('DRV-STR-003 $eq on strings is exact: case and trailing spaces count', async () => {
    expect(await ids({ title: { $eq: 'apple' } })).toEqual([])
    expect(await ids({ title: { $eq: 'apple ' } })).toEqual(['g'])
    expect(await ids({ status: { $eq: 'open' } })).toEqual(['a', 'e'])
    expect(await ids({ id: { $eq: 'A' } })).toEqual([])
  })

  it('DRV-STR-004 unicode (emoji, combining marks) is stored, matched and returned unchanged', async () => {
    expect(await ids({ title: { $contains: '\u{1F600}' } })).toEqual(['f'])
    expect(await ids({ title: { $contains: 'e\u0301' } })).toEqual(['f'])
    expect(await ids({ title: { $contains: '\u00e9' } })).toEqual([]) // no normalization
    expect((await driver.findOne('task', 'f'))?.['title']).toBe('Cafe\u0301 \u{1F600}')
  })

  it('DRV-STR-005 the empty string is a value distinct from null', async () => {
    expect(await ids({ title: { $eq: '' } })).toEqual(['c'])
    expect(await ids({ title: { $null: true } })).toEqual(['d'])
    expect((await driver.findOne('task', 'c'))?.['title']).toBe('')
  })

  it('multi-value fields: $contains means "has an element equal to"', async () => {
    expect(await ids({ tags: { $contains: 'y' } })).toEqual(['a', 'e'])
    expect(await ids({ tags: { $notContains: 'y' } })).toEqual(['b', 'c', 'd', 'f', 'g', 'h'])
  })
})
