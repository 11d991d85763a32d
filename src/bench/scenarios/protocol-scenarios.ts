import type { DataRecord } from '../../kernel/spec/object-config.js'
import { createJsonRpcServer } from '../../protocols/json-rpc/index.js'
import { createODataServer } from '../../protocols/odata/index.js'
import { createRestServer } from '../../protocols/rest/index.js'
import type { TimedScenario } from '../scenario.js'
import { LoopbackClient, assertSameJson, listenOnLoopback } from './http-loopback-client.js'
import { BENCH_OBJECT, cycle, startMemoryKernel } from './scenario-fixtures.js'

const OBJECT = BENCH_OBJECT.name
const IDS = 100

/** The REST target: at least this share of a bare route's throughput. */
const THROUGHPUT_SHARE = 0.7

const restGet: TimedScenario = {
  name: 'protocol/rest-get-vs-fastify',
  group: 'protocol',
  kind: 'io',
  title: 'REST GET by id vs bare Fastify route',
  description:
    'GET /api/data/bench_item/:id through the REST protocol and the kernel (memory driver), ' +
    'against a bare Fastify route on the same server answering the same record from a Map; ' +
    'one keep-alive loopback connection, client in the same process.',
  target: {
    max: Number((1 / THROUGHPUT_SHARE).toFixed(3)),
    label:
      'throughput at least 70% of a bare Fastify route, i.e. p50 latency ratio ≤ 1/0.7 (protocol issue)',
  },
  async setup() {
    const { kernel, ids } = await startMemoryKernel()
    const records = new Map<string, DataRecord>()
    for (const id of ids.slice(0, IDS)) {
      const record = await kernel.findOne(OBJECT, id)
      if (record !== null) records.set(id, record)
    }
    const server = createRestServer(kernel.bridge, { docs: false })
    server.get<{ Params: { id: string } }>('/bench/bare/:id', async (req) =>
      records.get(req.params.id),
    )
    const client = new LoopbackClient(await listenOnLoopback(server))
    const restPath = (id: string): string => `/api/data/${OBJECT}/${encodeURIComponent(id)}`
    const barePath = (id: string): string => `/bench/bare/${encodeURIComponent(id)}`
    const first = [...records.keys()][0] ?? ''
    assertSameJson(
      'REST',
      await client.send('GET', restPath(first)),
      await client.send('GET', barePath(first)),
    )
    const nextRest = cycle([...records.keys()])
    const nextBare = cycle([...records.keys()])
    return {
      task: () => client.send('GET', restPath(nextRest())),
      reference: () => client.send('GET', barePath(nextBare())),
      teardown: async () => {
        client.close()
        await server.close()
        await kernel.stop()
      },
    }
  },
}

const jsonRpcGet: TimedScenario = {
  name: 'protocol/json-rpc-get-vs-fastify',
  group: 'protocol',
  kind: 'io',
  title: 'JSON-RPC object.get vs bare Fastify route',
  description:
    'POST /rpc object.get through the JSON-RPC protocol and the kernel (memory driver), against ' +
    'a bare Fastify POST route on the same server answering the same envelope from a Map.',
  async setup() {
    const { kernel, ids } = await startMemoryKernel()
    const server = createJsonRpcServer(kernel.bridge)
    // The bare route answers exactly what the protocol answered, captured once per id below.
    const answers = new Map<string, unknown>()
    server.post<{ Body: { params: [string, string] } }>('/bench/bare-rpc', async (req) =>
      answers.get(req.body.params[1]),
    )
    const live = new LoopbackClient(await listenOnLoopback(server))
    const body = (id: string): string =>
      JSON.stringify({ jsonrpc: '2.0', method: 'object.get', params: [OBJECT, id], id: 1 })
    for (const id of ids.slice(0, IDS)) {
      answers.set(id, JSON.parse(await live.send('POST', '/rpc', body(id))))
    }
    const nextRpc = cycle([...answers.keys()])
    const nextBare = cycle([...answers.keys()])
    return {
      task: () => live.send('POST', '/rpc', body(nextRpc())),
      reference: () => live.send('POST', '/bench/bare-rpc', body(nextBare())),
      teardown: async () => {
        live.close()
        await server.close()
        await kernel.stop()
      },
    }
  },
}

const odataGet: TimedScenario = {
  name: 'protocol/odata-get-vs-fastify',
  group: 'protocol',
  kind: 'io',
  title: "OData GET Set('id') vs bare Fastify route",
  description:
    "GET /odata/bench_item('id') through the OData v4 protocol and the kernel (memory driver), " +
    'against a bare Fastify route on the same server answering the same entity JSON from a Map.',
  async setup() {
    const { kernel, ids } = await startMemoryKernel()
    const entityPath = (id: string): string => `/odata/${OBJECT}('${encodeURIComponent(id)}')`
    const server = createODataServer(kernel.bridge)
    // The bare route answers exactly what the protocol answered, captured once per id below.
    const answers = new Map<string, unknown>()
    server.get<{ Params: { id: string } }>('/bench/bare-odata/:id', async (req) =>
      answers.get(req.params.id),
    )
    const client = new LoopbackClient(await listenOnLoopback(server))
    for (const id of ids.slice(0, IDS)) {
      answers.set(id, JSON.parse(await client.send('GET', entityPath(id))))
    }
    const nextOData = cycle([...answers.keys()])
    const nextBare = cycle([...answers.keys()])
    return {
      task: () => client.send('GET', entityPath(nextOData())),
      reference: () => client.send('GET', `/bench/bare-odata/${encodeURIComponent(nextBare())}`),
      teardown: async () => {
        client.close()
        await server.close()
        await kernel.stop()
      },
    }
  },
}

/** REST, JSON-RPC and OData round trips against bare Fastify routes on loopback. */
export const PROTOCOL_SCENARIOS: readonly TimedScenario[] = [restGet, jsonRpcGet, odataGet]

/** URL of this module: bench workers import only the module of the scenario they run. */
export const PROTOCOL_SCENARIO_MODULE: string = import.meta.url
