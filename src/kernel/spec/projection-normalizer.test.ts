import { describe, expect, it } from 'vitest'
import { fieldSetOf } from './field-set.js'
import { normalizeFieldList, normalizeProjection } from './projection-normalizer.js'
import { TASKS, catchError } from './spec.test-utils.js'

const fields = fieldSetOf(TASKS)

describe('normalizeProjection', () => {
  it('reads arrays and comma strings, putting id first', () => {
    expect(normalizeProjection(['title', 'done'], fields, 'fields')).toEqual([
      'id',
      'title',
      'done',
    ])
    expect(normalizeProjection(' title ,done ', fields, 'select')).toEqual(['id', 'title', 'done'])
    expect(normalizeProjection(['done', 'id'], fields, 'fields')).toEqual(['id', 'done'])
  })

  it('reads upstream FieldNodes without nested selection', () => {
    expect(normalizeProjection([{ field: 'title' }], fields, 'fields')).toEqual(['id', 'title'])
    catchError(
      () => normalizeProjection([{ field: 'owner', fields: ['name'] }], fields, 'fields'),
      'INVALID_QUERY',
    )
  })

  it('drops duplicates and reads _id as id', () => {
    expect(normalizeProjection('title,title,_id', fields, 'fields')).toEqual(['id', 'title'])
  })

  it('an empty list means all fields', () => {
    expect(normalizeProjection([], fields, 'fields')).toBeUndefined()
    expect(normalizeProjection('', fields, 'fields')).toBeUndefined()
  })

  it('system fields can be selected', () => {
    expect(normalizeProjection('created_at,updated_at', fields, 'fields')).toEqual([
      'id',
      'created_at',
      'updated_at',
    ])
  })

  it('unknown names are INVALID_FIELD located by index', () => {
    const error = catchError(() => normalizeProjection(['title', 'nope'], fields, 'fields'))
    expect(error.code).toBe('INVALID_FIELD')
    expect(error.details).toMatchObject({ path: 'fields[1]', field: 'nope' })
  })

  it.each([[5], [{ title: 1 }], [[5]], ['title,,done'], [[' ']]])(
    '%j is INVALID_QUERY',
    (input) => {
      catchError(() => normalizeFieldList(input, fields, 'fields'), 'INVALID_QUERY')
    },
  )
})
