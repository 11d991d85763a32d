import { describe, expect, it } from 'vitest'
import { normalizeAggregations, resultFieldSet } from './aggregation-normalizer.js'
import { fieldSetOf } from './field-set.js'
import { TASKS, catchError } from './spec.test-utils.js'

const fields = fieldSetOf(TASKS)
const aggs = (input: unknown) => normalizeAggregations(input, fields, 'aggregations')

describe('normalizeAggregations', () => {
  it('keeps spec nodes', () => {
    expect(aggs([{ function: 'sum', field: 'estimate', alias: 'total' }])).toEqual([
      { function: 'sum', field: 'estimate', alias: 'total' },
    ])
  })

  it('reads upstream { func, field, alias? } with the default alias func_field', () => {
    expect(
      aggs([
        { func: 'avg', field: 'amount' },
        { func: 'max', field: 'due' },
      ]),
    ).toEqual([
      { function: 'avg', field: 'amount', alias: 'avg_amount' },
      { function: 'max', field: 'due', alias: 'max_due' },
    ])
  })

  it('a bare count counts rows and is aliased count', () => {
    expect(aggs([{ function: 'count' }])).toEqual([{ function: 'count', alias: 'count' }])
    expect(aggs([{ function: 'count', field: 'title' }])).toEqual([
      { function: 'count', field: 'title', alias: 'count_title' },
    ])
  })

  it('lower-cases function names', () => {
    expect(aggs([{ func: 'SUM', field: 'estimate' }])).toEqual([
      { function: 'sum', field: 'estimate', alias: 'sum_estimate' },
    ])
  })

  it('count with distinct becomes count_distinct; min/max drop a no-op distinct', () => {
    expect(aggs([{ function: 'count', field: 'status', distinct: true, alias: 'n' }])).toEqual([
      { function: 'count_distinct', field: 'status', alias: 'n' },
    ])
    expect(aggs([{ function: 'sum', field: 'estimate', distinct: true }])).toEqual([
      { function: 'sum', field: 'estimate', alias: 'sum_estimate', distinct: true },
    ])
    expect(aggs([{ function: 'min', field: 'estimate', distinct: true }])).toEqual([
      { function: 'min', field: 'estimate', alias: 'min_estimate' },
    ])
    expect(aggs([{ function: 'sum', field: 'estimate', distinct: false }])).toEqual([
      { function: 'sum', field: 'estimate', alias: 'sum_estimate' },
    ])
  })

  it.each([
    ['not an array', { function: 'count' }],
    ['not an object', ['count']],
    ['unknown function', [{ function: 'median', field: 'estimate' }]],
    ['array_agg is not in the spec', [{ function: 'array_agg', field: 'title' }]],
    ['both function and func', [{ function: 'sum', func: 'sum', field: 'estimate' }]],
    ['unknown key', [{ function: 'count', filter: { done: true } }]],
    ['sum without field', [{ function: 'sum' }]],
    ['sum over text', [{ function: 'sum', field: 'title' }]],
    ['avg over multi-value', [{ function: 'avg', field: 'tags' }]],
    ['min over json', [{ function: 'min', field: 'meta' }]],
    ['bad alias', [{ function: 'count', alias: 'a b' }]],
    ['alias not a string', [{ function: 'count', alias: 3 }]],
    ['duplicate alias', [{ function: 'count' }, { func: 'count' }]],
    ['distinct not boolean', [{ function: 'count', field: 'title', distinct: 1 }]],
  ])('%s is INVALID_QUERY', (_name, input) => {
    catchError(() => aggs(input), 'INVALID_QUERY')
  })

  it('unknown fields are INVALID_FIELD', () => {
    const error = catchError(() => aggs([{ function: 'sum', field: 'nope' }]), 'INVALID_FIELD')
    expect(error.details).toMatchObject({ path: 'aggregations[0].field', field: 'nope' })
  })
})

describe('resultFieldSet', () => {
  it('types aliases: counts and sums are numbers, min/max keep the field type', () => {
    const nodes = aggs([
      { function: 'count' },
      { function: 'max', field: 'starts_at' },
      { function: 'min', field: 'title' },
    ])
    const set = resultFieldSet(fields, ['status'], nodes, 'aggregations')
    expect([...set.names]).toEqual(['status', 'count', 'max_starts_at', 'min_title'])
    expect(set.get('count')?.kind).toBe('number')
    expect(set.get('max_starts_at')?.kind).toBe('datetime')
    expect(set.get('min_title')?.kind).toBe('string')
    expect(set.get('status')?.kind).toBe('select')
    expect(set.get('title')).toBeUndefined()
  })

  it('an alias equal to a group key is INVALID_QUERY', () => {
    const nodes = aggs([{ function: 'count', alias: 'status' }])
    catchError(() => resultFieldSet(fields, ['status'], nodes, 'aggregations'), 'INVALID_QUERY')
  })
})
