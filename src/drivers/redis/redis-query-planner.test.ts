import { describe, expect, it } from 'vitest'
import { toFilterNode } from '../../kernel/spec/filter-node.js'
import { planCandidates } from './redis-query-planner.js'
import type { FilterCondition } from '../../kernel/spec/query-ast.js'

const INDEXED = new Set(['n'])
const plan = (where: FilterCondition | undefined): ReturnType<typeof planCandidates> =>
  planCandidates(toFilterNode(where), INDEXED)

describe('redis query planner', () => {
  it('loads only the named ids for id $eq / $in at the top level', () => {
    expect(plan({ id: { $eq: 'a' } })).toEqual({ kind: 'ids', ids: ['a'] })
    expect(plan({ id: { $in: ['a', 'b', 'a', null, 3] } })).toEqual({
      kind: 'ids',
      ids: ['a', 'b'],
    })
    expect(plan({ id: { $in: [] } })).toEqual({ kind: 'ids', ids: [] })
    expect(plan({ id: { $eq: 5 } })).toEqual({ kind: 'ids', ids: [] }) // a number never equals a string id
    expect(plan({ $and: [{ n: { $gt: 1 } }, { $and: [{ id: { $eq: 'x' } }] }] })).toEqual({
      kind: 'ids',
      ids: ['x'],
    })
  })

  it('turns numeric comparisons on an indexed field into one ZRANGEBYSCORE interval', () => {
    expect(plan({ n: { $gt: 5 } })).toEqual({ kind: 'range', field: 'n', min: '(5', max: '+inf' })
    expect(plan({ n: { $lte: -1.5 } })).toEqual({
      kind: 'range',
      field: 'n',
      min: '-inf',
      max: '-1.5',
    })
    expect(plan({ n: { $eq: 1e-7 } })).toEqual({
      kind: 'range',
      field: 'n',
      min: '1e-7',
      max: '1e-7',
    })
    expect(
      plan({
        $and: [{ n: { $gte: 1 } }, { n: { $lte: 9 } }, { n: { $gt: 1 } }, { n: { $lt: 20 } }],
      }),
    ).toEqual({
      kind: 'range',
      field: 'n',
      min: '(1',
      max: '9',
    })
    expect(plan({ $and: [{ title: { $eq: 'x' } }, { n: { $lt: 3 } }] })).toEqual({
      kind: 'range',
      field: 'n',
      min: '-inf',
      max: '(3',
    })
  })

  it('loads everything when no conjunct can narrow the candidates', () => {
    const scans: (FilterCondition | undefined)[] = [
      undefined,
      {},
      { n: { $gt: '5' } }, // a string operand matches strings, which the index does not hold
      { m: { $gt: 5 } }, // not indexed
      { n: { $ne: 5 } },
      { n: { $in: [1, 2] } },
      { $or: [{ n: { $gt: 5 } }, { id: { $eq: 'a' } }] },
      { $not: { n: { $lt: 5 } } },
      { id: { $ne: 'a' } },
    ]
    for (const where of scans) expect(plan(where), JSON.stringify(where)).toEqual({ kind: 'all' })
  })
})
