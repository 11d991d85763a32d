import {
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  execute,
  parse,
  validate,
} from 'graphql'
import type { GraphQLSchema as Schema } from 'graphql'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FaultyDriver } from '../../harness/faulty-driver.js'
import type { Kernel } from '../../kernel/kernel.js'
import { FUZZ_RUNS, FUZZ_SEED } from '../common/protocol-fuzz.test-utils.js'
import { DEFAULT_PROTOCOL_LIMITS } from '../common/protocol-limits.js'
import { RUN_WITH_GRAPHQL_JS, runQueryPlan } from './graphql-plan-executor.js'
import { planQuery } from './graphql-query-plan.js'
import type { QueryPlan } from './graphql-query-plan.js'
import { createGraphQLContext } from './graphql-resolvers.js'
import type { GraphQLRequestContext } from './graphql-resolvers.js'
import { generateGraphQLSchema } from './graphql-schema-generator.js'
import { createGraphQLServer } from './graphql-server.js'
import { gql, seedTracker, startCountingKernel } from './graphql.test-utils.js'

let kernel: Kernel
let driver: FaultyDriver
let schema: Schema

beforeAll(async () => {
  ;({ kernel, driver } = await startCountingKernel())
  const { taskIds } = await seedTracker(kernel, 3, 12)
  const ada = await kernel.create('users', { name: 'Ada', email: 'ada@example.com' })
  for (const id of taskIds.slice(0, 5)) {
    await kernel.update('tasks', id, { assignee: ada.id, meta: { size: id.length, ok: true } })
  }
  const bridge = kernel.bridge
  schema = generateGraphQLSchema(
    bridge.getMetaTypes().flatMap((name) => bridge.getMetaItem(name) ?? []),
  )
})

afterAll(async () => {
  await kernel.stop()
})

function context(): GraphQLRequestContext {
  return createGraphQLContext(kernel.bridge, DEFAULT_PROTOCOL_LIMITS)
}

/** The plan of a query that must be planned. */
function planned(target: Schema, query: string, name?: string): QueryPlan {
  const plan = planQuery(target, parse(query), name)
  if (plan === undefined) throw new Error(`not planned: ${query}`)
  return plan
}

/** Runs a query both ways and returns both results as JSON text, with the driver calls made. */
async function bothWays(query: string, variables: Record<string, unknown> = {}, name?: string) {
  const document = parse(query)
  expect(validate(schema, document), query).toEqual([])
  const plan = planQuery(schema, document, name)
  if (plan === undefined) throw new Error(`not planned: ${query}`)
  const before = driver.calls.length
  const fast = await runQueryPlan(plan, context(), variables)
  const planCalls = driver.calls.length - before
  const reference = await execute({
    schema,
    document,
    contextValue: context(),
    variableValues: variables,
    operationName: name,
  })
  expect(reference.errors, query).toBeUndefined()
  expect(fast).not.toBe(RUN_WITH_GRAPHQL_JS)
  return {
    planned: JSON.stringify(fast),
    reference: JSON.stringify(reference.data),
    planCalls,
    referenceCalls: driver.calls.length - before - planCalls,
  }
}

