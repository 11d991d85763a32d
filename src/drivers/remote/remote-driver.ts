import { DriverBase } from '../../kernel/driver/driver-base.js'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { DriverOptions, IntrospectedSchema } from '../../kernel/driver/driver.js'
import { ObjectQLError, hasErrorCode } from '../../kernel/errors.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import type { QuerySchema } from '../../kernel/query/query-schema.js'
import type { DataRecord, ObjectConfig, RecordInput } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'
import { remoteCapabilities } from './remote-driver-capabilities.js'
import { resolveRemoteConfig } from './remote-driver-config.js'
import type { RemoteDriverConfig, ResolvedRemoteConfig } from './remote-driver-config.js'
import { recordError, unaddressable } from './remote-error-map.js'
import { RemoteHttpClient } from './remote-http-client.js'
import { randomId } from './remote-id.js'
import type { RemoteReply } from './remote-http-client.js'
import type { RecordTarget } from './remote-query-encoder.js'
import {
  checkFindQuery,
  collectionPath,
  encodeWhere,
  recordTarget,
} from './remote-query-encoder.js'
import { aggregateRemote, asRecord, countRemote, distinctRemote, listAll } from './remote-reader.js'
import type { ListSource } from './remote-reader.js'
import { introspectRemote, syncRemoteSchema } from './remote-schema-sync.js'

type State = 'idle' | 'connected' | 'disconnected'

/**
 * A driver for any server that speaks the toolkit's REST protocol (upstream's "sdk" driver):
 * `GET/POST /api/data/:object`, `GET/PATCH/DELETE /api/data/:object/:id`, the metadata routes.
 * Only web platform APIs (`fetch`, `AbortSignal.timeout`, `crypto.randomUUID`), so it runs in
 * Node and in browsers.
 *
 * - Queries are checked for the canonical form here and sent exactly (the `filter` parameter is
 *   the JSON of the given `where`); filtering, ordering and paging happen on the server.
 *   `aggregate` and `distinct` are computed here over the matching records the server returns.
 * - Server errors keep their catalog code, message and details; transport failures are
 *   `DRIVER_UNAVAILABLE` (see remote-error-map.ts). GET, PUT and DELETE are retried with
 *   back-off; POST and PATCH never are.
 * - The server's kernel owns `created_at`/`updated_at` (it stamps them) and validates writes
 *   against its metadata; records come back as the server stores them.
 * - Ids `''`, `.` and `..` cannot be URL path segments: they are addressed as `?id=` on the
 *   collection (see `recordTarget`). An id with a lone UTF-16 surrogate fits in no URL: it can
 *   be read (through the `filter` JSON) but not created, updated or deleted (`NOT_SUPPORTED`).
 *
 * @example
 * const driver = new RemoteDriver({ baseUrl: 'https://api.example.com', timeoutMs: 5000 })
 * await driver.connect()
 * await driver.find('tasks', { object: 'tasks', where: { done: { $eq: false } } })
 */
export class RemoteDriver extends DriverBase {
  readonly name = 'remote'
  readonly version = '1.0.0'
  readonly capabilities: DriverCapabilities
  /** The checked configuration. */
  readonly config: ResolvedRemoteConfig

  #state: State = 'idle'
  readonly #client: RemoteHttpClient
  readonly #source: ListSource
  readonly #schemas = new Map<string, QuerySchema>()

  /** @throws ObjectQLError `CONFIG_INVALID` for a bad option. */
  constructor(config: RemoteDriverConfig) {
    super()
    this.config = resolveRemoteConfig(config)
    this.capabilities = remoteCapabilities(this.config.schema)
    this.#client = new RemoteHttpClient(this.config)
    this.#source = { client: this.#client, pageSize: this.config.pageSize }
  }

