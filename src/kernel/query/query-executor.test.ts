import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import { countRecords, distinctValues, executeQuery } from './query-executor.js'
import { querySchemaFor } from './query-schema.js'
import type { DataRecord } from '../spec/object-config.js'
import type { QueryAST } from '../spec/query-ast.js'

const schema = querySchemaFor({
  name: 'task',
  fields: {
    title: { type: 'text' },
    n: { type: 'number' },
    due: { type: 'date' },
    tags: { type: 'tags' },
  },
})

const records: DataRecord[] = Array.from({ length: 7 }, (_, i) => ({
  id: `t${i}`,
  title: i % 2 === 0 ? 'even' : 'odd',
  n: i % 3 === 0 ? null : i,
  due: `2024-01-0${7 - i}`,
  tags: i < 3 ? ['x'] : ['x', 'y'],
}))

function find(query: Omit<QueryAST, 'object'>): DataRecord[] {
  return executeQuery(records, { object: 'task', ...query }, schema)
}

describe('executeQuery', () => {
  it('filters, sorts, pages and projects', () => {
    const page = find({
      where: { title: { $eq: 'even' } },
      orderBy: [
        { field: 'due', order: 'asc' },
        { field: 'id', order: 'asc' },
      ],
      offset: 1,
      limit: 2,
      fields: ['id', 'due'],
    })
    expect(page).toEqual([
      { id: 't4', due: '2024-01-03' },
      { id: 't2', due: '2024-01-05' },
    ])
  })

  it('pages partition a totally ordered result', () => {
    const orderBy = [
      { field: 'n', order: 'desc' as const },
      { field: 'id', order: 'asc' as const },
    ]
    const all = find({ orderBy }).map((r) => r.id)
    const pages = [0, 3, 6].flatMap((offset) =>
      find({ orderBy, offset, limit: 3 }).map((r) => r.id),
    )
    expect(pages).toEqual(all)
    expect(find({ limit: 0 })).toEqual([])
    expect(find({ offset: 99 })).toEqual([])
  })

  it('returns copies that do not alias stored records', () => {
    const [first] = find({ where: { id: { $eq: 't0' } } })
    ;(first?.['tags'] as string[]).push('mutated')
    expect(records[0]?.['tags']).toEqual(['x'])
  })

  it('rejects bad queries before reading data', () => {
    const cases: [Omit<QueryAST, 'object'>, string][] = [
      [{ limit: -1 }, 'INVALID_QUERY'],
      [{ offset: 1.5 }, 'INVALID_QUERY'],
      [{ where: { nope: { $eq: 1 } } }, 'INVALID_FIELD'],
      [{ orderBy: [{ field: 'nope', order: 'asc' }] }, 'INVALID_FIELD'],
      [{ fields: ['id', 'nope'] }, 'INVALID_FIELD'],
      [{ aggregations: [{ function: 'count', alias: 'c' }] }, 'INVALID_QUERY'],
      [{ search: { query: 'x' } }, 'NOT_SUPPORTED'],
    ]
    for (const [query, code] of cases) {
      let thrown: unknown
      try {
        executeQuery([], { object: 'task', ...query }, schema)
      } catch (error) {
        thrown = error
      }
      expect(hasErrorCode(thrown, code as 'INVALID_QUERY'), JSON.stringify(query)).toBe(true)
    }
  })
})

describe('countRecords and distinctValues', () => {
  it('count equals the unpaged find length', () => {
    for (const where of [
      undefined,
      { n: { $gt: 2 } },
      { n: { $ne: 4 } },
      { tags: { $contains: 'y' } },
    ]) {
      expect(countRecords(records, where, schema)).toBe(find({ where }).length)
    }
  })

  it('distinct returns non-null values once, in spec order, whole arrays for multi-value', () => {
    expect(distinctValues(records, 'title', undefined, schema)).toEqual(['even', 'odd'])
    expect(distinctValues(records, 'n', { title: { $eq: 'odd' } }, schema)).toEqual([1, 5])
    expect(distinctValues(records, 'tags', undefined, schema)).toEqual([['x'], ['x', 'y']])
    expect(() => distinctValues(records, 'nope', undefined, schema)).toThrow(/unknown field/)
  })
})
