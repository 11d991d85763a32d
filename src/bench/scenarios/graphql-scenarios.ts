import type * as ApolloModule from '@apollo/server'
import type { ApolloServer } from '@apollo/server'
import type * as StandaloneModule from '@apollo/server/standalone'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import type * as GraphQLProtocolModule from '../../protocols/graphql/index.js'
import type { ProtocolBridge } from '../../protocols/common/protocol-bridge.js'
import { resolveLimits } from '../../protocols/common/protocol-limits.js'
import type { ScenarioSkip, TimedScenario } from '../scenario.js'
import { LoopbackClient, assertSameJson, listenOnLoopback } from './http-loopback-client.js'
import { BENCH_COLUMNS, BENCH_OBJECT, cycle, startMemoryKernel } from './scenario-fixtures.js'
import type { MemoryKernel } from './scenario-fixtures.js'

const OBJECT = BENCH_OBJECT.name
const IDS = 100
/** Records per page of the list scenario (the protocols' default page size). */
const PAGE = 100

/** The same query for both sides: one record by id, every field. */
const QUERY = `query One($id: ID!) { benchItem(id: $id) { ${BENCH_COLUMNS.join(' ')} } }`

/** The list query for both sides: a page of records, every field. */
const LIST_QUERY =
  `query Page($offset: Int) { benchItemList(limit: ${PAGE}, offset: $offset) ` +
  `{ ${BENCH_COLUMNS.join(' ')} } }`

function body(id: string): string {
  return JSON.stringify({ query: QUERY, variables: { id } })
}

function listBody(offset: number): string {
  return JSON.stringify({ query: LIST_QUERY, variables: { offset } })
}

/**
 * The GraphQL protocol, loaded the way a production server runs graphql-js (under our server
 * and under Apollo Server alike): with `NODE_ENV=production`. Otherwise graphql-js checks every
 * type test against copies of itself from other realms, which costs Apollo, whose execution is
 * all graphql-js, more than us. It is set before graphql-js first loads (its mode is fixed at
 * load), which is why these modules are imported here and not at the top; a worker process runs
 * one scenario, so nothing else sees the variable. An explicit NODE_ENV is left alone.
 */
async function loadGraphQLProtocol(): Promise<typeof GraphQLProtocolModule> {
  process.env['NODE_ENV'] ??= 'production'
  return import('../../protocols/graphql/index.js')
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
    const { createGraphQLServer } = await loadGraphQLProtocol()
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

interface Apollo {
  readonly server: ApolloServer<GraphQLProtocolModule.GraphQLRequestContext>
  readonly port: number
}

/**
 * Apollo Server 5 (a dev dependency) in its standard setup, the standalone node:http server,
 * serving the very schema our protocol generates (its own instance, from the same metadata)
 * with the same resolvers over the same kernel bridge and a fresh request context per request,
 * as upstream serves ObjectQL data through Apollo. Both sides do the same resolver work; only
 * the server and the executor differ. Or a skip when Apollo is not installed.
 */
async function startApollo(
  protocol: typeof GraphQLProtocolModule,
  bridge: ProtocolBridge,
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
  const { createGraphQLContext, generateGraphQLSchema } = protocol
  const objects = bridge.getMetaTypes().flatMap((name) => bridge.getMetaItem(name) ?? [])
  const server = new apollo.ApolloServer<GraphQLProtocolModule.GraphQLRequestContext>({
    schema: generateGraphQLSchema(objects),
  })
  const limits = resolveLimits()
  const { url } = await standalone.startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async () => createGraphQLContext(bridge, limits),
  })
  return { server, port: Number(new URL(url).port) }
}

/**
 * Our server and Apollo's over one kernel, each with its keep-alive loopback client, sending the
 * request bodies `bodiesOf` makes in turn (after checking both answer the first two alike).
 */
async function startBoth(bodiesOf: (fixture: MemoryKernel) => readonly string[]) {
  const protocol = await loadGraphQLProtocol()
  const fixture = await startMemoryKernel()
  const bridge = fixture.kernel.bridge
  const bodies = bodiesOf(fixture)
  const apollo = await startApollo(protocol, bridge)
  if ('skip' in apollo) {
    await fixture.kernel.stop()
    return apollo
  }
  const server = protocol.createGraphQLServer(bridge)
  const ours = new LoopbackClient(await listenOnLoopback(server))
  const theirs = new LoopbackClient(apollo.port)
  for (const sent of bodies.slice(0, 2)) {
    assertSameJson(
      'Apollo',
      await ours.send('POST', '/graphql', sent),
      await theirs.send('POST', '/', sent),
    )
  }
  const nextOurs = cycle(bodies)
  const nextTheirs = cycle(bodies)
  return {
    task: () => ours.send('POST', '/graphql', nextOurs()),
    reference: () => theirs.send('POST', '/', nextTheirs()),
    teardown: async () => {
      ours.close()
      theirs.close()
      await server.close()
      await apollo.server.stop()
      await fixture.kernel.stop()
    },
  }
}

const SAME_SETUP =
  'Apollo Server 5 (standalone, NODE_ENV=production like us) serves the same generated schema ' +
  'with the same resolvers over the same kernel (memory driver); one keep-alive loopback ' +
  'connection each, clients in the same process.'

const graphqlVsApollo: TimedScenario = {
  name: 'protocol/graphql-vs-apollo',
  group: 'protocol',
  kind: 'io',
  title: 'GraphQL record by id vs Apollo Server',
  description: `{ benchItem(id) { all fields } } through our GraphQL protocol and through Apollo. ${SAME_SETUP}`,
  async setup() {
    return startBoth((fixture) => fixture.ids.slice(0, IDS).map(body))
  },
}

/** The list target: at least twice Apollo's throughput, i.e. at most half its time per request. */
const graphqlListVsApollo: TimedScenario = {
  name: 'protocol/graphql-list-vs-apollo',
  group: 'protocol',
  kind: 'io',
  title: `GraphQL list of ${PAGE} records vs Apollo Server`,
  description:
    `{ benchItemList(limit: ${PAGE}, offset) { all fields } }, cycling through the pages of ` +
    `1,000 records, through our GraphQL protocol and through Apollo. ${SAME_SETUP}`,
  target: { max: 0.5, label: 'at least 2x the throughput of Apollo Server (GraphQL issue)' },
  async setup() {
    return startBoth((fixture) =>
      Array.from({ length: fixture.ids.length / PAGE }, (_, page) => listBody(page * PAGE)),
    )
  },
}

/** GraphQL against a bare Fastify route and against Apollo Server. */
export const GRAPHQL_SCENARIOS: readonly TimedScenario[] = [
  graphqlVsFastify,
  graphqlVsApollo,
  graphqlListVsApollo,
]

/** URL of this module: bench workers import only the module of the scenario they run. */
export const GRAPHQL_SCENARIO_MODULE: string = import.meta.url
