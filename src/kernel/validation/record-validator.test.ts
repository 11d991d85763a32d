import { describe, expect, it } from 'vitest'
import { ObjectQLError, hasErrorCode } from '../errors.js'
import type { FieldConfig } from '../spec/object-config.js'
import type { FilterCondition } from '../spec/query-ast.js'
import { assertValid, uniqueIssues, validateRecord } from './record-validator.js'
import type { RecordValidationOptions } from './record-validator.js'

const fields: Record<string, FieldConfig> = {
  title: { type: 'text', required: true, minLength: 2, maxLength: 5 },
  code: { type: 'text', pattern: '^[A-Z]{3}$', unique: true },
  score: { type: 'number', min: 0, max: 10 },
  done: { type: 'boolean', defaultValue: false },
  due: { type: 'date' },
  at: { type: 'datetime' },
  status: {
    type: 'select',
    options: [
      { label: 'Open', value: 'open' },
      { label: 'Closed', value: 'closed' },
    ],
    defaultValue: 'open',
  },
  labels: { type: 'multiselect', options: [{ label: 'A', value: 'a' }], maxLength: 1 },
  tags: { type: 'tags' },
  owner: { type: 'lookup', reference: 'user' },
  watchers: { type: 'lookup', reference: 'user', multiple: true },
  meta: { type: 'json', defaultValue: { n: 1 } },
  clock: { type: 'time' },
  embedding: { type: 'vector' },
}

const create: RecordValidationOptions = { mode: 'create', target: 'task', systemFields: true }

function thrown(run: () => unknown): ObjectQLError {
  try {
    run()
  } catch (error) {
    if (error instanceof ObjectQLError) return error
    throw error
  }
  throw new Error('expected an error')
}

describe('validateRecord on create', () => {
  it('accepts a valid record, applies defaults (copied) and normalizes dates', () => {
    const { data, issues } = validateRecord(
      fields,
      {
        id: 'r1',
        title: 'Abc',
        at: '2024-05-01T12:00:00+02:00',
        due: new Date(Date.UTC(2024, 4, 2)),
        labels: ['a'],
        tags: ['x', 'y'],
        watchers: ['u1', 'u2'],
        created_at: 'ignored, the kernel stamps it',
        note: undefined,
      },
      create,
    )
    expect(issues).toEqual([])
    expect(data).toEqual({
      id: 'r1',
      title: 'Abc',
      at: '2024-05-01T10:00:00.000Z',
      due: '2024-05-02',
      labels: ['a'],
      tags: ['x', 'y'],
      watchers: ['u1', 'u2'],
      done: false,
      status: 'open',
      meta: { n: 1 },
    })
    expect(data['meta']).not.toBe(fields['meta']?.defaultValue)
  })

  it('lists every failing field with its rule', () => {
    const { issues } = validateRecord(
      fields,
      {
        title: '',
        code: 'abc',
        score: 11,
        done: 'yes',
        due: '2024-02-30',
        at: 'soon',
        status: 'pending',
        labels: ['a', 'a'],
        tags: [1],
        owner: 42,
        watchers: 'u1',
        meta: { f: () => 1 },
        clock: '25:00',
        embedding: [1, 'x'],
      },
      create,
    )
    expect(issues.map((i) => [i.field, i.rule])).toEqual([
      ['title', 'required'],
      ['code', 'pattern'],
      ['score', 'max'],
      ['done', 'type'],
      ['due', 'type'],
      ['at', 'type'],
      ['status', 'options'],
      ['labels', 'maxLength'],
      ['tags', 'type'],
      ['owner', 'type'],
      ['watchers', 'type'],
      ['meta', 'type'],
      ['clock', 'type'],
      ['embedding', 'type'],
    ])
    for (const issue of issues) expect(issue.message).toContain(`'${issue.field}'`)
  })

  it.each([
    ['title', 'A', 'minLength'],
    ['title', 'Abcdef', 'maxLength'],
    ['title', 5, 'type'],
    ['score', -1, 'min'],
    ['score', Number.POSITIVE_INFINITY, 'type'],
    ['score', '3', 'type'],
    ['labels', 'a', 'type'],
    ['labels', ['b'], 'options'],
  ])('%s = %j fails %s', (field, value, rule) => {
    const { issues } = validateRecord(fields, { title: 'Abc', [field]: value }, create)
    expect(issues).toEqual([expect.objectContaining({ field, rule })])
  })

  it('counts string length in code points', () => {
    expect(validateRecord(fields, { title: '😀😀😀😀😀' }, create).issues).toEqual([])
  })

  it('rejects a non-string, empty or not well-formed id and keeps an emoji one', () => {
    expect(validateRecord(fields, { id: 'ok-😀', title: 'Abc' }, create).data['id']).toBe('ok-😀')
    for (const id of [5, '', {}, 'lone\uD800']) {
      const { issues } = validateRecord(fields, { id, title: 'Abc' }, create)
      expect(issues).toEqual([expect.objectContaining({ field: 'id', rule: 'type' })])
    }
  })

  it('fails unknown fields with INVALID_FIELD naming all of them', () => {
    const error = thrown(() => validateRecord(fields, { title: 'Abc', nope: 1, other: 2 }, create))
    expect(error.code).toBe('INVALID_FIELD')
    expect(error.details).toMatchObject({ fields: ['nope', 'other'] })
    const params = thrown(() =>
      validateRecord(fields, { id: 'x', title: 'Abc' }, { ...create, systemFields: false }),
    )
    expect(params.code).toBe('INVALID_FIELD')
  })

  it('rejects a non-object record with VALIDATION_FAILED', () => {
    expect(thrown(() => validateRecord(fields, [] as never, create)).code).toBe('VALIDATION_FAILED')
  })
})