  /**
   * Checks that a REST server answers at `baseUrl` (`GET /api/metadata/objects`).
   *
   * @throws ObjectQLError `DRIVER_UNAVAILABLE` when nothing answers, `DRIVER_ERROR` when what
   *   answers does not serve the REST protocol there.
   */
  override async connect(): Promise<void> {
    const reply = await this.#client.send({ method: 'GET', path: '/api/metadata/objects' })
    if (reply.error?.code === 'NOT_FOUND') {
      throw new ObjectQLError(
        'DRIVER_ERROR',
        `no ObjectQL REST protocol at ${this.config.baseUrl}: ${reply.error.message}`,
        { cause: reply.error },
      )
    }
    if (reply.error !== undefined) throw reply.error
    this.#state = 'connected'
  }

  override async disconnect(): Promise<void> {
    this.#state = 'disconnected'
  }

  /** True when connected and the server answers, in one attempt. Never throws. */
  override async checkHealth(): Promise<boolean> {
    if (this.#state !== 'connected') return false
    try {
      const reply = await this.#client.send({
        method: 'GET',
        path: '/api/metadata/objects',
        attempts: 1,
      })
      return reply.error === undefined
    } catch {
      return false
    }
  }

  /** Verifies or registers the objects on the server (config `schema`), then remembers them. */
  override async syncSchema(objects: readonly ObjectConfig[]): Promise<void> {
    this.#assertUsable()
    await syncRemoteSchema(this.#client, objects, this.config.schema)
    await super.syncSchema(objects)
    for (const object of objects) this.#schemas.set(object.name, querySchemaFor(object))
  }

  override async introspectSchema(): Promise<IntrospectedSchema> {
    this.#assertUsable()
    return introspectRemote(this.#client)
  }

  async find(object: string, query: QueryAST, options?: DriverOptions): Promise<DataRecord[]> {
    this.#assertUsable(options)
    const { limit, offset } = checkFindQuery(query)
    const { where, orderBy, fields } = query
    return listAll(
      this.#source,
      object,
      { where, orderBy, fields, limit, offset },
      this.#schema(object),
    )
  }

  async findOne(
    object: string,
    id: string,
    query?: QueryAST,
    options?: DriverOptions,
  ): Promise<DataRecord | null> {
    this.#assertUsable(options)
    const target = recordTarget(object, id)
    // `?id=` addresses writes only; reads of such ids, and projections, use the list route.
    const byList = target === undefined || target.query !== undefined
    if (byList || query?.where !== undefined || query?.fields !== undefined) {
      return this.#findById(object, id, query)
    }
    const reply = await this.#client.send({ method: 'GET', path: target.path })
    if (this.#isMissing(reply, id)) return null
    if (reply.error !== undefined) throw recordError(reply.error, id)
    return asRecord(reply.body, object)
  }

  async count(
    object: string,
    where: FilterCondition | undefined,
    options?: DriverOptions,
  ): Promise<number> {
    this.#assertUsable(options)
    return countRemote(this.#client, object, where, this.#schema(object))
  }

  /** `POST /api/data/:object`; a missing id is generated here, so the caller knows it up front. */
  async create(object: string, data: RecordInput, options?: DriverOptions): Promise<DataRecord> {
    this.#assertUsable(options)
    const body: Record<string, unknown> = { ...data }
    if (body['id'] === undefined || body['id'] === null) body['id'] = this.generateId()
    const id = body['id']
    if (typeof id === 'string' && recordTarget(object, id) === undefined) {
      // Created, such a record could never be updated or deleted through a URL.
      throw unaddressable(object, id, 'create')
    }
    const created = await this.#client.request({
      method: 'POST',
      path: collectionPath(object),
      body,
    })
    return asRecord(created, object)
  }

  /** `PATCH /api/data/:object/:id`, sent once (never retried). */
  async update(
    object: string,
    id: string,
    data: Record<string, unknown>,
    options?: DriverOptions,
  ): Promise<DataRecord> {
    this.#assertUsable(options)
    const target = await this.#writeTarget(object, id, 'update')
    if (target === 'missing') {
      throw new ObjectQLError('NOT_FOUND', `${object}/${id} does not exist`, {
        details: { object, id },
      })
    }
    const reply = await this.#client.send({ method: 'PATCH', ...target, body: { ...data } })
    if (reply.error !== undefined) throw recordError(reply.error, id)
    return asRecord(reply.body, object)
  }

  /**
   * `DELETE /api/data/:object/:id`: true when the server deleted it, false when it did not
   * exist. When a retry finds nothing after an attempt whose fate is unknown (a timeout, a
   * dropped connection), which of the two happened cannot be told: `DRIVER_UNAVAILABLE`.
   */
  async delete(object: string, id: string, options?: DriverOptions): Promise<boolean> {
    this.#assertUsable(options)
    const target = await this.#writeTarget(object, id, 'delete')
    if (target === 'missing') return false
    const reply = await this.#client.send({ method: 'DELETE', ...target })
    if (this.#isMissing(reply, id)) {
      if (!reply.uncertain) return false
      throw new ObjectQLError(
        'DRIVER_UNAVAILABLE',
        `delete of ${object}/${id}: an attempt got no answer and a retry found the record gone; whether this call deleted it is unknown`,
        { cause: reply.error, details: { object, id, attempts: reply.attempts } },
      )
    }
    if (reply.error !== undefined) throw recordError(reply.error, id)
    return true
  }

  override async aggregate(
    object: string,
    query: QueryAST,
    options?: DriverOptions,
  ): Promise<Record<string, unknown>[]> {
    this.#assertUsable(options)
    return aggregateRemote(this.#source, object, query, this.#schema(object))
  }

  override async distinct(
    object: string,
    field: string,
    where?: FilterCondition,
    options?: DriverOptions,
  ): Promise<unknown[]> {
    this.#assertUsable(options)
    return distinctRemote(this.#source, object, field, where, this.#schema(object))
  }

  /** Web Crypto, not `node:crypto`, so ids are generated the same way in browsers. */
  protected override generateId(): string {
    return randomId()
  }

  /** The record with this id through the list route (ids a path cannot carry, projections). */
  async #findById(object: string, id: string, query?: QueryAST): Promise<DataRecord | null> {
    const schema = this.#schema(object)
    const byId: FilterCondition = { id: { $eq: id } }
    // Checked alone first, so a bad `where` fails as itself rather than inside the `$and`;
    // an empty one (`{}`, everything) adds no clause.
    const extra = encodeWhere(query?.where, schema) === undefined ? undefined : query?.where
    const where = extra === undefined ? byId : { $and: [byId, extra] }
    const rows = await listAll(
      this.#source,
      object,
      { where, fields: query?.fields, limit: 1 },
      schema,
    )
    return rows[0] ?? null
  }

  /**
   * Where to send a write of `id`, or `missing` when no URL can carry the id (a lone surrogate)
   * and the list route, which takes it as JSON, finds no such record; an existing one fails
   * with `NOT_SUPPORTED`.
   */
  async #writeTarget(
    object: string,
    id: string,
    operation: string,
  ): Promise<RecordTarget | 'missing'> {
    const target = recordTarget(object, id)
    if (target !== undefined) return target
    if ((await this.#findById(object, id)) !== null) throw unaddressable(object, id, operation)
    return 'missing'
  }

  /** True for the REST answer "this record does not exist" (not "no such route"). */
  #isMissing(reply: RemoteReply, id: string): boolean {
    return hasErrorCode(reply.error, 'NOT_FOUND') && reply.error.details?.['id'] === id
  }

  #schema(object: string): QuerySchema | undefined {
    return this.#schemas.get(object)
  }

  #assertUsable(options?: DriverOptions): void {
    if (this.#state !== 'connected') {
      throw new ObjectQLError(
        'DRIVER_NOT_CONNECTED',
        `remote driver is ${this.#state === 'idle' ? 'not connected yet' : 'disconnected'}`,
      )
    }
    if (options?.transaction !== undefined) {
      throw new ObjectQLError('NOT_SUPPORTED', 'the REST protocol has no transactions')
    }
  }
}
