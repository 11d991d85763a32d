import { describe, expect, it } from 'vitest'
import { isDeepFrozen } from './deep-freeze.js'
import { normalizeQuery } from './query-normalizer.js'
import type { QueryOperation } from './query-normalizer.js'
import { TASKS, catchError } from './spec.test-utils.js'

const norm = (input: unknown, operation?: QueryOperation) => normalizeQuery(input, TASKS, operation)
const ID_ASC = { field: 'id', order: 'asc' }

describe('normalizeQuery: the canonical skeleton', () => {
  it('an empty find is the object plus the id order', () => {
    expect(norm(undefined)).toEqual({ object: 'tasks', orderBy: [ID_ASC] })
    expect(norm(null)).toEqual({ object: 'tasks', orderBy: [ID_ASC] })
    expect(norm({})).toEqual({ object: 'tasks', orderBy: [ID_ASC] })
  })

  it('sets object from the ObjectConfig and accepts a matching object key', () => {
    expect(norm({ object: 'tasks' }).object).toBe('tasks')
    const error = catchError(() => norm({ object: 'users' }), 'INVALID_QUERY')
    expect(error.details).toMatchObject({ path: 'object' })
  })

  it('KRN-AST-002 is deeply frozen', () => {
    const ast = norm({ where: { status: 'open' }, sort: '-estimate', select: 'title' })
    expect(isDeepFrozen(ast)).toBe(true)
    expect(() => {
      ;(ast.orderBy as unknown as { field: string }[]).push({ field: 'x' })
    }).toThrow(TypeError)
  })

  it('treats undefined and null keys as absent', () => {
    expect(norm({ where: undefined, limit: null, sort: undefined })).toEqual(norm({}))
  })

  it('rejects a query that is not an object', () => {
    catchError(() => norm('status=open'), 'INVALID_QUERY')
    catchError(() => norm([['status', '=', 'open']]), 'INVALID_QUERY')
  })

  it('rejects an unknown operation', () => {
    catchError(() => norm({}, 'upsert' as QueryOperation), 'INVALID_QUERY')
  })
})

describe('KRN-AST-001 normalizeQuery: key aliases', () => {
  it('where | filters | filter all become where', () => {
    const expected = norm({ where: { status: 'open' } })
    expect(norm({ filters: [['status', '=', 'open']] })).toEqual(expected)
    expect(norm({ filter: { status: 'open' } })).toEqual(expected)
    expect(expected.where).toEqual({ status: { $eq: 'open' } })
  })

  it('orderBy | sort', () => {
    expect(norm({ sort: [['estimate', 'desc']] })).toEqual(
      norm({ orderBy: [{ field: 'estimate', order: 'desc' }] }),
    )
  })

  it('limit | top and offset | skip', () => {
    expect(norm({ top: 5, skip: 10 })).toEqual(norm({ limit: 5, offset: 10 }))
    expect(norm({ limit: 0, offset: 0 })).toMatchObject({ limit: 0, offset: 0 })
  })

  it('KRN-AST-009 fields | select, with id always included first', () => {
    expect(norm({ select: 'title, estimate' }).fields).toEqual(['id', 'title', 'estimate'])
    expect(norm({ fields: ['title', 'id', 'estimate'] }).fields).toEqual([
      'id',
      'title',
      'estimate',
    ])
    expect(norm({ fields: ['_id'] }).fields).toEqual(['id'])
    expect(norm({ fields: [] })).not.toHaveProperty('fields')
  })

  it('two names of one key are rejected, not merged', () => {
    const error = catchError(() => norm({ where: { done: true }, filters: [] }), 'INVALID_QUERY')
    expect(error.details).toMatchObject({ path: 'filters' })
    catchError(() => norm({ limit: 1, top: 1 }), 'INVALID_QUERY')
    catchError(() => norm({ sort: 'title', orderBy: 'title' }), 'INVALID_QUERY')
  })

  it('unknown top-level keys are INVALID_QUERY; unimplemented spec keys NOT_SUPPORTED', () => {
    const error = catchError(() => norm({ wher: { done: true } }), 'INVALID_QUERY')
    expect(error.details).toMatchObject({ path: 'wher' })
    catchError(() => norm({ context: {} }), 'INVALID_QUERY')
    catchError(() => norm({ joins: [] }), 'NOT_SUPPORTED')
    catchError(() => norm({ windowFunctions: [] }), 'NOT_SUPPORTED')
    catchError(() => norm({ cursor: {} }), 'NOT_SUPPORTED')
  })

  it('filter errors are located under the key the caller used', () => {
    const error = catchError(() => norm({ filters: [['nope', '=', 1]] }), 'INVALID_FIELD')
    expect(error.details).toMatchObject({ path: 'filters[0]', field: 'nope' })
    const having = catchError(() => norm({ filter: { done: 'no' } }), 'INVALID_FILTER')
    expect(having.details).toMatchObject({ path: 'filter.done.$eq' })
  })
})

