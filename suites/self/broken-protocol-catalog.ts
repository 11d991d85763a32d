import type { Answer, Breakage, Exchange } from './broken-protocol-server.js'

/** A server with one planted protocol bug, and the audit that must catch it. */
export interface BrokenServer {
  readonly bug: string
  readonly description: string
  /** The SPEC rule the bug breaks: its audit must fail. */
  readonly caughtBy: string
  readonly breakage: Breakage
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' }

/** Rewrites a JSON answer's body (answers that are not JSON pass unchanged). */
function mapJson(answer: Answer, change: (body: unknown) => unknown): Answer {
  try {
    return { ...answer, body: JSON.stringify(change(JSON.parse(answer.body))) }
  } catch {
    return answer
  }
}

/** Rewrites every response object of a JSON-RPC answer (single or batch). */
function mapRpc(answer: Answer, change: (reply: Record<string, unknown>) => unknown): Answer {
  return mapJson(answer, (body) =>
    Array.isArray(body)
      ? body.map((item) => change(item as Record<string, unknown>))
      : change(body as Record<string, unknown>),
  )
}

const isRpc = (request: Exchange) => request.url.startsWith('/rpc')
const isData = (request: Exchange) => request.url.startsWith('/api/data/')
const query = (request: Exchange) => new URLSearchParams(request.url.split('?')[1] ?? '')
const withQuery = (request: Exchange, params: URLSearchParams) => ({
  ...request,
  url: `${request.url.split('?')[0] ?? ''}?${params.toString()}`,
})

/** Rewrites the JSON-RPC error code `from` to `to` in every reply of an RPC answer. */
function swapRpcErrorCode(from: number, to: number): Breakage['response'] {
  return (request, answer) =>
    isRpc(request)
      ? mapRpc(answer, (reply) => {
          const error = reply['error'] as Record<string, unknown> | undefined
          return error?.['code'] === from ? { ...reply, error: { ...error, code: to } } : reply
        })
      : answer
}

/** A filter with every `{ $not: x }` replaced by `x`. */
function withoutNot(filter: unknown): unknown {
  if (Array.isArray(filter)) return filter.map(withoutNot)
  if (typeof filter !== 'object' || filter === null) return filter
  const record = filter as Record<string, unknown>
  if (Object.keys(record).length === 1 && '$not' in record) return withoutNot(record['$not'])
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, withoutNot(value)]))
}

