import type * as ApolloModule from '@apollo/server'
import type { ApolloServer } from '@apollo/server'
import type * as StandaloneModule from '@apollo/server/standalone'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import { createGraphQLServer } from '../../protocols/graphql/index.js'
import type { ScenarioSkip, TimedScenario } from '../scenario.js'
import { LoopbackClient, assertSameJson, listenOnLoopback } from './http-loopback-client.js'
import { BENCH_COLUMNS, BENCH_OBJECT, cycle, startMemoryKernel } from './scenario-fixtures.js'
import type { MemoryKernel } from './scenario-fixtures.js'

const OBJECT = BENCH_OBJECT.name
const IDS = 100

/** The same query for both sides: one record by id, every field. */
const QUERY = `query One($id: ID!) { benchItem(id: $id) { ${BENCH_COLUMNS.join(' ')} } }`

function body(id: string): string {
  return JSON.stringify({ query: QUERY, variables: { id } })
}

/** The records the references serve, as the kernel returns them. */
async function recordsOf(fixture: MemoryKernel): Promise<Map<string, DataRecord>> {
  const records = new Map<string, DataRecord>()
  for (const id of fixture.ids.slice(0, IDS)) {
    const record = await fixture.kernel.findOne(OBJECT, id)
    if (record !== null) records.set(id, record)
  }
  return records
}

const graphqlVsFastify: TimedScenario = {
  name: 'protocol/graphql-get-vs-fastify',
  group: 'protocol',
  kind: 'io',
  title: 'GraphQL record by id vs bare Fastify route',
  description:
    'POST /graphql { benchItem(id) { all fields } } through the GraphQL protocol and the kernel ' +
    '(memory driver), against a bare Fastify POST route on the same server answering the same ' +
    '{ data } envelope from a Map.',
  async setup() {
    const fixture = await startMemoryKernel()
    const records = await recordsOf(fixture)
    const server = createGraphQLServer(fixture.kernel.bridge)
    server.post<{ Body: { variables: { id: string } } }>('/bench/bare-graphql', async (req) => ({
      data: { benchItem: records.get(req.body.variables.id) ?? null },
    }))
    const client = new LoopbackClient(await listenOnLoopback(server))
    const first = [...records.keys()][0] ?? ''
    assertSameJson(
      'GraphQL',
      await client.send('POST', '/graphql', body(first)),
      await client.send('POST', '/bench/bare-graphql', body(first)),
    )
    const nextGraphql = cycle([...records.keys()])
    const nextBare = cycle([...records.keys()])
    return {
      task: () => client.send('POST', '/graphql', body(nextGraphql())),
      reference: () => client.send('POST', '/bench/bare-graphql', body(nextBare())),
      teardown: async () => {
        client.close()
        await server.close()
        await fixture.kernel.stop()
      },
    }
  },
}

const APOLLO_TYPE_DEFS = `
  type BenchItem {
    id: ID!
    title: String
    status: String
    priority: Float
    score: Float
    active: Boolean
    owner: String
    due_at: String
    category: String
    notes: String
  }
  type Query { benchItem(id: ID!): BenchItem }
`

interface Apollo {
  readonly server: ApolloServer
  readonly port: number
}

/** Apollo Server 5 (a dev dependency) on its standalone node:http server, or a skip. */
async function startApollo(
  records: ReadonlyMap<string, DataRecord>,
): Promise<Apollo | ScenarioSkip> {
  let apollo: typeof ApolloModule
  let standalone: typeof StandaloneModule
  try {
    apollo = await import('@apollo/server')
    standalone = await import('@apollo/server/standalone')
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return {
      skip: `@apollo/server is not installed (npm install --save-dev @apollo/server): ${reason}`,
    }
  }
  const server = new apollo.ApolloServer({
    typeDefs: APOLLO_TYPE_DEFS,
    resolvers: {
      Query: { benchItem: (_: unknown, args: { id: string }) => records.get(args.id) ?? null },
    },
  })
  const { url } = await standalone.startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
  })
  return { server, port: Number(new URL(url).port) }
}

const graphqlVsApollo: TimedScenario = {
  name: 'protocol/graphql-vs-apollo',
  group: 'protocol',
  kind: 'io',
  title: 'GraphQL record by id vs Apollo Server',
  description:
    'The same GraphQL query and variables through our GraphQL protocol and the kernel, against ' +
    'Apollo Server 5 (standalone) resolving the same record from a Map; one keep-alive ' +
    'loopback connection each, clients in the same process.',
  async setup() {
    const fixture = await startMemoryKernel()
    const records = await recordsOf(fixture)
    const apollo = await startApollo(records)
    if ('skip' in apollo) {
      await fixture.kernel.stop()
      return apollo
    }
    const server = createGraphQLServer(fixture.kernel.bridge)
    const ours = new LoopbackClient(await listenOnLoopback(server))
    const theirs = new LoopbackClient(apollo.port)
    const first = [...records.keys()][0] ?? ''
    assertSameJson(
      'Apollo',
      await ours.send('POST', '/graphql', body(first)),
      await theirs.send('POST', '/', body(first)),
    )
    const nextOurs = cycle([...records.keys()])
    const nextTheirs = cycle([...records.keys()])
    return {
      task: () => ours.send('POST', '/graphql', body(nextOurs())),
      reference: () => theirs.send('POST', '/', body(nextTheirs())),
      teardown: async () => {
        ours.close()
        theirs.close()
        await server.close()
        await apollo.server.stop()
        await fixture.kernel.stop()
      },
    }
  },
}

/** GraphQL against a bare Fastify route and against Apollo Server. */
export const GRAPHQL_SCENARIOS: readonly TimedScenario[] = [graphqlVsFastify, graphqlVsApollo]

/** URL of this module: bench workers import only the module of the scenario they run. */
export const GRAPHQL_SCENARIO_MODULE: string = import.meta.url