describe('normalizeQuery: paging, distinct and search', () => {
  it.each([[-1], [1.5], ['10'], [Number.NaN], [Infinity], [true], [2 ** 60]])(
    'limit %s is INVALID_QUERY',
    (limit) => {
      catchError(() => norm({ limit }), 'INVALID_QUERY')
      catchError(() => norm({ skip: limit }), 'INVALID_QUERY')
    },
  )

  it('distinct must be a boolean; false is the default and is left out', () => {
    expect(norm({ distinct: true }).distinct).toBe(true)
    expect(norm({ distinct: false })).not.toHaveProperty('distinct')
    catchError(() => norm({ distinct: 'yes' }), 'INVALID_QUERY')
  })

  it('search as a string or { query, fields }', () => {
    expect(norm({ search: 'urgent' }).search).toEqual({ query: 'urgent' })
    expect(norm({ search: { query: 'urgent', fields: 'title,body' } }).search).toEqual({
      query: 'urgent',
      fields: ['title', 'body'],
    })
    catchError(() => norm({ search: '  ' }), 'INVALID_QUERY')
    catchError(() => norm({ search: { query: 'x', fuzzy: true } }), 'INVALID_QUERY')
    catchError(() => norm({ search: { query: 'x', fields: ['nope'] } }), 'INVALID_FIELD')
    catchError(() => norm({ search: 5 }), 'INVALID_QUERY')
  })
})

describe('normalizeQuery: per operation', () => {
  it('KRN-AST-008 find appends id asc unless id is already a key', () => {
    expect(norm({ sort: '-estimate' }).orderBy).toEqual([
      { field: 'estimate', order: 'desc' },
      ID_ASC,
    ])
    expect(norm({ sort: '-id, title' }).orderBy).toEqual([
      { field: 'id', order: 'desc' },
      { field: 'title', order: 'asc' },
    ])
    expect(norm({ sort: '_id' }).orderBy).toEqual([ID_ASC])
  })

  it('findOne is ordered like find', () => {
    expect(norm({ sort: 'title' }, 'findOne').orderBy).toEqual([
      { field: 'title', order: 'asc' },
      ID_ASC,
    ])
  })

  it('count keeps only the filter and search, but still checks the rest', () => {
    expect(
      norm({ where: { done: true }, sort: 'title', select: 'title', search: 'x' }, 'count'),
    ).toEqual({ object: 'tasks', where: { done: { $eq: true } }, search: { query: 'x' } })
    expect(norm({}, 'count')).toEqual({ object: 'tasks' })
    catchError(() => norm({ sort: 'nope' }, 'count'), 'INVALID_FIELD')
    catchError(() => norm({ fields: ['nope'] }, 'count'), 'INVALID_FIELD')
  })

  it.each([
    ['limit', 1],
    ['offset', 1],
    ['distinct', true],
    ['groupBy', ['status']],
  ])('count rejects %s', (key, value) => {
    catchError(() => norm({ [key]: value }, 'count'), 'INVALID_QUERY')
  })

  it('aggregation keys are rejected outside aggregate', () => {
    for (const operation of ['find', 'findOne', 'distinct', 'count'] as const) {
      catchError(() => norm({ groupBy: ['status'] }, operation), 'INVALID_QUERY')
      catchError(
        () => norm({ aggregations: [{ function: 'count', alias: 'n' }] }, operation),
        'INVALID_QUERY',
      )
      catchError(() => norm({ having: { n: 1 } }, operation), 'INVALID_QUERY')
    }
  })

  it('distinct keeps the caller order without an implied id key', () => {
    expect(norm({ where: { done: true } }, 'distinct')).toEqual({
      object: 'tasks',
      where: { done: { $eq: true } },
    })
    expect(norm({ sort: 'title' }, 'distinct').orderBy).toEqual([{ field: 'title', order: 'asc' }])
  })

  it('aggregate needs aggregations or groupBy and rejects record-only keys', () => {
    catchError(() => norm({ where: { done: true } }, 'aggregate'), 'INVALID_QUERY')
    catchError(() => norm({ groupBy: ['status'], fields: ['title'] }, 'aggregate'), 'INVALID_QUERY')
    catchError(() => norm({ groupBy: ['status'], expand: 'owner' }, 'aggregate'), 'INVALID_QUERY')
    expect(norm({ groupBy: 'status' }, 'aggregate')).toEqual({
      object: 'tasks',
      groupBy: ['status'],
    })
  })

  it('aggregate: upstream aggregate/func, having and sort over groups and aliases', () => {
    const ast = norm(
      {
        filters: [['done', '=', false]],
        aggregate: [{ func: 'sum', field: 'estimate' }, { func: 'COUNT' }],
        groupBy: ['status'],
        having: { sum_estimate: { $gt: 10 } },
        sort: '-count, status',
        top: 3,
      },
      'aggregate',
    )
    expect(ast).toEqual({
      object: 'tasks',
      where: { done: { $eq: false } },
      aggregations: [
        { function: 'sum', field: 'estimate', alias: 'sum_estimate' },
        { function: 'count', alias: 'count' },
      ],
      groupBy: ['status'],
      having: { sum_estimate: { $gt: 10 } },
      orderBy: [
        { field: 'count', order: 'desc' },
        { field: 'status', order: 'asc' },
      ],
      limit: 3,
    })
  })

  it('aggregate: having and orderBy only see group keys and aliases', () => {
    const base = { groupBy: ['status'], aggregations: [{ function: 'count', alias: 'n' }] }
    catchError(() => norm({ ...base, having: { title: 'x' } }, 'aggregate'), 'INVALID_FIELD')
    catchError(() => norm({ ...base, sort: 'estimate' }, 'aggregate'), 'INVALID_FIELD')
    catchError(() => norm({ ...base, having: { n: 'many' } }, 'aggregate'), 'INVALID_FILTER')
    expect(
      norm({ ...base, having: { status: 'open', n: { $gte: 2 } } }, 'aggregate').having,
    ).toEqual({ $and: [{ status: { $eq: 'open' } }, { n: { $gte: 2 } }] })
  })
})