/** Every planted bug, each breaking one rule of docs/SPEC.md. */
export const BROKEN_SERVERS: readonly BrokenServer[] = [
  {
    bug: 'missing-record-200',
    description: 'GET of a missing record answers 200 with an empty object',
    caughtBy: 'PRT-REST-015',
    breakage: {
      response: (request, answer) =>
        request.method === 'GET' && isData(request) && answer.status === 404
          ? { status: 200, headers: JSON_TYPE, body: '{}' }
          : answer,
    },
  },
  {
    bug: 'create-200-no-location',
    description: 'a create answers 200 and no Location header',
    caughtBy: 'PRT-REST-001',
    breakage: {
      response: (request, answer) =>
        request.method === 'POST' && answer.status === 201
          ? { status: 200, headers: JSON_TYPE, body: answer.body }
          : answer,
    },
  },
  {
    bug: 'patch-is-put',
    description: 'PATCH replaces the record like PUT',
    caughtBy: 'PRT-REST-005',
    breakage: {
      request: (request) => (request.method === 'PATCH' ? { ...request, method: 'PUT' } : request),
    },
  },
  {
    bug: 'not-dropped',
    description: 'a list ignores $not and filters by its child instead',
    caughtBy: 'PRT-REST-008',
    breakage: {
      request: (request) => {
        const params = query(request)
        const filter = params.get('filter')
        if (request.method !== 'GET' || filter === null || !filter.includes('$not')) return request
        params.set('filter', JSON.stringify(withoutNot(JSON.parse(filter))))
        return withQuery(request, params)
      },
    },
  },
  {
    bug: 'offset-ignored',
    description: 'a list ignores offset and always answers the first page',
    caughtBy: 'PRT-REST-010',
    breakage: {
      request: (request) => {
        const params = query(request)
        if (request.method !== 'GET' || !params.has('offset')) return request
        params.delete('offset')
        return withQuery(request, params)
      },
    },
  },
  {
    bug: 'unknown-filter-field-ignored',
    description: 'a filter on an undeclared field is dropped: the whole list comes back',
    caughtBy: 'PRT-REST-022',
    breakage: {
      request: (request) => {
        const params = query(request)
        if (request.method !== 'GET' || !(params.get('filter') ?? '').includes('prt_undeclared')) {
          return request
        }
        params.delete('filter')
        return withQuery(request, params)
      },
    },
  },
  {
    bug: 'text-plain-json',
    description: 'JSON answers say Content-Type: text/plain',
    caughtBy: 'PRT-REST-025',
    breakage: {
      response: (request, answer) =>
        isData(request)
          ? { ...answer, headers: { ...answer.headers, 'content-type': 'text/plain' } }
          : answer,
    },
  },
  {
    bug: 'openapi-3.0',
    description: 'the OpenAPI document says openapi: 3.0.3',
    caughtBy: 'PRT-REST-027',
    breakage: {
      response: (request, answer) =>
        request.url === '/openapi.json'
          ? mapJson(answer, (body) => ({ ...(body as object), openapi: '3.0.3' }))
          : answer,
    },
  },
  {
    bug: 'wrong-method-404',
    description: 'a method a record path does not support answers 404, as an unknown route would',
    caughtBy: 'PRT-REST-029',
    breakage: {
      response: (request, answer) =>
        isData(request) && answer.status === 405
          ? {
              status: 404,
              headers: JSON_TYPE,
              body: JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no route' } }),
            }
          : answer,
    },
  },
  {
    bug: '405-without-allow',
    description: 'a 405 answer leaves out the Allow header',
    caughtBy: 'PRT-REST-029',
    breakage: {
      response: (request, answer) => {
        if (!isData(request) || answer.status !== 405) return answer
        const { allow: _dropped, ...headers } = answer.headers
        return { ...answer, headers }
      },
    },
  },
  {
    bug: 'notifications-answered',
    description: 'the JSON-RPC endpoint answers notifications with a null result',
    caughtBy: 'PRT-RPC-005',
    breakage: {
      response: (request, answer) =>
        isRpc(request) && answer.status === 204
          ? { status: 200, headers: JSON_TYPE, body: '{"jsonrpc":"2.0","result":null,"id":null}' }
          : answer,
    },
  },
  {
    bug: 'id-stringified',
    description: 'response ids come back as strings',
    caughtBy: 'PRT-RPC-003',
    breakage: {
      response: (request, answer) =>
        isRpc(request)
          ? mapRpc(answer, (reply) => ({
              ...reply,
              id: typeof reply['id'] === 'number' ? String(reply['id']) : reply['id'],
            }))
          : answer,
    },
  },
  {
    bug: 'empty-batch-array',
    description: 'an empty batch is answered with an empty array',
    caughtBy: 'PRT-RPC-012',
    breakage: {
      response: (request, answer) =>
        isRpc(request) && request.body.trim() === '[]'
          ? { status: 200, headers: JSON_TYPE, body: '[]' }
          : answer,
    },
  },
  {
    bug: 'parse-error-as-invalid-request',
    description: 'invalid JSON is answered with -32600 instead of -32700',
    caughtBy: 'PRT-RPC-006',
    breakage: { response: swapRpcErrorCode(-32700, -32600) },
  },
  {
    bug: 'unknown-method-internal-error',
    description: 'an unknown method is answered with -32603 Internal error',
    caughtBy: 'PRT-RPC-008',
    breakage: { response: swapRpcErrorCode(-32601, -32603) },
  },
  {
    bug: 'jsonrpc-member-missing',
    description: 'response objects lack the jsonrpc member',
    caughtBy: 'PRT-RPC-001',
    breakage: {
      response: (request, answer) =>
        isRpc(request)
          ? mapRpc(answer, (reply) => {
              const { jsonrpc: _dropped, ...rest } = reply
              return rest
            })
          : answer,
    },
  },
  {
    bug: 'delete-always-true',
    description: 'object.delete answers true even when nothing was deleted',
    caughtBy: 'PRT-RPC-019',
    breakage: {
      response: (request, answer) =>
        isRpc(request) && request.body.includes('"object.delete"')
          ? mapRpc(answer, (reply) =>
              reply['result'] === false ? { ...reply, result: true } : reply,
            )
          : answer,
    },
  },
]
