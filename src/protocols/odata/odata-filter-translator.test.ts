import { describe, expect, it } from 'vitest'
import { isObjectQLError } from '../../kernel/errors.js'
import { TRACKER_OBJECTS } from '../common/protocol-fixtures.test-utils.js'
import { buildModel } from './odata-edm.js'
import type { ODataEntityType } from './odata-edm.js'
import { NO_RECORD } from './odata-filter-logic.js'
import { translateFilterText } from './odata-filter-translator.js'

const model = buildModel(TRACKER_OBJECTS, 'ObjectStack')
const tasks = model.types.get('tasks') as ODataEntityType
const NOW = new Date('2026-03-01T12:00:00.000Z')

function tr(text: string, aliases: Record<string, string> = {}) {
  return translateFilterText(text, {
    type: tasks,
    now: NOW,
    aliases: new Map(Object.entries(aliases)),
  })
}

function code(text: string): string | undefined {
  try {
    tr(text)
  } catch (error) {
    return isObjectQLError(error) ? error.code : 'uncoded'
  }
  return undefined
}

describe('translating comparisons and logic', () => {
  it('maps comparisons with a constant on either side', () => {
    expect(tr("title eq 'O''Neil'")).toEqual({ title: { $eq: "O'Neil" } })
    expect(tr("'x' ne title")).toEqual({ title: { $ne: 'x' } })
    expect(tr('5 lt estimate_hours')).toEqual({ estimate_hours: { $gt: 5 } })
    expect(tr('estimate_hours le 2.5')).toEqual({ estimate_hours: { $lte: 2.5 } })
    expect(tr('due_at ge 2026-01-01T00:00:00+01:00')).toEqual({
      due_at: { $gte: '2026-01-01T00:00:00+01:00' },
    })
    expect(tr('$it/done eq false')).toEqual({ done: { $eq: false } })
  })

  it('keeps OData precedence: a or (b and c)', () => {
    expect(tr("title eq 'a' or done eq true and estimate_hours gt 1")).toEqual({
      $or: [
        { title: { $eq: 'a' } },
        { $and: [{ done: { $eq: true } }, { estimate_hours: { $gt: 1 } }] },
      ],
    })
  })

  it('turns null comparisons into $null and ordering with null into nothing', () => {
    expect(tr('title eq null')).toEqual({ title: { $null: true } })
    expect(tr('null ne title')).toEqual({ title: { $null: false } })
    expect(tr('estimate_hours gt null')).toEqual(NO_RECORD)
    expect(tr('meta eq null')).toEqual({ meta: { $null: true } })
  })

  it('applies three-valued logic: not of an unknown is unknown', () => {
    expect(tr('done')).toEqual({ done: { $eq: true } })
    expect(tr('not done')).toEqual({ done: { $eq: false } })
    expect(tr("not contains(title, 'x')")).toEqual({
      $and: [{ title: { $null: false } }, { $not: { title: { $contains: 'x' } } }],
    })
    // a comparison is two-valued, so its negation keeps nulls
    expect(tr('not (estimate_hours gt 5)')).toEqual({ $not: { estimate_hours: { $gt: 5 } } })
    expect(tr("contains(title, 'x') eq false")).toEqual({
      $and: [{ title: { $null: false } }, { $not: { title: { $contains: 'x' } } }],
    })
    expect(tr("startswith(title, 'T') and endswith(title, '9')")).toEqual({
      $and: [{ title: { $startsWith: 'T' } }, { title: { $endsWith: '9' } }],
    })
  })

  it('handles in-lists, including null and the empty list', () => {
    expect(tr("priority in ('low', 'high')")).toEqual({ priority: { $in: ['low', 'high'] } })
    expect(tr("not (priority in ('low', null))")).toEqual({ priority: { $nin: ['low', null] } })
    expect(tr('estimate_hours in ()')).toEqual(NO_RECORD)
    expect(tr("'a' in ('a', 'b')")).toBeUndefined()
  })

  it('folds constants: arithmetic, functions, now()', () => {
    expect(tr('estimate_hours gt 2 add 3 mul 2')).toEqual({ estimate_hours: { $gt: 8 } })
    expect(tr('estimate_hours gt 7 div 2')).toEqual({ estimate_hours: { $gt: 3 } })
    expect(tr('estimate_hours gt -(2)')).toEqual({ estimate_hours: { $gt: -2 } })
    expect(tr("tolower('ABC') eq 'abc' and 1 eq 1")).toBeUndefined()
    expect(tr("length('abc') eq 4")).toEqual(NO_RECORD)
    expect(tr("title eq concat(substring('xTask', 1), toupper(' a'))")).toEqual({
      title: { $eq: 'Task A' },
    })
    expect(tr('due_at lt now()')).toEqual({ due_at: { $lt: NOW.toISOString() } })
  })

  it('rewrites year() and date() comparisons as exact ranges', () => {
    expect(tr('year(due_at) eq 2024')).toEqual({
      $and: [
        { due_at: { $gte: '2024-01-01T00:00:00.000Z' } },
        { due_at: { $lt: '2025-01-01T00:00:00.000Z' } },
      ],
    })
    expect(tr('year(due_at) gt 2024')).toEqual({ due_at: { $gte: '2025-01-01T00:00:00.000Z' } })
    expect(tr('date(due_at) le 2024-02-28')).toEqual({
      due_at: { $lt: '2024-02-29T00:00:00.000Z' },
    })
    expect(tr('year(due_at) ne 2024')).toEqual({
      $not: {
        $and: [
          { due_at: { $gte: '2024-01-01T00:00:00.000Z' } },
          { due_at: { $lt: '2025-01-01T00:00:00.000Z' } },
        ],
      },
    })
  })

  it('supports any/all over primitive collections when the predicate is a set of equalities', () => {
    expect(tr("tags/any(t: t eq 'a' or t in ('b'))")).toEqual({
      $or: [{ tags: { $contains: 'a' } }, { tags: { $contains: 'b' } }],
    })
    expect(tr("tags/all(t: t ne 'a' and not (t eq 'b'))")).toEqual({
      $and: [{ tags: { $notContains: 'a' } }, { tags: { $notContains: 'b' } }],
    })
    expect(tr("not tags/any(x: 'a' eq x)")).toEqual({ tags: { $notContains: 'a' } })
  })

  it('resolves parameter aliases; an alias without a value is null', () => {
    expect(tr('title eq @p and estimate_hours gt @n', { p: "'x'", n: '3' })).toEqual({
      $and: [{ title: { $eq: 'x' } }, { estimate_hours: { $gt: 3 } }],
    })
    expect(tr('title eq @missing')).toEqual({ title: { $null: true } })
  })
})

