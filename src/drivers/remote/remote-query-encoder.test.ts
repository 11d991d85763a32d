import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MODEL_OBJECT,
  filterArbitrary,
  recordsArbitrary,
  sortArbitrary,
} from '../../compliance/model/index.js'
import { isObjectQLError } from '../../kernel/errors.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import { DEFAULT_PROTOCOL_LIMITS } from '../../protocols/common/protocol-limits.js'
import { parseListQuery } from '../../protocols/rest/rest-query-params.js'
import {
  collectionPath,
  encodeFields,
  encodeSort,
  encodeWhere,
  listQueryString,
  recordTarget,
} from './remote-query-encoder.js'

const schema = querySchemaFor(MODEL_OBJECT)
const SEED = 20_260_101

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    return isObjectQLError(error) ? error.code : `uncoded: ${String(error)}`
  }
  return undefined
}

/** What the REST protocol reads from a query string (its own parser, as the server runs it). */
function serverReads(query: string) {
  const params = Object.fromEntries(new URLSearchParams(query))
  return parseListQuery(MODEL_OBJECT.name, params, DEFAULT_PROTOCOL_LIMITS).query
}

describe('remote query encoding', () => {
  it('DRV-FLT-004 the server parses back exactly the generated where, sort and page', () => {
    const arbitrary = recordsArbitrary(MODEL_OBJECT).chain((records) =>
      fc.record({
        where: filterArbitrary(MODEL_OBJECT, records),
        orderBy: sortArbitrary(MODEL_OBJECT),
        offset: fc.nat(50),
        limit: fc.integer({ min: 0, max: 1000 }),
      }),
    )
    fc.assert(
      fc.property(arbitrary, ({ where, orderBy, offset, limit }) => {
        const read = serverReads(listQueryString({ where, orderBy, offset, limit }, schema))
        expect(read['where']).toEqual(where)
        expect(read['orderBy']).toEqual(orderBy)
        expect([read['offset'], read['limit']]).toEqual([offset, limit])
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('DRV-STR-002 DRV-STR-004 text that URLs and forms treat specially arrives unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 8 }), (text) => {
        const where = { title: { $contains: `${text}+&=%#?\u{1F600}` } }
        expect(serverReads(listQueryString({ where, limit: 1 }, schema))['where']).toEqual(where)
      }),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('DRV-FLT-001 DRV-FLT-002 DRV-FLT-003 refuses anything not canonical, before it is sent', () => {
    expect(encodeWhere(undefined, schema)).toBeUndefined()
    expect(encodeWhere({}, schema)).toBeUndefined()
    expect(encodeWhere({ n: { $gte: 1 } }, schema)).toBe('{"n":{"$gte":1}}')
    const invalid = [
      { n: { $between: [1, 2] } },
      { n: { $exists: true } },
      { title: 'implicit equality' },
      { n: { $gte: 1, $lte: 2 } },
      { $or: [] },
      { n: { $in: 3 } },
      { $nor: [{ n: { $eq: 1 } }] },
    ]
    for (const where of invalid)
      expect(codeOf(() => encodeWhere(where, schema))).toBe('INVALID_FILTER')
    expect(codeOf(() => encodeWhere({ nope: { $eq: 1 } }, schema))).toBe('INVALID_FIELD')
    // Without a schema (object never synced) the field check is the server's.
    expect(encodeWhere({ nope: { $eq: 1 } }, undefined)).toBe('{"nope":{"$eq":1}}')
  })

  it('encodes sort keys and projections, checking them first', () => {
    expect(
      encodeSort(
        [
          { field: 'title', order: 'asc' },
          { field: 'n', order: 'desc' },
        ],
        schema,
      ),
    ).toBe('title,-n')
    expect(encodeSort([], schema)).toBeUndefined()
    expect(codeOf(() => encodeSort([{ field: 'n', order: 'up' as 'asc' }], schema))).toBe(
      'INVALID_QUERY',
    )
    expect(codeOf(() => encodeSort([{ field: 'ghost', order: 'asc' }], schema))).toBe(
      'INVALID_FIELD',
    )
    expect(encodeFields(['title', 'id', 'title'], schema)).toBe('id,title')
    expect(codeOf(() => encodeFields(['ghost'], schema))).toBe('INVALID_FIELD')
  })

  it('DRV-ID-003 addresses every id: a path segment, or ?id= where no path segment can carry it', () => {
    expect(recordTarget('notes', 'a/b c')).toEqual({ path: '/api/data/notes/a%2Fb%20c' })
    expect(recordTarget('notes', '%2E')).toEqual({ path: '/api/data/notes/%252E' })
    for (const id of ['', '.', '..']) {
      const target = recordTarget('notes', id)
      expect(target?.path).toBe('/api/data/notes')
      expect(new URLSearchParams(target?.query).get('id')).toBe(id)
    }
    expect(recordTarget('notes', 'lone \uD800')).toBeUndefined()
    expect(codeOf(() => collectionPath(''))).toBe('INVALID_REQUEST')
  })
})
