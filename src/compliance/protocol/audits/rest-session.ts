import type { AuditOutcome } from '../../common/audit-result.js'
import type { ProtocolAuditContext } from '../protocol-audit-context.js'
import { check, describeResponse, expectStatus, jsonBody } from '../protocol-checks.js'
import { PRT_ITEMS, PRT_OWNERS } from '../protocol-fixture.js'
import type { HttpMethod, ProtocolResponse } from '../protocol-transport.js'
import { withSweep } from './cross-protocol-cleanup.js'
import { asRecord } from './sample-items.js'
import type { ItemValues } from './sample-items.js'

/** A record as the REST protocol returns it. */
export type RestRecord = Readonly<Record<string, unknown>> & { readonly id: string }

/** A list page: `{ items, meta }`. */
export interface RestPage {
  readonly items: readonly RestRecord[]
  readonly meta: Readonly<Record<string, unknown>>
}

/** Query parameters of a list request; `filter` is AND-ed with the run's own scope. */
export interface ListParams {
  readonly filter?: unknown
  readonly sort?: string
  readonly limit?: number
  readonly offset?: number
  readonly fields?: string
  readonly count?: boolean
  readonly cursor?: string
  /** Raw extra parameters, sent as given (for audits of unknown parameters). */
  readonly extra?: Readonly<Record<string, string>>
}

/** `a=1&b=2` with every value percent-encoded (no `+` for spaces: servers read both). */
function queryString(params: Readonly<Record<string, string | undefined>>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
  return parts.length === 0 ? '' : `?${parts.join('&')}`
}

/**
 * The REST side of one audit: builds URLs under the configured mount, sends JSON, and deletes
 * every record of the audit's run id afterwards. Checks throw `AuditFailure`.
 */
export class RestSession {
  constructor(readonly context: ProtocolAuditContext) {}

  /** `<rest>/<object>`. */
  collection(object: string = PRT_ITEMS): string {
    return `${this.context.paths.rest}/${object}`
  }

  /** `<rest>/<object>/<id>`, the id percent-encoded as one path segment. */
  record(id: string, object: string = PRT_ITEMS): string {
    return `${this.collection(object)}/${encodeURIComponent(id)}`
  }

  /** The run's scope: `{ run: <run id> }`, AND-ed with `filter` when given. */
  scoped(filter?: unknown): unknown {
    const scope = { run: this.context.runId }
    return filter === undefined ? scope : { $and: [scope, filter] }
  }

  /** A list URL over this run's records. */
  listPath(params: ListParams = {}, object: string = PRT_ITEMS): string {
    return `${this.collection(object)}${queryString({
      filter: JSON.stringify(this.scoped(params.filter)),
      sort: params.sort,
      limit: params.limit === undefined ? undefined : String(params.limit),
      offset: params.offset === undefined ? undefined : String(params.offset),
      fields: params.fields,
      count: params.count === undefined ? undefined : String(params.count),
      cursor: params.cursor,
      ...params.extra,
    })}`
  }

  /** Sends a request; a non-string body is sent as JSON with `content-type: application/json`. */
  send(
    method: HttpMethod,
    path: string,
    body?: unknown,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<ProtocolResponse> {
    if (body === undefined) return this.context.transport.request({ method, path, headers })
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    return this.context.transport.request({
      method,
      path,
      headers: { 'content-type': 'application/json', ...headers },
      body: text,
    })
  }

  /** The response body as a record with a string id; fails naming `what` otherwise. */
  recordOf(response: ProtocolResponse, what: string): RestRecord {
    const body = asRecord(jsonBody(response, what))
    check(
      body !== undefined && typeof body['id'] === 'string' && body['id'] !== '',
      `${what}: the body is not a record with a string id`,
      describeResponse(response),
    )
    return body as RestRecord
  }

  /** Creates a record (201 expected) and returns it. */
  async create(values: ItemValues, object: string = PRT_ITEMS): Promise<RestRecord> {
    const response = await this.send('POST', this.collection(object), values)
    expectStatus(response, 201, `POST ${this.collection(object)}`)
    return this.recordOf(response, `POST ${this.collection(object)}`)
  }

  /** Creates every record in order. */
  async createAll(values: readonly ItemValues[]): Promise<RestRecord[]> {
    const created: RestRecord[] = []
    for (const item of values) created.push(await this.create(item))
    return created
  }

  /** One list page (200 expected, `{ items: [...], meta: {...} }`). */
  async list(params: ListParams = {}, object: string = PRT_ITEMS): Promise<RestPage> {
    const path = this.listPath(params, object)
    const response = await this.send('GET', path)
    expectStatus(response, 200, `GET ${path}`)
    return this.pageOf(response, `GET ${path}`)
  }

  /** Reads `{ items, meta }` from a list response. */
  pageOf(response: ProtocolResponse, what: string): RestPage {
    const body = asRecord(jsonBody(response, what))
    const items = body?.['items']
    const meta = asRecord(body?.['meta'])
    check(
      Array.isArray(items) && meta !== undefined,
      `${what}: expected { items: [...], meta: {...} }`,
      describeResponse(response),
    )
    for (const item of items) {
      const record = asRecord(item)
      check(
        record !== undefined && typeof record['id'] === 'string',
        `${what}: every item must be a record with a string id`,
        describeResponse(response),
      )
    }
    return { items: items as RestRecord[], meta }
  }

  /**
   * Every record of this run in `object`, in pages of 50 (small enough for any server's page
   * limit; an audit creates a handful), at most 1000 records.
   */
  async readBack(object: string = PRT_ITEMS): Promise<RestRecord[]> {
    const all: RestRecord[] = []
    for (let offset = 0; offset < 1000; offset += 50) {
      const page = await this.list({ sort: 'id', limit: 50, offset }, object)
      all.push(...page.items)
      if (page.items.length < 50) break
    }
    return all
  }

  /** Deletes every record of this run in both fixture objects. */
  async sweep(): Promise<void> {
    for (const object of [PRT_ITEMS, PRT_OWNERS]) {
      for (const record of await this.readBack(object)) {
        const response = await this.send('DELETE', this.record(record.id, object))
        // 404: the audit (or the server) already removed it.
        if (response.status !== 404) expectStatus(response, [200, 202, 204], 'cleanup DELETE')
      }
    }
  }
}

/**
 * Runs `body` with a {@link RestSession} and sweeps the run's records afterwards, pass or fail
 * (see {@link withSweep}).
 */
export function withRest(
  context: ProtocolAuditContext,
  body: (rest: RestSession) => Promise<AuditOutcome>,
): Promise<AuditOutcome> {
  return withSweep(new RestSession(context), body)
}