describe('what cannot be expressed exactly is 501, what is wrong is 400', () => {
  it('NOT_SUPPORTED (501) rather than a wrong answer', () => {
    for (const text of [
      'estimate_hours add 1 gt 5',
      '-estimate_hours gt 5',
      "tolower(title) eq 'x'",
      'length(title) eq 3',
      "indexof(title, 'a') eq 0",
      'month(due_at) eq 3',
      'estimate_hours eq estimate_hours',
      "project_ref/name eq 'x'",
      "title/any(t: t eq 'a')",
      'tags/any()',
      "tags/any(t: startswith(t, 'a'))",
      "tags/any(t: t eq 'a' and t eq 'b')",
      "tags/all(t: t eq 'a')",
      "contains('abc', title)",
      'estimate_hours lt INF',
      "due_at eq duration'P1D'",
      'estimate_hours in (1, title)',
      'title eq ["a"]',
      'my.fn(title)',
      "geo.distance(meta, 'x') lt 1",
    ]) {
      expect(code(text), text).toBe('NOT_SUPPORTED')
    }
  })

  it('INVALID_FILTER / INVALID_FIELD (400) for type misfits and unknown names', () => {
    for (const text of [
      'title eq 5',
      "estimate_hours eq '5'",
      'due_at eq 2024-01-01',
      "meta eq 'x'",
      "tags eq 'a'",
      'tags eq null',
      'title',
      "estimate_hours has Ns.Color'Red'",
      "frobnicate(title) eq 'x'",
      "contains(estimate_hours, 'x')",
      'estimate_hours in 5',
      'd eq 2024-02-30',
      '1 div 0 eq 1',
    ]) {
      expect(code(text), text).toMatch(/^INVALID_(FILTER|FIELD)$/)
    }
    expect(code('nope eq 1')).toBe('INVALID_FIELD')
  })
})