describe('validateRecord on update', () => {
  const previous = { id: 'r1', title: 'Abc', created_at: '2024-01-01T00:00:00.000Z' }
  const update: RecordValidationOptions = {
    mode: 'update',
    target: 'task',
    systemFields: true,
    previous,
  }

  it('checks only the given fields and applies no defaults', () => {
    expect(validateRecord(fields, { score: 3 }, update)).toEqual({ data: { score: 3 }, issues: [] })
  })

  it('fails required fields set to null or empty', () => {
    for (const title of [null, '']) {
      expect(validateRecord(fields, { title }, update).issues).toEqual([
        expect.objectContaining({ field: 'title', rule: 'required' }),
      ])
    }
    // Optional fields may be cleared.
    expect(validateRecord(fields, { score: null }, update)).toEqual({
      data: { score: null },
      issues: [],
    })
  })

  it('refuses a different id or created_at and drops equal ones and updated_at', () => {
    expect(
      validateRecord(
        fields,
        { id: 'r2', created_at: '2000-01-01T00:00:00.000Z' },
        update,
      ).issues.map((i) => [i.field, i.rule]),
    ).toEqual([
      ['id', 'readonly'],
      ['created_at', 'readonly'],
    ])
    expect(validateRecord(fields, { ...previous, updated_at: 'x', score: 1 }, update)).toEqual({
      data: { title: 'Abc', score: 1 },
      issues: [],
    })
  })
})

describe('uniqueIssues and assertValid', () => {
  it('asks the store with a canonical filter, excluding the updated record', async () => {
    const asked: FilterCondition[] = []
    const count = (where: FilterCondition): Promise<number> => {
      asked.push(where)
      return Promise.resolve(1)
    }
    const result = validateRecord(fields, { title: 'Abc', code: 'XYZ' }, create)
    const issues = await uniqueIssues(fields, result, count, 'r1')
    expect(issues).toEqual([expect.objectContaining({ field: 'code', rule: 'unique' })])
    expect(asked).toEqual([{ $and: [{ code: { $eq: 'XYZ' } }, { id: { $ne: 'r1' } }] }])
  })

  it('skips fields that failed another rule, empty values and free values', async () => {
    let calls = 0
    const count = (): Promise<number> => Promise.resolve(calls++ * 0)
    const bad = validateRecord(fields, { title: 'Abc', code: 'bad' }, create)
    expect(await uniqueIssues(fields, bad, count)).toEqual([])
    const empty = validateRecord(fields, { title: 'Abc' }, create)
    expect(await uniqueIssues(fields, empty, count)).toEqual([])
    expect(calls).toBe(0)
    const free = validateRecord(fields, { title: 'Abc', code: 'ABC' }, create)
    expect(await uniqueIssues(fields, free, count)).toEqual([])
    expect(calls).toBe(1)
  })

  it('assertValid throws VALIDATION_FAILED with details.errors, or nothing', () => {
    expect(() => assertValid('task', [])).not.toThrow()
    const error = thrown(() =>
      assertValid('task', [{ field: 'a', rule: 'required', message: "'a' is required" }]),
    )
    expect(hasErrorCode(error, 'VALIDATION_FAILED')).toBe(true)
    expect(error.details).toEqual({
      errors: [{ field: 'a', rule: 'required', message: "'a' is required" }],
    })
  })
})
