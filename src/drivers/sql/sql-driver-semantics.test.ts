import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import type { FilterCondition } from '../../kernel/spec/query-ast.js'
import type { SqlDriver } from './sql-driver.js'
import { SQL_TEST_DIALECTS, openDriver, removeTempFiles } from './sql-dialects.test-utils.js'
import type { OpenedDriver } from './sql-dialects.test-utils.js'

// Readings of the spec shared with the conformance suite's reference model: multi-value
// `$contains` is membership, a date compared with an instant compares at its UTC midnight, and
// field names that differ only in case are different fields.
const NOTE: ObjectConfig = {
  name: 'note',
  fields: {
    tags: { type: 'multiselect', multiple: true },
    day: { type: 'date' },
    name: { type: 'text' },
    Name: { type: 'text' },
    meta: { type: 'json' },
  },
}

const ROWS: readonly Record<string, unknown>[] = [
  { id: 'n1', tags: ['a', 'b'], day: '2024-01-01', name: 'lower', Name: 'Upper', meta: [1, 2] },
  { id: 'n2', tags: ['A'], day: '2023-12-31', name: 'x', meta: { k: 'v' } },
  { id: 'n3', tags: [], day: '2024-01-02', Name: 'only upper', meta: 'text' },
  { id: 'n4', tags: ['\u0000', ''], meta: [1, 2] },
  { id: 'n5', day: '2024-01-01', meta: null },
  { id: 'n6', tags: ['a', 'b'], meta: 7 },
]

const CASES: readonly (readonly [string, FilterCondition, string[]])[] = [
  ['multi-value $contains is membership', { tags: { $contains: 'a' } }, ['n1', 'n6']],
  ['multi-value $contains is case-sensitive', { tags: { $contains: 'A' } }, ['n2']],
  ['multi-value $contains finds "" and NUL', { tags: { $contains: '' } }, ['n4']],
  ['multi-value $contains is no substring test', { tags: { $contains: 'b"' } }, []],
  [
    'multi-value $notContains is its negation (null included)',
    { tags: { $notContains: 'a' } },
    ['n2', 'n3', 'n4', 'n5'],
  ],
  ['date $eq a midnight instant', { day: { $eq: '2024-01-01T00:00:00.000Z' } }, ['n1', 'n5']],
  ['date $eq another instant matches nothing', { day: { $eq: '2024-01-01T10:00:00Z' } }, []],
  [
    'date $ne another instant matches everything',
    { day: { $ne: '2024-01-01T10:00:00Z' } },
    ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'],
  ],
  ['date $gte an instant', { day: { $gte: '2024-01-01T10:00:00.000Z' } }, ['n3']],
  ['date $lt an instant', { day: { $lt: '2024-01-01T10:00:00.000Z' } }, ['n1', 'n2', 'n5']],
  ['date $lte a midnight', { day: { $lte: '2023-12-31T00:00:00.000Z' } }, ['n2']],
  [
    'date $in mixes dates and instants',
    { day: { $in: ['2023-12-31', '2024-01-02T00:00:00.000Z', '2024-01-01T01:00:00.000Z'] } },
    ['n2', 'n3'],
  ],
  ['name and Name are different fields', { Name: { $eq: 'Upper' } }, ['n1']],
  ['name is not Name', { name: { $null: false } }, ['n1', 'n2']],
]

for (const dialect of SQL_TEST_DIALECTS) {
  describe.skipIf(dialect.skip)(`${dialect.title}: multi-value, dates, field names`, () => {
    let opened: OpenedDriver
    let driver: SqlDriver

    beforeAll(async () => {
      opened = await openDriver(dialect, 'sem', [NOTE])
      driver = opened.driver
      await driver.bulkCreate('note', ROWS)
    })

    afterAll(async () => {
      await opened.close()
      removeTempFiles()
    })

    it.each(CASES)('%s', async (_name, where, expected) => {
      const rows = await driver.find('note', {
        object: 'note',
        where,
        orderBy: [{ field: 'id', order: 'asc' }],
      })
      expect(rows.map((row) => row.id)).toEqual(expected)
      expect(await driver.count('note', where)).toBe(expected.length)
    })

    it('fields differing only in case keep their own values', async () => {
      expect(await driver.findOne('note', 'n1')).toMatchObject({ name: 'lower', Name: 'Upper' })
      const updated = await driver.update('note', 'n3', { name: 'set', Name: null })
      expect(updated).toMatchObject({ id: 'n3', name: 'set' })
      expect(updated['Name']).toBeUndefined()
    })

    it('DRV-AGG-004 multi-value and JSON values group and count as whole values', async () => {
      const rows = await driver.aggregate('note', {
        object: 'note',
        groupBy: ['tags'],
        aggregations: [
          { function: 'count', alias: 'n' },
          { function: 'count_distinct', field: 'meta', alias: 'metas' },
        ],
      })
      // Arrays order element by element, a shorter prefix first; null first.
      expect(rows).toEqual([
        { tags: null, n: 1, metas: 0 },
        { tags: [], n: 1, metas: 1 },
        { tags: ['\u0000', ''], n: 1, metas: 1 },
        { tags: ['A'], n: 1, metas: 1 },
        { tags: ['a', 'b'], n: 2, metas: 2 },
      ])
      const paged = await driver.aggregate('note', {
        object: 'note',
        groupBy: ['tags'],
        aggregations: [{ function: 'count', alias: 'n' }],
        orderBy: [{ field: 'tags', order: 'desc' }],
        limit: 2,
        offset: 1,
      })
      expect(paged.map((row) => row['tags'])).toEqual([['A'], ['\u0000', '']])
      expect(await driver.distinct('note', 'meta')).toEqual([7, 'text', [1, 2], { k: 'v' }])
    })
  })
}
