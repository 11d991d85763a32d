import { Query } from 'mingo'
import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { compileMongoAggregate } from './mongo-aggregate-compiler.js'
import { mongoFieldMap } from './mongo-field-map.js'
import {
  compileMongoFilter,
  compileMongoProjection,
  compileMongoSort,
  dateBound,
  escapeRegex,
} from './mongo-query-compiler.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'

const TASK: ObjectConfig = {
  name: 'task',
  fields: {
    title: { type: 'text' },
    n: { type: 'number' },
    due: { type: 'date' },
    tags: { type: 'tags' },
    meta: { type: 'json' },
  },
}
const fields = mongoFieldMap(TASK)

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected an error')
}

describe('compileMongoFilter', () => {
  it('maps id to _id, also inside logic', () => {
    expect(
      compileMongoFilter({ $or: [{ id: { $eq: 'a' } }, { title: { $eq: 'b' } }] }, fields),
    ).toEqual({
      $or: [{ _id: { $eq: 'a' } }, { title: { $eq: 'b' } }],
    })
  })

  it('DRV-FLT-007 $not becomes $nor of its child (two-valued complement)', () => {
    expect(compileMongoFilter({ $not: { n: { $gt: 1 } } }, fields)).toEqual({
      $nor: [{ n: { $gt: 1 } }],
    })
  })

  it('DRV-NULL-002 DRV-NULL-005 $ne and $null: false on a multi-value field keep null, missing and arrays apart', () => {
    expect(compileMongoFilter({ tags: { $null: false } }, fields)).toEqual({
      $nor: [{ tags: { $eq: null, $not: { $type: 'array' } } }],
    })
    expect(compileMongoFilter({ title: { $ne: 'x' } }, fields)).toEqual({ title: { $ne: 'x' } })
  })

  it('DRV-ARR-001 $contains on a multi-value field is element equality, on text a literal substring', () => {
    expect(compileMongoFilter({ tags: { $contains: 'a.b' } }, fields)).toEqual({
      tags: { $elemMatch: { $eq: 'a.b' } },
    })
    expect(compileMongoFilter({ title: { $contains: 'a.b' } }, fields)).toEqual({
      title: { $regex: 'a\\.b' },
    })
  })

  it('DRV-STR-002 escapes every regex metacharacter and NUL', () => {
    const tricky = '\\^$.*+?()[]{}|%_\0'
    const source = escapeRegex(tricky)
    expect(source).toBe('\\\\\\^\\$\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|%_\\x00')
    expect(new RegExp(`^${source}$`).test(tricky)).toBe(true)
    expect(new RegExp(source, 'u').test(tricky)).toBe(true) // also valid with unicode escapes
  })

  it('DRV-STR-001 $endsWith anchors at the very end: PCRE `$` would also match before a final newline', () => {
    const filter = compileMongoFilter({ title: { $endsWith: 'c' } }, fields)
    expect(filter).toEqual({ title: { $regex: 'c(?![\\s\\S])' } })
    const query = new Query(filter, {})
    expect(query.test({ title: 'abc' })).toBe(true)
    expect(query.test({ title: 'abc\n' })).toBe(false)
    expect(query.test({ title: 'aBC' })).toBe(false)
  })

  it('fails like the kernel on non-canonical filters and unknown fields', () => {
    expect(
      hasErrorCode(
        thrown(() => compileMongoFilter({ n: { $regex: 'x' } }, fields)),
        'INVALID_FILTER',
      ),
    ).toBe(true)
    expect(
      hasErrorCode(
        thrown(() => compileMongoFilter({ nope: { $eq: 1 } }, fields)),
        'INVALID_FIELD',
      ),
    ).toBe(true)
  })

  it('refuses field names MongoDB would read as paths or operators', () => {
    const schemaless = mongoFieldMap(undefined)
    expect(
      hasErrorCode(
        thrown(() => compileMongoFilter({ 'a.b': { $eq: 1 } }, schemaless)),
        'NOT_SUPPORTED',
      ),
    ).toBe(true)
    expect(
      hasErrorCode(
        thrown(() => mongoFieldMap({ name: 'x', fields: { $a: { type: 'text' } } })),
        'NOT_SUPPORTED',
      ),
    ).toBe(true)
  })
})

describe('dateBound', () => {
  it('DRV-FLT-005 picks the bound that makes string order chronological for both ISO shapes', () => {
    expect(dateBound('$gte', '2024-01-01')).toBe('2024-01-01')
    expect(dateBound('$lt', '2024-01-01T00:00:00Z')).toBe('2024-01-01')
    expect(dateBound('$gt', '2024-01-01')).toBe('2024-01-01T00:00:00.000Z')
    expect(dateBound('$gte', '2024-01-01T12:30:00.000Z')).toBe('2024-01-01T12:30:00.000Z')
    expect(dateBound('$lte', 'not a date')).toBe('not a date')
  })
})

describe('compileMongoSort and compileMongoProjection', () => {
  it('DRV-ORD-006 keeps key order as pairs and sorts json or multi-value keys in memory', () => {
    const orderBy = [
      { field: 'n', order: 'desc' as const },
      { field: 'id', order: 'asc' as const },
    ]
    expect(compileMongoSort(orderBy, fields)).toEqual({
      sort: [
        ['n', -1],
        ['_id', 1],
      ],
      inMemory: false,
    })
    expect(compileMongoSort([{ field: 'tags', order: 'asc' }], fields).inMemory).toBe(true)
    expect(compileMongoSort([{ field: 'meta', order: 'asc' }], fields).inMemory).toBe(true)
  })

  it('DRV-PROJ-001 projects the named fields; _id always comes back', () => {
    expect(compileMongoProjection(['id', 'title'], fields)).toEqual({ _id: 1, title: 1 })
    expect(compileMongoProjection(undefined, fields)).toBeUndefined()
  })
})

describe('compileMongoAggregate', () => {
  it('DRV-AGG-004 runs scalar groups entirely in MongoDB, null and missing as one group', () => {
    const plan = compileMongoAggregate(
      {
        object: 'task',
        groupBy: ['title'],
        aggregations: [{ function: 'sum', field: 'n', alias: 'total' }],
        having: { total: { $gt: 1 } },
      },
      fields,
    )
    expect(plan.mode).toBe('grouped')
    expect(plan.pipeline[0]).toEqual({
      $group: {
        _id: { g0: { $ifNull: ['$title', null] } },
        a0: { $sum: '$n' },
        a0n: { $sum: { $cond: [{ $in: [{ $type: '$n' }, ['missing', 'null']] }, 0, 1] } },
      },
    })
    expect(plan.pipeline.slice(2)).toEqual([{ $match: { a0: { $gt: 1 } } }, { $sort: { g0: 1 } }])
  })

  it('uses the engine where MongoDB groups or deduplicates differently, and a single row without groupBy', () => {
    const byTags = compileMongoAggregate(
      { object: 'task', groupBy: ['tags'], aggregations: [] },
      fields,
    )
    expect(byTags).toEqual({ mode: 'in-memory', pipeline: [{ $project: { _id: 1, tags: 1 } }] })
    const distinctMeta = { function: 'count_distinct' as const, field: 'meta', alias: 'm' }
    expect(
      compileMongoAggregate({ object: 'task', aggregations: [distinctMeta] }, fields).mode,
    ).toBe('in-memory')
    const countMeta = { function: 'count' as const, field: 'meta', alias: 'm' }
    expect(compileMongoAggregate({ object: 'task', aggregations: [countMeta] }, fields).mode).toBe(
      'global',
    )
  })
})
