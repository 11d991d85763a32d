import { describe, expect, it } from 'vitest'
import { fieldSetOf, openFieldSet, specOf } from './field-set.js'
import { FIELD_TYPES } from './object-config.js'
import { TASKS } from './spec.test-utils.js'

describe('fieldSetOf', () => {
  it('has the declared fields plus id, created_at and updated_at', () => {
    const set = fieldSetOf(TASKS)
    expect([...set.names].sort()).toEqual(
      ['id', 'created_at', 'updated_at', ...Object.keys(TASKS.fields)].sort(),
    )
    expect(set.get('id')).toMatchObject({ kind: 'string', multiple: false })
    expect(set.get('created_at')).toMatchObject({ kind: 'datetime' })
    expect(set.get('nope')).toBeUndefined()
    expect(set.get('constructor')).toBeUndefined()
    expect(set.get('__proto__')).toBeUndefined()
  })

  it('is cached for frozen configs only', () => {
    expect(fieldSetOf(TASKS)).toBe(fieldSetOf(TASKS))
    const mutable = { name: 'm', fields: { a: { type: 'text' as const } } }
    expect(fieldSetOf(mutable)).not.toBe(fieldSetOf(mutable))
  })

  it('a declared system field keeps its declared type', () => {
    const set = fieldSetOf({ name: 'x', fields: { created_at: { type: 'date' } } })
    expect(set.get('created_at')?.kind).toBe('date')
  })
})

describe('specOf', () => {
  it('maps every field type to a kind', () => {
    for (const type of FIELD_TYPES) expect(specOf('f', { type }).kind).toBeTypeOf('string')
  })

  it.each([
    [{ type: 'text' }, 'string', false],
    [{ type: 'currency' }, 'number', false],
    [{ type: 'toggle' }, 'boolean', false],
    [{ type: 'date' }, 'date', false],
    [{ type: 'datetime' }, 'datetime', false],
    [{ type: 'time' }, 'time', false],
    [{ type: 'radio' }, 'select', false],
    [{ type: 'multiselect' }, 'select', true],
    [{ type: 'checkboxes' }, 'select', true],
    [{ type: 'tags' }, 'string', true],
    [{ type: 'lookup', reference: 'u', multiple: true }, 'string', true],
    [{ type: 'json' }, 'structured', false],
    [{ type: 'file' }, 'structured', false],
    [{ type: 'formula' }, 'scalar', false],
    [{ type: 'formula', data_type: 'boolean' }, 'boolean', false],
    [{ type: 'formula', data_type: 'json' }, 'scalar', false],
    [{ type: 'summary', summary_type: 'count' }, 'number', false],
    [{ type: 'summary', summaryOperations: { function: 'avg' } }, 'number', false],
    [{ type: 'summary', summary_type: 'max' }, 'scalar', false],
  ] as const)('%j -> %s (multiple %s)', (config, kind, multiple) => {
    expect(specOf('f', config)).toMatchObject({ kind, multiple })
  })

  it('derives option types for selects', () => {
    expect([
      ...specOf('f', { type: 'select', options: [{ label: 'a', value: 'a' }] }).optionTypes,
    ]).toEqual(['string'])
    expect([
      ...specOf('f', { type: 'select', options: [{ label: '1', value: 1 }] }).optionTypes,
    ]).toEqual(['number'])
    expect(specOf('f', { type: 'select' }).optionTypes.size).toBe(2)
  })

  it('reads reference or its deprecated alias reference_to', () => {
    expect(specOf('f', { type: 'lookup', reference: 'users' }).reference).toBe('users')
    expect(specOf('f', { type: 'lookup', reference_to: 'users' }).reference).toBe('users')
  })
})

describe('openFieldSet', () => {
  it('accepts any name as a scalar, and id as a string', () => {
    const set = openFieldSet('unknown')
    expect(set.open).toBe(true)
    expect(set.get('whatever')?.kind).toBe('scalar')
    expect(set.get('id')?.kind).toBe('string')
  })
})
