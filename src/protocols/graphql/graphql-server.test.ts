import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FaultyDriver } from '../../harness/faulty-driver.js'
import type { Kernel } from '../../kernel/kernel.js'
import { snapshot } from '../common/protocol-kernel.test-utils.js'
import { createGraphQLServer } from './graphql-server.js'
import { gql, seedTracker, startCountingKernel } from './graphql.test-utils.js'

let kernel: Kernel
let driver: FaultyDriver
let app: FastifyInstance
let projectIds: string[]

beforeAll(async () => {
  ;({ kernel, driver } = await startCountingKernel())
  ;({ projectIds } = await seedTracker(kernel, 3, 20))
  app = createGraphQLServer(kernel.bridge, { limits: { maxPageSize: 200 } })
  await app.ready()
})

afterAll(async () => {
  await app.close()
  await kernel.stop()
})

/** Driver calls made while `run` runs, by method. */
async function countCalls(run: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = driver.calls.length
  await run()
  const counts: Record<string, number> = {}
  for (const call of driver.calls.slice(before))
    counts[call.method] = (counts[call.method] ?? 0) + 1
  return counts
}

describe('GraphQL queries', () => {
  it('PRT-GQL lists with typed filters, order and paging, agreeing with the kernel', async () => {
    const response = await gql(
      app,
      `query($where: TasksFilter) {
        tasksList(where: $where, orderBy: [{ field: "estimate_hours", direction: DESC }], limit: 50) {
          id title estimate_hours done tags
        }
      }`,
      {
        where: {
          OR: [{ done: { eq: true } }, { estimate_hours: { gt: 8 } }],
          title: { startsWith: 'Task 0' },
          NOT: { tags: { contains: 'x' } },
        },
      },
    )
    expect(response.errors).toBeUndefined()
    const expected = await kernel.find('tasks', {
      where: {
        $and: [
          { $or: [{ done: true }, { estimate_hours: { $gt: 8 } }] },
          { title: { $startsWith: 'Task 0' } },
          { $not: { tags: { $contains: 'x' } } },
        ],
      },
      orderBy: [{ field: 'estimate_hours', order: 'desc' }],
      fields: ['title', 'estimate_hours', 'done', 'tags'],
    })
    expect(expected.length).toBeGreaterThan(0)
    expect(response.data?.['tasksList']).toEqual(expected)
  })

  it('counts with the same filter and answers exact logic for empty AND / OR', async () => {
    const count = async (where: unknown) =>
      (await gql(app, 'query($w: TasksFilter) { tasksCount(where: $w) }', { w: where })).data?.[
        'tasksCount'
      ]
    expect(await count({ done: { eq: true } })).toBe(await kernel.count('tasks', { done: true }))
    expect(await count({})).toBe(20)
    expect(await count({ AND: [] })).toBe(20)
    expect(await count({ OR: [] })).toBe(0)
    expect(await count({ NOT: {} })).toBe(0)
    expect(await count({ estimate_hours: { isNull: true } })).toBe(0)
  })

  it('gets one record, null for a missing id, and resolves lookups', async () => {
    const [task] = await kernel.find('tasks', { limit: 1 })
    const response = await gql(
      app,
      `query($id: ID!) { tasks(id: $id) { id title project_ref { id name } }
        missing: tasks(id: "nope") { id } }`,
      { id: task?.id },
    )
    expect(response.errors).toBeUndefined()
    const project = await kernel.findOne('projects', String(task?.['project']))
    expect(response.data).toEqual({
      tasks: {
        id: task?.id,
        title: task?.['title'],
        project_ref: { id: project?.id, name: project?.['name'] },
      },
      missing: null,
    })
  })

  it('PRT-GQL resolves the lookups of 20 tasks with 2 queries (no N+1)', async () => {
    const calls = await countCalls(() =>
      gql(app, '{ tasksList { id project_ref { id name code } } }').then((response) => {
        expect(response.errors).toBeUndefined()
        const list = response.data?.['tasksList'] as { project_ref: { id: string } }[]
        expect(list).toHaveLength(20)
        expect(new Set(list.map((t) => t.project_ref.id))).toEqual(new Set(projectIds))
      }),
    )
    expect(calls).toEqual({ find: 2 })
    // Two lookups to different objects: one query each; connection: one count more.
    const more = await countCalls(() =>
      gql(
        app,
        `{ tasksConnection(first: 20) { totalCount edges { node { project_ref { name } assignee_ref { name } } } } }`,
      ),
    )
    expect(more).toEqual({ count: 1, find: 2 })
  })

  it('names the root fields as upstream does', async () => {
    const response = await gql(
      app,
      '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }',
    )
    const schema = response.data?.['__schema'] as {
      queryType: { fields: { name: string }[] }
      mutationType: { fields: { name: string }[] }
    }
    const queries = schema.queryType.fields.map((f) => f.name)
    const mutations = schema.mutationType.fields.map((f) => f.name)
    expect(queries).toEqual(
      expect.arrayContaining([
        'tasks',
        'tasksList',
        'tasksConnection',
        'tasksCount',
        'listObjects',
        'getObjectMetadata',
      ]),
    )
    expect(mutations).toEqual(expect.arrayContaining(['createTasks', 'updateTasks', 'deleteTasks']))
  })
})

