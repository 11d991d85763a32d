import { describe, expect, it } from 'vitest'
import { isDeepFrozen } from './deep-freeze.js'
import { FIELD_TYPES } from './object-config.js'
import { FieldConfigSchema, formatPath, parseObjectConfig } from './object-config-schema.js'
import type { MetadataIssue } from './object-config-schema.js'
import { catchError } from './spec.test-utils.js'

const issuesOf = (input: unknown, source?: string): MetadataIssue[] => {
  const error = catchError(() => parseObjectConfig(input, source), 'METADATA_INVALID')
  return (error.details?.['issues'] ?? []) as MetadataIssue[]
}

describe('parseObjectConfig: normalization', () => {
  it('fills labels and field names, and freezes the result', () => {
    const object = parseObjectConfig({
      name: 'project_task',
      fields: { due_date: { type: 'date' }, title: { type: 'text', label: 'Headline' } },
    })
    expect(object.label).toBe('Project Task')
    expect(object.fields['due_date']).toEqual({ type: 'date', name: 'due_date', label: 'Due Date' })
    expect(object.fields['title']?.label).toBe('Headline')
    expect(isDeepFrozen(object)).toBe(true)
  })

  it('infers missing types as upstream does', () => {
    const object = parseObjectConfig({
      name: 'tasks',
      fields: {
        owner: { reference_to: 'users' },
        status: { options: [{ label: 'Open', value: 'open' }] },
        score: { expression: 'a + b' },
        total: { summary_object: 'lines', summary_type: 'sum' },
      },
    })
    expect(object.fields['owner']).toMatchObject({ type: 'lookup', reference: 'users' })
    expect(object.fields['status']?.type).toBe('select')
    expect(object.fields['score']?.type).toBe('formula')
    expect(object.fields['total']?.type).toBe('summary')
  })

  it('an explicit type wins over inference', () => {
    const object = parseObjectConfig({
      name: 'tasks',
      fields: { tags: { type: 'multiselect', options: ['a', 'b'] } },
    })
    expect(object.fields['tags']).toMatchObject({
      type: 'multiselect',
      options: [
        { label: 'a', value: 'a' },
        { label: 'b', value: 'b' },
      ],
    })
  })

  it('copies reference_to to reference', () => {
    const object = parseObjectConfig({
      name: 'tasks',
      fields: { project: { type: 'master_detail', reference_to: 'projects' } },
    })
    expect(object.fields['project']).toMatchObject({
      reference: 'projects',
      reference_to: 'projects',
    })
  })

  it('turns an upstream index map into an array named by key', () => {
    const object = parseObjectConfig({
      name: 'tasks',
      fields: { status: { type: 'text' }, priority: { type: 'number' } },
      indexes: { status_priority_idx: { fields: ['status', 'priority'], unique: true } },
    })
    expect(object.indexes).toEqual([
      { name: 'status_priority_idx', fields: ['status', 'priority'], unique: true },
    ])
  })

  it('keeps unknown upstream attributes and fills action params like fields', () => {
    const object = parseObjectConfig({
      name: 'tasks',
      enable: { trackHistory: true },
      fields: { title: { type: 'text', searchable: true, help_text: 'x' } },
      actions: {
        complete: {
          type: 'record',
          label: 'Complete',
          confirm_text: 'Sure?',
          params: { note: { type: 'textarea' } },
        },
      },
    })
    expect(object['enable']).toEqual({ trackHistory: true })
    expect(object.fields['title']).toMatchObject({ searchable: true, help_text: 'x' })
    expect(object.actions?.['complete']?.params?.['note']).toEqual({
      type: 'textarea',
      name: 'note',
      label: 'Note',
    })
    expect(object.actions?.['complete']?.['confirm_text']).toBe('Sure?')
  })

  it('accepts every field type', () => {
    for (const type of FIELD_TYPES) {
      const extra = type === 'lookup' || type === 'master_detail' ? { reference: 'users' } : {}
      expect(() =>
        parseObjectConfig({ name: 'all', fields: { f: { type, ...extra } } }),
      ).not.toThrow()
    }
  })

  it('is idempotent: parsing a parsed definition gives an equal one', () => {
    const once = parseObjectConfig({
      name: 'tasks',
      fields: { owner: { reference_to: 'users' }, status: { options: ['a', 'b'] } },
      indexes: { by_owner: { fields: ['owner'] } },
      actions: { go: { params: { why: { type: 'text' } } } },
    })
    expect(parseObjectConfig(once)).toEqual(once)
  })

  it('does not mutate its input', () => {
    const input = {
      name: 'tasks',
      fields: { owner: { reference_to: 'users' } },
      indexes: { i: { fields: ['owner'] } },
    }
    const copy = structuredClone(input)
    parseObjectConfig(input)
    expect(input).toEqual(copy)
  })
})

