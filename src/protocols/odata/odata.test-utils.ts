import type { FastifyInstance } from 'fastify'

/** An OData response as tests read it. */
export interface ODataReply {
  readonly status: number
  readonly headers: Record<string, string | string[] | number | undefined>
  readonly body: Record<string, unknown>
  readonly text: string
}

/** Sends one request through `inject()` (no socket); JSON bodies are encoded. */
export async function odata(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<ODataReply> {
  const response = await app.inject({
    method,
    url,
    headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  })
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(response.body) as Record<string, unknown>
  } catch {
    // not JSON ($metadata, $count, $value, empty)
  }
  return { status: response.statusCode, headers: response.headers, body, text: response.body }
}

/** `encodeURIComponent` for the parts of a query option value. */
export function q(text: string): string {
  return encodeURIComponent(text)
}