describe('GraphQL mutations and errors', () => {
  it('creates, updates and deletes, returning records', async () => {
    const created = await gql(
      app,
      `mutation($input: TasksInput!) { createTasks(input: $input) { id title done meta project_ref { id } } }`,
      { input: { title: 'From GraphQL', project: projectIds[0], meta: { deep: [1, { a: 'b' }] } } },
    )
    expect(created.errors).toBeUndefined()
    const record = created.data?.['createTasks'] as Record<string, unknown>
    expect(record).toMatchObject({
      title: 'From GraphQL',
      done: false,
      meta: { deep: [1, { a: 'b' }] },
    })
    expect(record['project_ref']).toEqual({ id: projectIds[0] })
    const id = String(record['id'])
    expect(await kernel.findOne('tasks', id)).toMatchObject({ meta: { deep: [1, { a: 'b' }] } })
    const updated = await gql(
      app,
      `mutation { updateTasks(id: "${id}", input: { done: true }) { done title } }`,
    )
    expect(updated.data).toEqual({ updateTasks: { done: true, title: 'From GraphQL' } })
    const deleted = await gql(
      app,
      `mutation { a: deleteTasks(id: "${id}") b: deleteTasks(id: "${id}") }`,
    )
    expect(deleted.data).toEqual({ a: true, b: false })
    expect(await kernel.findOne('tasks', id)).toBeNull()
  })

  it('maps kernel errors to extensions.code and writes nothing on rejection', async () => {
    const before = await snapshot(kernel)
    const invalid = await gql(
      app,
      `mutation { createTasks(input: { title: "x", project: "p" }) { id } }`,
    )
    expect(invalid.status).toBe(200)
    expect(invalid.data).toBeNull()
    expect(invalid.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
    })
    const missing = await gql(
      app,
      `mutation { updateTasks(id: "nope", input: { done: true }) { id } }`,
    )
    expect(missing.errors?.[0]).toMatchObject({
      path: ['updateTasks'],
      extensions: { code: 'NOT_FOUND' },
    })
    const unknownField = await gql(
      app,
      `mutation { createTasks(input: { title: "xyz", project: "p", colour: "red" }) { id } }`,
    )
    expect(unknownField.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_REQUEST',
      reason: 'GRAPHQL_VALIDATION_FAILED',
    })
    expect(await snapshot(kernel)).toEqual(before)
  })

  it('codes filter, paging and syntax errors', async () => {
    const badFilter = await gql(
      app,
      '{ tasksList(where: { title: { in: null, gt: null } }) { id } }',
    )
    expect(badFilter.errors?.[0]?.extensions['code']).toBe('INVALID_FILTER')
    const tooBig = await gql(app, '{ tasksList(limit: 201) { id } }')
    expect(tooBig.errors?.[0]?.extensions['code']).toBe('LIMIT_EXCEEDED')
    const negative = await gql(app, '{ tasksList(offset: -1) { id } }')
    expect(negative.errors?.[0]?.extensions['code']).toBe('INVALID_QUERY')
    const unknownSort = await gql(app, '{ tasksList(orderBy: [{ field: "nope" }]) { id } }')
    expect(unknownSort.errors?.[0]?.extensions['code']).toBe('INVALID_FIELD')
    const syntax = await gql(
      app,
      '{ tasksList { id ',
      undefined,
      'application/graphql-response+json',
    )
    expect(syntax.status).toBe(400)
    expect(syntax.data).toBeUndefined()
    expect(syntax.errors?.[0]?.extensions).toEqual({
      code: 'INVALID_REQUEST',
      reason: 'GRAPHQL_PARSE_FAILED',
    })
    const coercion = await gql(
      app,
      'query($id: ID!) { tasks(id: $id) { id } }',
      {},
      'application/graphql-response+json',
    )
    expect(coercion).toMatchObject({ status: 400, data: undefined })
    expect(coercion.errors?.[0]?.extensions['reason']).toBe('BAD_USER_INPUT')
  })

  it('refuses mutations over GET with 405 and other methods with 405', async () => {
    const get = await app.inject({
      method: 'GET',
      url: '/graphql?query=' + encodeURIComponent('mutation { deleteTasks(id: "x") }'),
    })
    expect(get.statusCode).toBe(405)
    expect(get.headers['allow']).toBe('POST')
    const put = await app.inject({ method: 'PUT', url: '/graphql' })
    expect(put.statusCode).toBe(405)
    const query = await app.inject({
      method: 'GET',
      url: '/graphql?query=' + encodeURIComponent('{ tasksCount }'),
    })
    expect(JSON.parse(query.body)).toEqual({ data: { tasksCount: 20 } })
    const notAcceptable = await app.inject({
      method: 'GET',
      url: '/graphql?query=%7B__typename%7D',
      headers: { accept: 'text/html' },
    })
    expect(notAcceptable.statusCode).toBe(406)
  })
})