describe('parseObjectConfig: METADATA_INVALID names the source, path and reason', () => {
  it('reports the path of a bad option value', () => {
    const error = catchError(
      () =>
        parseObjectConfig(
          {
            name: 'tasks',
            fields: {
              status: {
                type: 'select',
                options: [
                  { label: 'A', value: 'a' },
                  { label: 'B', value: 'b' },
                  { label: 'C', value: true },
                ],
              },
            },
          },
          'objects/tasks.object.yml',
        ),
      'METADATA_INVALID',
    )
    expect(error.message).toContain('objects/tasks.object.yml')
    expect(error.message).toContain('fields.status.options[2].value')
    expect(error.details).toMatchObject({ source: 'objects/tasks.object.yml' })
  })

  it.each([
    ['not an object', 'tasks', ''],
    ['missing name', { fields: {} }, 'name'],
    ['bad name', { name: 'my tasks', fields: {} }, 'name'],
    ['missing fields', { name: 'tasks' }, 'fields'],
    ['unknown type', { name: 't', fields: { a: { type: 'string' } } }, 'fields.a.type'],
    ['missing type', { name: 't', fields: { a: { required: true } } }, 'fields.a.type'],
    ['bad field key', { name: 't', fields: { 'a-b': { type: 'text' } } }, 'fields.a-b'],
    [
      'bad boolean',
      { name: 't', fields: { a: { type: 'text', required: 'yes' } } },
      'fields.a.required',
    ],
    [
      'bad pattern',
      { name: 't', fields: { a: { type: 'text', pattern: '([a-z' } } },
      'fields.a.pattern',
    ],
    [
      'negative maxLength',
      { name: 't', fields: { a: { type: 'text', maxLength: -1 } } },
      'fields.a.maxLength',
    ],
    [
      'fractional minLength',
      { name: 't', fields: { a: { type: 'text', minLength: 1.5 } } },
      'fields.a.minLength',
    ],
    ['min > max', { name: 't', fields: { a: { type: 'number', min: 5, max: 1 } } }, 'fields.a.min'],
    [
      'minLength > maxLength',
      { name: 't', fields: { a: { type: 'text', minLength: 5, maxLength: 1 } } },
      'fields.a.minLength',
    ],
    [
      'lookup without reference',
      { name: 't', fields: { a: { type: 'lookup' } } },
      'fields.a.reference',
    ],
    [
      'contradicting references',
      { name: 't', fields: { a: { type: 'lookup', reference: 'x', reference_to: 'y' } } },
      'fields.a.reference_to',
    ],
    [
      'duplicate option values',
      { name: 't', fields: { a: { type: 'select', options: ['x', 'x'] } } },
      'fields.a.options[1].value',
    ],
    [
      'option not an object',
      { name: 't', fields: { a: { type: 'select', options: [true] } } },
      'fields.a.options[0]',
    ],
    [
      'name differs from key',
      { name: 't', fields: { a: { type: 'text', name: 'b' } } },
      'fields.a.name',
    ],
    [
      'index on unknown field',
      { name: 't', fields: {}, indexes: [{ fields: ['nope'] }] },
      'indexes[0].fields[0]',
    ],
    [
      'index map on unknown field',
      { name: 't', fields: {}, indexes: { by_x: { fields: ['x'] } } },
      'indexes.by_x.fields[0]',
    ],
    [
      'index without fields',
      { name: 't', fields: {}, indexes: [{ fields: [] }] },
      'indexes[0].fields',
    ],
    [
      'index typo',
      { name: 't', fields: { a: { type: 'text' } }, indexes: [{ fields: ['a'], uniqe: true }] },
      'indexes[0]',
    ],
    [
      'bad action type',
      { name: 't', fields: {}, actions: { go: { type: 'batch' } } },
      'actions.go.type',
    ],
    [
      'bad action param',
      { name: 't', fields: {}, actions: { go: { params: { p: { type: 'nope' } } } } },
      'actions.go.params.p.type',
    ],
  ])('%s', (_name, input, path) => {
    const issues = issuesOf(input, 'test-source')
    expect(issues.map((issue) => issue.path)).toContain(path)
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0)
  })

  it('__proto__ is never accepted as a field, action or top-level key', () => {
    const field = issuesOf(JSON.parse('{"name":"t","fields":{"__proto__":{"type":"text"}}}'))
    expect(field.map((issue) => issue.path)).toContain('fields.__proto__')
    const action = issuesOf(JSON.parse('{"name":"t","fields":{},"actions":{"__proto__":{}}}'))
    expect(action.map((issue) => issue.path)).toContain('actions.__proto__')
    const top = issuesOf(JSON.parse('{"name":"t","fields":{},"__proto__":{"x":1}}'))
    expect(top.map((issue) => issue.path)).toEqual(['__proto__'])
    const deep = issuesOf(
      JSON.parse('{"name":"t","fields":{"a":{"type":"json","x":[{"__proto__":1}]}}}'),
    )
    expect(deep.map((issue) => issue.path)).toEqual(['fields.a.x[0].__proto__'])
  })

  it('lists every issue, not only the first', () => {
    const issues = issuesOf({
      name: 't',
      fields: { a: { type: 'x' }, b: { type: 'text', min: 'low' } },
    })
    expect(issues.map((issue) => issue.path).sort()).toEqual(['fields.a.type', 'fields.b.min'])
  })

  it('a missing type says how to fix it', () => {
    const error = catchError(() => parseObjectConfig({ name: 't', fields: { a: {} } }))
    expect(error.message).toMatch(/fields\.a\.type: type is required/)
  })
})

describe('schemas and helpers', () => {
  it('FieldConfigSchema keeps unknown keys', () => {
    expect(FieldConfigSchema.parse({ type: 'text', ai_context: 'x' })).toEqual({
      type: 'text',
      ai_context: 'x',
    })
  })

  it('formatPath', () => {
    expect(formatPath(['fields', 'status', 'options', 2, 'value'])).toBe(
      'fields.status.options[2].value',
    )
    expect(formatPath([])).toBe('')
    expect(formatPath([0, 'a'])).toBe('[0].a')
  })
})
