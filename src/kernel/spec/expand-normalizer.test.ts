import { describe, expect, it } from 'vitest'
import { isDeepFrozen } from './deep-freeze.js'
import { normalizeQuery } from './query-normalizer.js'
import { TASKS, USERS, catchError, resolveFixture } from './spec.test-utils.js'

const ID_ASC = { field: 'id', order: 'asc' }
const withResolver = { resolveObject: resolveFixture }

describe('expand', () => {
  it('normalizes sub-queries against the referenced object', () => {
    const ast = normalizeQuery(
      {
        expand: {
          owner: { select: 'name', filters: [['age', '>=', 18]], sort: '-age' },
          project: true,
        },
      },
      TASKS,
      'find',
      withResolver,
    )
    expect(ast.expand).toEqual({
      owner: {
        object: 'users',
        fields: ['id', 'name'],
        where: { age: { $gte: 18 } },
        orderBy: [{ field: 'age', order: 'desc' }, ID_ASC],
      },
      project: { object: 'projects', orderBy: [ID_ASC] },
    })
    expect(isDeepFrozen(ast)).toBe(true)
  })

  it('accepts lists, comma strings and populate', () => {
    const expected = normalizeQuery({ expand: { owner: {}, project: {} } }, TASKS)
    expect(normalizeQuery({ expand: ['owner', 'project'] }, TASKS)).toEqual(expected)
    expect(normalizeQuery({ expand: 'owner, project' }, TASKS)).toEqual(expected)
    expect(normalizeQuery({ populate: ['owner', 'project'] }, TASKS)).toEqual(expected)
  })

  it('reads reference_to as the reference', () => {
    const ast = normalizeQuery({ expand: 'project' }, TASKS)
    expect(ast.expand?.['project']?.object).toBe('projects')
  })

  it('checks sub-query fields when the target resolves', () => {
    const error = catchError(
      () =>
        normalizeQuery({ expand: { owner: { fields: ['nope'] } } }, TASKS, 'find', withResolver),
      'INVALID_FIELD',
    )
    expect(error.details).toMatchObject({ path: 'expand.owner.fields[0]', object: 'users' })
    catchError(
      () =>
        normalizeQuery({ expand: { owner: { where: { age: 'x' } } } }, TASKS, 'find', withResolver),
      'INVALID_FILTER',
    )
  })

  it('without a resolver, sub-queries are checked for shape only and cannot nest', () => {
    const ast = normalizeQuery({ expand: { owner: { where: { anything: 1 } } } }, TASKS)
    expect(ast.expand?.['owner']?.where).toEqual({ anything: { $eq: 1 } })
    catchError(
      () => normalizeQuery({ expand: { owner: { where: { $bad: 1 } } } }, TASKS),
      'INVALID_FILTER',
    )
    catchError(
      () => normalizeQuery({ expand: { owner: { expand: 'team' } } }, TASKS),
      'INVALID_QUERY',
    )
  })

  it('nests up to three levels and rejects the fourth with LIMIT_EXCEEDED', () => {
    const three = { expand: { owner: { expand: { team: { expand: { lead: {} } } } } } }
    const ast = normalizeQuery(three, TASKS, 'find', withResolver)
    expect(ast.expand?.['owner']?.expand?.['team']?.expand?.['lead']?.object).toBe('users')
    const four = {
      expand: { owner: { expand: { team: { expand: { lead: { expand: 'team' } } } } } },
    }
    const error = catchError(
      () => normalizeQuery(four, TASKS, 'find', withResolver),
      'LIMIT_EXCEEDED',
    )
    expect(error.details).toMatchObject({ path: 'expand.owner.expand.team.expand.lead.expand' })
    catchError(
      () => normalizeQuery(three, TASKS, 'find', { ...withResolver, maxExpandDepth: 2 }),
      'LIMIT_EXCEEDED',
    )
  })

  it('only lookup / master_detail fields expand', () => {
    catchError(() => normalizeQuery({ expand: 'title' }, TASKS), 'INVALID_QUERY')
    catchError(() => normalizeQuery({ expand: 'nope' }, TASKS), 'INVALID_FIELD')
    catchError(() => normalizeQuery({ expand: { owner: 'yes' } }, TASKS), 'INVALID_QUERY')
    catchError(() => normalizeQuery({ expand: [1] }, TASKS), 'INVALID_QUERY')
    catchError(() => normalizeQuery({ expand: 'owner,owner' }, TASKS), 'INVALID_QUERY')
    catchError(() => normalizeQuery({ expand: 5 }, TASKS), 'INVALID_QUERY')
  })

  it('an unresolvable target is OBJECT_NOT_FOUND', () => {
    catchError(
      () => normalizeQuery({ expand: 'owner' }, TASKS, 'find', { resolveObject: () => undefined }),
      'OBJECT_NOT_FOUND',
    )
  })

  it('a sub-query naming another object is INVALID_QUERY', () => {
    catchError(
      () => normalizeQuery({ expand: { owner: { object: 'tasks' } } }, TASKS, 'find', withResolver),
      'INVALID_QUERY',
    )
  })

  it('re-normalizing an expanded AST is stable', () => {
    const ast = normalizeQuery({ expand: { owner: { sort: '-age' } } }, TASKS, 'find', withResolver)
    expect(normalizeQuery(ast, TASKS, 'find', withResolver)).toEqual(ast)
    expect(normalizeQuery(ast.expand?.['owner'], USERS)).toEqual(ast.expand?.['owner'])
  })
})
