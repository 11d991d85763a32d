import { invalidRequest } from './odata-error-map.js'
import type { BatchItem, BatchUnit } from './odata-multipart.js'

/**
 * Reads a JSON batch (OData 4.01 JSON format): `{ "requests": [{ id, method, url, headers?,
 * body?, atomicityGroup?, dependsOn? }] }`. Header names are lower-cased. @throws 400.
 */
export function parseJsonBatch(body: unknown): BatchItem[] {
  const requests =
    typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)['requests']
      : undefined
  if (!Array.isArray(requests))
    throw invalidRequest('a JSON batch is { "requests": [...] }', '$batch')
  return requests.map((entry: unknown, index) => {
    const r = (
      typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry : {}
    ) as Record<string, unknown>
    const { id, method, url, headers = {}, atomicityGroup, dependsOn = [] } = r
    const ok =
      typeof id === 'string' &&
      id !== '' &&
      typeof method === 'string' &&
      typeof url === 'string' &&
      typeof headers === 'object' &&
      headers !== null &&
      !Array.isArray(headers) &&
      Object.values(headers).every((v) => typeof v === 'string') &&
      (atomicityGroup === undefined ||
        (typeof atomicityGroup === 'string' && atomicityGroup !== '')) &&
      Array.isArray(dependsOn) &&
      dependsOn.every((d) => typeof d === 'string')
    if (!ok)
      throw invalidRequest(
        `requests[${index}] needs string id, method and url (headers, atomicityGroup, dependsOn optional)`,
        '$batch',
      )
    const lower = Object.fromEntries(
      Object.entries(headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    )
    return {
      id: id,
      method: method.toUpperCase(),
      url: url,
      headers: lower,
      body: r['body'],
      ...(atomicityGroup === undefined ? {} : { group: atomicityGroup }),
      dependsOn: dependsOn,
    }
  })
}

/** The `responses` of a JSON batch: one per request, in order, with its atomicity group. */
export function formatJsonBatch(units: readonly BatchUnit[]): Record<string, unknown>[] {
  return units.flatMap((unit) =>
    unit.results.map((result) => ({
      id: result.id,
      status: result.status,
      headers: result.headers,
      ...(result.body === undefined ? {} : { body: result.body }),
      ...(result.text === undefined ? {} : { body: result.text }),
      ...(unit.group === undefined ? {} : { atomicityGroup: unit.group }),
    })),
  )
}
