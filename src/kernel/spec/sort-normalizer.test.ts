import { describe, expect, it } from 'vitest'
import { fieldSetOf } from './field-set.js'
import { normalizeSort } from './sort-normalizer.js'
import { TASKS, catchError } from './spec.test-utils.js'

const sort = (input: unknown) => normalizeSort(input, fieldSetOf(TASKS), 'orderBy')
const desc = (field: string) => ({ field, order: 'desc' })
const asc = (field: string) => ({ field, order: 'asc' })

describe('normalizeSort', () => {
  it('reads SortNodes with order, direction or dir in any case', () => {
    expect(sort([{ field: 'title', order: 'DESC' }])).toEqual([desc('title')])
    expect(sort([{ field: 'title', direction: 'Asc' }])).toEqual([asc('title')])
    expect(sort([{ field: 'title', dir: 'descending' }])).toEqual([desc('title')])
    expect(sort([{ field: 'title' }])).toEqual([asc('title')])
    expect(sort({ field: 'title', order: -1 })).toEqual([desc('title')])
  })

  it('reads tuples', () => {
    expect(sort([['estimate', 'desc'], ['title']])).toEqual([desc('estimate'), asc('title')])
  })

  it("reads '-f', '+f', 'f desc' and comma lists", () => {
    expect(sort('-estimate')).toEqual([desc('estimate')])
    expect(sort('+estimate')).toEqual([asc('estimate')])
    expect(sort('estimate desc')).toEqual([desc('estimate')])
    expect(sort('estimate  DESC , title asc,done')).toEqual([
      desc('estimate'),
      asc('title'),
      asc('done'),
    ])
    expect(sort(['-estimate', 'title desc'])).toEqual([desc('estimate'), desc('title')])
  })

  it('reads records with asc/desc/1/-1, in key order', () => {
    expect(sort({ estimate: -1, title: 'asc', done: 1, due: 'DESC' })).toEqual([
      desc('estimate'),
      asc('title'),
      asc('done'),
      desc('due'),
    ])
  })

  it('equivalent spellings give equal results', () => {
    const expected = [desc('estimate'), asc('title')]
    for (const input of [
      'estimate desc, title',
      '-estimate,+title',
      [
        ['estimate', 'desc'],
        ['title', 'asc'],
      ],
      [{ field: 'estimate', order: 'desc' }, { field: 'title' }],
      { estimate: -1, title: 1 },
      ['-estimate', { title: 'asc' }],
    ]) {
      expect(sort(input)).toEqual(expected)
    }
  })

  it('treats empty input as no keys', () => {
    expect(sort(undefined)).toEqual([])
    expect(sort('')).toEqual([])
    expect(sort([])).toEqual([])
    expect(sort({})).toEqual([])
  })

  it('keeps the first key per field (a repeat cannot change the order)', () => {
    expect(sort('title desc, estimate, title asc')).toEqual([desc('title'), asc('estimate')])
  })

  it('reads _id as id', () => {
    expect(sort('-_id')).toEqual([desc('id')])
  })

  it('unknown fields are INVALID_FIELD with a path', () => {
    const error = catchError(() => sort('title, nope desc'), 'INVALID_FIELD')
    expect(error.details).toMatchObject({ field: 'nope', path: 'orderBy[1]' })
  })

  it.each([
    ['a bad direction', 'title sideways'],
    ['a bad record direction', { title: 2 }],
    ['too many words', 'title desc now'],
    ['an empty list item', 'title,,estimate'],
    ['a bare minus', '-'],
    ['a number', 5],
    ['a tuple without field', [[1, 'asc']]],
    ['a long tuple', [['title', 'asc', 'x']]],
    ['a null item', [null]],
    ['a json field', 'meta'],
    ['a multi-value field', 'tags'],
  ])('%s is INVALID_QUERY', (_name, input) => {
    catchError(() => sort(input), 'INVALID_QUERY')
  })

  it('a record on a field literally named `field` stays a record', () => {
    const object = { name: 'odd', fields: { field: { type: 'text' as const } } }
    expect(normalizeSort({ field: 'desc' }, fieldSetOf(object), 'sort')).toEqual([desc('field')])
  })
})
