import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import { isDeepFrozen } from '../spec/deep-freeze.js'
import type { ObjectConfig } from '../spec/object-config.js'
import { parseObjectConfig } from '../spec/object-config-schema.js'
import { normalizeQuery } from '../spec/query-normalizer.js'
import { ReadNormalizer, countQuery } from './read-normalizer.js'

const user = parseObjectConfig({ name: 'user', fields: { name: { type: 'text' } } })
const task = parseObjectConfig({
  name: 'task',
  fields: { title: { type: 'text' }, owner: { type: 'lookup', reference: 'user' } },
})
const objects = new Map<string, ObjectConfig>([
  ['user', user],
  ['task', task],
])

function normalizer(): ReadNormalizer {
  return new ReadNormalizer((name) => objects.get(name))
}

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

describe('ReadNormalizer', () => {
  it('normalizes "no query" once per object and operation, and shares the frozen AST', () => {
    const reads = normalizer()
    const first = reads.normalize(undefined, task, 'findOne', 0)
    expect(first).toEqual(normalizeQuery(undefined, task, 'findOne'))
    expect(isDeepFrozen(first)).toBe(true)
    expect(reads.normalize(undefined, task, 'findOne', 0)).toBe(first)
    expect(reads.normalize(null, task, 'findOne', 0)).toBe(first)
    expect(reads.normalize(undefined, task, 'count', 0)).toEqual({ object: 'task' })
    expect(reads.normalize(undefined, user, 'findOne', 0).object).toBe('user')
  })

  it('starts afresh for a re-registered object (new metadata) and for nested depths', () => {
    const reads = normalizer()
    const first = reads.normalize(undefined, task, 'find', 0)
    const replaced = parseObjectConfig({ name: 'task', fields: { title: { type: 'text' } } })
    const again = reads.normalize(undefined, replaced, 'find', 0)
    expect(again).not.toBe(first)
    expect(again).toEqual(first)
    expect(reads.normalize(undefined, task, 'find', 1)).not.toBe(first)
  })

  it('checks the cached AST against the object name, for metadata that is not frozen', () => {
    const reads = normalizer()
    const loose: { name: string; fields: ObjectConfig['fields'] } = {
      name: 'note',
      fields: { body: { type: 'text' } },
    }
    expect(reads.normalize(undefined, loose, 'find', 0).object).toBe('note')
    loose.name = 'memo'
    expect(reads.normalize(undefined, loose, 'find', 0).object).toBe('memo')
  })

  it('still refuses unknown fields, paging in findOne and paged expand sub-queries', () => {
    const reads = normalizer()
    const unknown = thrown(() => reads.normalize({ fields: ['nope'] }, task, 'findOne', 0))
    expect(hasErrorCode(unknown, 'INVALID_FIELD')).toBe(true)
    const paged = thrown(() => reads.normalize({ limit: 1 }, task, 'findOne', 0))
    expect(hasErrorCode(paged, 'INVALID_QUERY')).toBe(true)
    const subPaged = thrown(() =>
      reads.normalize({ expand: { owner: { limit: 2 } } }, task, 'find', 0),
    )
    expect(hasErrorCode(subPaged, 'INVALID_QUERY')).toBe(true)
  })

  it('returns a frozen AST when expanded fields are added to a projection', () => {
    const ast = normalizer().normalize(
      { fields: ['title'], expand: { owner: {} } },
      task,
      'find',
      0,
    )
    expect(ast.fields).toEqual(['id', 'title', 'owner'])
    expect(isDeepFrozen(ast)).toBe(true)
  })
})

describe('countQuery', () => {
  it('keeps a query, wraps a filter and maps no argument to "no query"', () => {
    const query = { where: { title: 'x' } }
    expect(countQuery(query)).toBe(query)
    expect(countQuery({ filters: [['title', '=', 'x']] })).toEqual({
      filters: [['title', '=', 'x']],
    })
    expect(countQuery({ title: 'x' })).toEqual({ where: { title: 'x' } })
    expect(countQuery(undefined)).toBeUndefined()
    expect(countQuery(null)).toBeUndefined()
  })
})