describe('query plans answer exactly what graphql-js answers', () => {
  const queries: readonly [string, string, Record<string, unknown>?, string?][] = [
    [
      'scalars, lists and JSON',
      '{ tasksList { id title priority estimate_hours done tags meta due_at } }',
    ],
    [
      'aliases, repeated keys and __typename',
      '{ a: tasksList(limit: 3) { __typename t: title id title } n: tasksCount __typename }',
    ],
    [
      'named and inline fragments merged into one key',
      `query Q { tasksList(orderBy: [{ field: "title", direction: DESC }]) {
        ...Main ... on Tasks { project_ref { name } } project_ref { code ...P } } }
       fragment Main on Tasks { id title project_ref { id } }
       fragment P on Projects { status budget }`,
    ],
    [
      'lookups, single and nested, batched',
      '{ tasksList(limit: 8) { title assignee_ref { name email } project_ref { name code } } }',
    ],
    [
      'variables, filters and paging',
      `query($w: TasksFilter, $n: Int = 4, $o: Int) {
        tasksList(where: $w, limit: $n, offset: $o) { id title done } }`,
      { w: { done: { eq: false } }, o: 1 },
    ],
    [
      'a Relay connection',
      `{ tasksConnection(first: 5) { totalCount pageInfo { hasNextPage endCursor }
         edges { cursor node { title project_ref { name } } } nodes { id } } }`,
    ],
    [
      'one record, a missing one, and metadata fields',
      `query($id: ID!) { one: tasks(id: $id) { title } none: tasks(id: "nope") { title }
         listObjects getObjectMetadata(name: "users") }`,
    ],
    [
      'the operation picked by name',
      'query A { tasksCount } query B { projectsList { name } }',
      {},
      'B',
    ],
  ]

  it.each(queries)('%s', async (_label, query, variables, name) => {
    const vars = { ...variables }
    if (query.includes('$id')) vars['id'] = (await kernel.find('tasks', { limit: 1 }))[0]?.id
    const result = await bothWays(query, vars, name)
    expect(result.planned).toBe(result.reference)
    // The same resolver work: as many driver calls as graphql-js makes (batching included).
    expect(result.planCalls).toBe(result.referenceCalls)
  })
})

/** A random selection of `fields` (each maybe aliased, repeated or inside an inline fragment). */
function selection(type: string, fields: readonly string[], nested: Record<string, string>) {
  const one = fc.tuple(
    fc.constantFrom(...fields, '__typename'),
    fc.option(fc.constantFrom('a', 'b', 'x_1'), { nil: undefined }),
    fc.boolean(),
  )
  return fc.array(one, { minLength: 1, maxLength: 6 }).map((picked) =>
    picked
      .map(([field, alias, inFragment]) => {
        const text = `${alias === undefined ? '' : `${alias}: `}${field}${nested[field] ?? ''}`
        return inFragment ? `... on ${type} { ${text} }` : text
      })
      .join(' '),
  )
}

describe('query plans against graphql-js on random selections (fast-check)', () => {
  it('give the same data with the same driver calls', async () => {
    const project = selection('Projects', ['id', 'name', 'code', 'status', 'budget'], {})
    const user = selection('Users', ['id', 'name', 'email', 'active'], {})
    const task = fc
      .tuple(project, user)
      .chain(([p, u]) =>
        selection(
          'Tasks',
          [
            'id',
            'title',
            'priority',
            'estimate_hours',
            'done',
            'tags',
            'meta',
            'project_ref',
            'assignee_ref',
          ],
          { project_ref: ` { ${p} }`, assignee_ref: ` { ${u} }` },
        ),
      )
    const root = fc.oneof(
      task.map((t) => `tasksList(limit: 6) { ${t} }`),
      task.map((t) => `tasksConnection(first: 4) { totalCount edges { cursor node { ${t} } } }`),
      project.map((p) => `projectsList { ${p} }`),
    )
    const runs = Math.min(FUZZ_RUNS, 100)
    let compared = 0
    await fc.assert(
      fc.asyncProperty(fc.array(root, { minLength: 1, maxLength: 2 }), async (roots) => {
        const query = `{ ${roots.map((r, i) => `r${i}: ${r}`).join(' ')} }`
        if (validate(schema, parse(query)).length > 0) return // e.g. clashing aliases
        const result = await bothWays(query)
        expect(result.planned).toBe(result.reference)
        expect(result.planCalls).toBe(result.referenceCalls)
        compared++
      }),
      { seed: FUZZ_SEED, numRuns: runs },
    )
    // Most random selections are valid GraphQL; the property must not pass by skipping.
    expect(compared).toBeGreaterThan(runs / 4)
  })
})

