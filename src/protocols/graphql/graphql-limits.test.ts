import type { FastifyInstance } from 'fastify'
import { parse, validate } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kernel } from '../../kernel/kernel.js'
import { TRACKER_OBJECTS } from '../common/protocol-fixtures.test-utils.js'
import { complexityErrors, complexityLimitRule, depthLimitRule } from './graphql-limits.js'
import { generateGraphQLSchema } from './graphql-schema-generator.js'
import { createGraphQLServer } from './graphql-server.js'
import { gql, seedTracker, startCountingKernel } from './graphql.test-utils.js'

const schema = generateGraphQLSchema(TRACKER_OBJECTS)
const limits = { maxDepth: 3, maxComplexity: 100, defaultPageSize: 10 }

function errorsOf(query: string, variables: Record<string, unknown> = {}) {
  return validate(schema, parse(query), [
    depthLimitRule(limits.maxDepth),
    complexityLimitRule(limits, variables),
  ]).map((error) => error.extensions)
}

describe('depth and complexity rules', () => {
  it('measures depth through fragments and ignores introspection', () => {
    expect(errorsOf('{ tasksList { project_ref { name } } }')).toEqual([])
    const deep = '{ tasksConnection { edges { node { project_ref { name } } } } }'
    expect(errorsOf(deep)).toEqual([
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', limit: 'maxDepth', actual: 5 }),
    ])
    const viaFragment =
      'query { tasksConnection { ...C } } fragment C on TasksConnection { edges { node { id } } }'
    expect(errorsOf(viaFragment)[0]).toMatchObject({ limit: 'maxDepth', actual: 4 })
    const introspection =
      '{ __schema { types { fields { type { ofType { ofType { name } } } } } } }'
    expect(errorsOf(introspection)).toEqual([])
  })

  it('multiplies the cost below paged fields by their page size, variables included', () => {
    // 1 + 10 (default page) * (id + title) = 21
    expect(errorsOf('{ tasksList { id title } }')).toEqual([])
    expect(errorsOf('{ tasksList(limit: 50) { id title } }')).toEqual([
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', limit: 'maxComplexity', actual: 101 }),
    ])
    const query = 'query($n: Int) { tasksList(limit: $n) { id title } }'
    expect(errorsOf(query, { n: 20 })).toEqual([])
    expect(errorsOf(query, { n: 60 })[0]).toMatchObject({ actual: 121 })
    expect(errorsOf('{ tasksConnection(last: 40) { totalCount nodes { id } } }')[0]).toMatchObject({
      limit: 'maxComplexity',
      actual: 121,
    })
  })

  it('finds the same cost errors without a validation pass', () => {
    const document = parse(
      `query A($n: Int) { tasksList(limit: $n) { ...T } }
       query B { tasksConnection(first: 30) { nodes { ...T } } projectsCount }
       query C { tasksCount }
       fragment T on Tasks { id title project_ref { name } }`,
    )
    for (const n of [1, 20, 80]) {
      const variables = { n }
      const viaRule = validate(schema, document, [complexityLimitRule(limits, variables)])
      const direct = complexityErrors(schema, document, limits, variables)
      expect(direct.map((e) => [e.message, e.locations, e.extensions])).toEqual(
        viaRule.map((e) => [e.message, e.locations, e.extensions]),
      )
      expect(direct.length).toBe(n === 80 ? 2 : 1)
    }
  })
})

describe('limits over HTTP', () => {
  let kernel: Kernel
  let app: FastifyInstance

  beforeAll(async () => {
    ;({ kernel } = await startCountingKernel())
    await seedTracker(kernel, 1, 3)
    app = createGraphQLServer(kernel.bridge, { maxDepth: 3, maxComplexity: 100 })
    await app.ready()
  })

  afterAll(async () => {
    await app.close()
    await kernel.stop()
  })

  it('PRT-GQL rejects too deep or too costly operations with LIMIT_EXCEEDED before running', async () => {
    const deep = await gql(app, '{ tasksConnection { edges { node { project_ref { name } } } } }')
    expect(deep.status).toBe(200)
    expect(deep.data).toBeUndefined()
    expect(deep.errors?.[0]?.extensions).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      limit: 'maxDepth',
    })
    const costly = await gql(
      app,
      'query($n: Int) { tasksList(limit: $n) { id title done } }',
      { n: 500 },
      'application/graphql-response+json',
    )
    expect(costly.status).toBe(400)
    expect(costly.errors?.[0]?.extensions).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      limit: 'maxComplexity',
    })
    const fine = await gql(app, 'query($n: Int) { tasksList(limit: $n) { id } }', { n: 3 })
    expect((fine.data?.['tasksList'] as unknown[]).length).toBe(3)
  })

  it('refuses absurd bracket nesting before parsing', async () => {
    const query = '{' + 'a {'.repeat(5000) + '}'.repeat(5001)
    const response = await gql(app, query)
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED' })
  })
})
