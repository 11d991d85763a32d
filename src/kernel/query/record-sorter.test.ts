import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import { compileSort, sortRecords } from './record-sorter.js'
import type { QuerySchema } from './query-schema.js'
import type { SortNode } from '../spec/query-ast.js'

const schema: QuerySchema = {
  fields: new Set(['id', 'n', 's', 'at']),
  dateFields: new Set(['at']),
  numericFields: new Set(['n']),
}

const rows = [
  { id: '1', n: 10, s: 'b', at: '2024-01-02' },
  { id: '2', n: 9, s: 'B', at: '2024-01-01T12:00:00.000Z' },
  { id: '3', n: null, s: '\u{1F600}', at: null },
  { id: '4', s: '\uFFFD' },
  { id: '5', n: 9, s: 'a', at: '2024-01-01' },
]

function order(orderBy: SortNode[]): string[] {
  return sortRecords(rows, orderBy, schema).map((r) => r.id)
}

describe('sortRecords', () => {
  it('sorts numbers numerically with null and missing first ascending, last descending', () => {
    expect(order([{ field: 'n', order: 'asc' }])).toEqual(['3', '4', '2', '5', '1'])
    expect(order([{ field: 'n', order: 'desc' }])).toEqual(['1', '2', '5', '3', '4'])
  })

  it('sorts strings by code point (emoji after U+FFFD, uppercase before lowercase)', () => {
    expect(order([{ field: 's', order: 'asc' }])).toEqual(['2', '5', '1', '4', '3'])
  })

  it('sorts a date field chronologically across date and datetime shapes', () => {
    expect(order([{ field: 'at', order: 'asc' }])).toEqual(['3', '4', '5', '2', '1'])
  })

  it('applies later keys only to ties of earlier ones, and is stable', () => {
    expect(
      order([
        { field: 'n', order: 'asc' },
        { field: 's', order: 'desc' },
      ]),
    ).toEqual(['3', '4', '5', '2', '1'])
    const tied = [
      { id: 'x', n: 1 },
      { id: 'y', n: 1 },
      { id: 'z', n: 1 },
    ]
    expect(sortRecords(tied, [{ field: 'n', order: 'desc' }]).map((r) => r.id)).toEqual([
      'x',
      'y',
      'z',
    ])
  })

  it('returns a new array and leaves the input alone', () => {
    const input = rows.slice()
    const sorted = sortRecords(input, [{ field: 'id', order: 'desc' }])
    expect(sorted).not.toBe(input)
    expect(input.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5'])
    expect(compileSort(undefined)).toBeUndefined()
  })

  it('rejects unknown fields and malformed keys with coded errors', () => {
    const cases: [unknown, string][] = [
      [[{ field: 'nope', order: 'asc' }], 'INVALID_FIELD'],
      [[{ field: 'n', order: 'up' }], 'INVALID_QUERY'],
      [[{ order: 'asc' }], 'INVALID_QUERY'],
      ['n', 'INVALID_QUERY'],
    ]
    for (const [orderBy, code] of cases) {
      let thrown: unknown
      try {
        compileSort(orderBy as SortNode[], schema)
      } catch (error) {
        thrown = error
      }
      expect(hasErrorCode(thrown, code as 'INVALID_QUERY')).toBe(true)
    }
  })
})