describe('what is left to graphql-js', () => {
  it('does not plan mutations, introspection, directives or unknown operations', () => {
    const unplanned = [
      'mutation { deleteTasks(id: "x") }',
      '{ __schema { queryType { name } } }',
      '{ __type(name: "Tasks") { name } }',
      'query($skip: Boolean!) { tasksList { id title @skip(if: $skip) } }',
      'query @deprecated { tasksCount }',
      'query A { tasksCount } query B { tasksCount }',
      '{ __proto__: tasksCount }',
    ]
    for (const query of unplanned)
      expect(planQuery(schema, parse(query), undefined), query).toBe(undefined)
    expect(planQuery(schema, parse('query A { tasksCount }'), 'Other')).toBe(undefined)
  })

  it('hands every request that ends in an error back, untouched', async () => {
    const bad = planned(schema, '{ tasksList(limit: -1) { id } }')
    expect(await runQueryPlan(bad, context(), {})).toBe(RUN_WITH_GRAPHQL_JS)
    const vars = planned(schema, 'query($n: Int!) { tasksList(limit: $n) { id } }')
    expect(await runQueryPlan(vars, context(), { n: 'many' })).toBe(RUN_WITH_GRAPHQL_JS)
    expect(await runQueryPlan(vars, context(), {})).toBe(RUN_WITH_GRAPHQL_JS)
  })

  it('hands back null in a non-null field and values a scalar cannot serialize', async () => {
    const values: Record<string, unknown> = { name: null, label: 'ok' }
    const tiny = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          name: { type: new GraphQLNonNull(GraphQLString), resolve: () => values['name'] },
          label: { type: GraphQLString, resolve: () => values['label'] },
        },
      }),
    })
    const plan = planned(tiny, '{ name label }')
    expect(await runQueryPlan(plan, {}, {})).toBe(RUN_WITH_GRAPHQL_JS)
    values['name'] = 'x'
    expect(await runQueryPlan(plan, {}, {})).toEqual({ name: 'x', label: 'ok' })
    values['label'] = { not: 'a string' }
    expect(await runQueryPlan(plan, {}, {})).toBe(RUN_WITH_GRAPHQL_JS)
    values['label'] = 12
    // String serializes a number as graphql-js does.
    expect(await runQueryPlan(plan, {}, {})).toEqual({ name: 'x', label: '12' })
  })

  it('leaves no unobserved rejection behind when a run stops early', async () => {
    let settled = false
    const tiny = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          slow: {
            type: GraphQLString,
            resolve: async () => {
              await new Promise((resolve) => setTimeout(resolve, 5))
              settled = true
              throw new Error('late failure')
            },
          },
          boom: {
            type: GraphQLString,
            resolve: () => {
              throw new Error('early failure')
            },
          },
        },
      }),
    })
    expect(await runQueryPlan(planned(tiny, '{ slow boom }'), {}, {})).toBe(RUN_WITH_GRAPHQL_JS)
    // The late rejection lands after the run gave up; an unhandled one would fail this file.
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(settled).toBe(true)
  })

  it('answers a failed lookup with graphql-js partial data and coded errors', async () => {
    const app = createGraphQLServer(kernel.bridge)
    try {
      const query = '{ tasksList(limit: 12) { title assignee_ref { name } } }'
      const healthy = await gql(app, query)
      const assigned = (healthy.data?.['tasksList'] as { assignee_ref: unknown }[]).filter(
        (task) => task.assignee_ref !== null,
      ).length
      expect(assigned).toBe(5)
      // Fails the users query of the planned run and of graphql-js's run after it.
      driver.failOnCall(1, 'DRIVER_UNAVAILABLE', { methods: ['find'], object: 'users', times: 2 })
      const before = driver.calls.length
      const response = await gql(app, query)
      expect(response.status).toBe(200)
      const tasks = response.data?.['tasksList'] as { title: string; assignee_ref: unknown }[]
      expect(tasks.map((task) => task.title)).toEqual(
        (healthy.data?.['tasksList'] as { title: string }[]).map((task) => task.title),
      )
      expect(tasks.every((task) => task.assignee_ref === null)).toBe(true)
      expect(response.errors).toHaveLength(assigned)
      for (const error of response.errors ?? []) {
        expect(error.extensions['code']).toBe('DRIVER_UNAVAILABLE')
        expect(error.path?.[2]).toBe('assignee_ref')
      }
      // The planned run stopped at the error; graphql-js ran the query once more.
      expect(driver.calls.length - before).toBe(4)
    } finally {
      await app.close()
    }
  })
})
