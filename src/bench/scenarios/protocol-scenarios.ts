import { Agent, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { ObjectQLError } from '../../kernel/errors.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import { createJsonRpcServer } from '../../protocols/json-rpc/index.js'
import { createRestServer } from '../../protocols/rest/index.js'
import type { TimedScenario } from '../scenario.js'
import { BENCH_OBJECT, cycle, startMemoryKernel } from './scenario-fixtures.js'

const OBJECT = BENCH_OBJECT.name

/** A keep-alive HTTP client on one socket: requests run one after another, like a p50 should. */
class LoopbackClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 })
  readonly #port: number

  constructor(port: number) {
    this.#port = port
  }

  /** Sends a request and resolves the body; anything but 200 is an error (a fast 404 is no win). */
  send(method: 'GET' | 'POST', path: string, body?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.#port,
          method,
          path,
          agent: this.#agent,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (text += chunk))
          res.on('end', () => {
            if (res.statusCode === 200) resolve(text)
            else
              reject(
                new ObjectQLError(
                  'INTERNAL_ERROR',
                  `${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`,
                ),
              )
          })
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end(body)
    })
  }

  close(): void {
    this.#agent.destroy()
  }
}

async function listen(server: FastifyInstance): Promise<number> {
  await server.listen({ host: '127.0.0.1', port: 0 })
  return (server.server.address() as AddressInfo).port
}

/** The records as the kernel returns them, by id: what the bare routes serve. */
async function recordsById(
  find: (id: string) => Promise<DataRecord | null>,
  ids: readonly string[],
) {
  const map = new Map<string, DataRecord>()
  for (const id of ids) {
    const record = await find(id)
    if (record !== null) map.set(id, record)
  }
  return map
}

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
    const records = await recordsById((id) => kernel.findOne(OBJECT, id), ids.slice(0, 100))
    const server = createRestServer(kernel.bridge, { docs: false })
    server.get<{ Params: { id: string } }>('/bench/bare/:id', async (req) =>
      records.get(req.params.id),
    )
    const client = new LoopbackClient(await listen(server))
    const nextRest = cycle([...records.keys()])
    const nextBare = cycle([...records.keys()])
    return {
      task: () => client.send('GET', `/api/data/${OBJECT}/${encodeURIComponent(nextRest())}`),
      reference: () => client.send('GET', `/bench/bare/${encodeURIComponent(nextBare())}`),
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
    const records = await recordsById((id) => kernel.findOne(OBJECT, id), ids.slice(0, 100))
    const server = createJsonRpcServer(kernel.bridge)
    server.post<{ Body: { id: number; params: [string, string] } }>(
      '/bench/bare-rpc',
      async (req) => ({
        jsonrpc: '2.0',
        result: records.get(req.body.params[1]),
        id: req.body.id,
      }),
    )
    const client = new LoopbackClient(await listen(server))
    const body = (id: string): string =>
      JSON.stringify({ jsonrpc: '2.0', method: 'object.get', params: [OBJECT, id], id: 1 })
    const nextRpc = cycle([...records.keys()])
    const nextBare = cycle([...records.keys()])
    return {
      task: () => client.send('POST', '/rpc', body(nextRpc())),
      reference: () => client.send('POST', '/bench/bare-rpc', body(nextBare())),
      teardown: async () => {
        client.close()
        await server.close()
        await kernel.stop()
      },
    }
  },
}

const graphqlVsApollo: TimedScenario = {
  name: 'protocol/graphql-vs-apollo',
  group: 'protocol',
  kind: 'io',
  title: 'GraphQL query vs Apollo Server',
  description: 'A GraphQL record query through our GraphQL protocol against Apollo Server.',
  async setup() {
    return {
      skip: 'no GraphQL protocol in this build yet (src/protocols/graphql); added with it',
    }
  },
}

/** Protocol round trips against bare Fastify routes on loopback. */
export const PROTOCOL_SCENARIOS: readonly TimedScenario[] = [restGet, jsonRpcGet, graphqlVsApollo]

/** URL of this module: bench workers import only the module of the scenario they run. */
export const PROTOCOL_SCENARIO_MODULE: string = import.meta.url
