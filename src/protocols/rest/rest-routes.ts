import type { FastifyInstance, FastifyReply } from 'fastify'
import { ObjectQLError } from '../../kernel/errors.js'
import { isWellFormedId } from '../../kernel/validation/record-id.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import type { ProtocolBridge } from '../common/protocol-bridge.js'
import type { ProtocolLimits } from '../common/protocol-limits.js'
import { toActionInfos } from './openapi-action-schema.js'
import type { RestBodyValidator } from './rest-body-validator.js'
import { encodeCursor } from './rest-cursor.js'
import { refuseOtherMethods } from './rest-method-not-allowed.js'
import { parseListQuery } from './rest-query-params.js'

/** Registers an object definition sent to `PUT /api/metadata/objects/:name`. */
export type RestObjectRegistrar = (
  config: Readonly<Record<string, unknown>>,
) => Promise<ObjectConfig>

/** What the REST routes need besides the bridge. */
export interface RestRouteContext {
  readonly bridge: ProtocolBridge
  readonly limits: ProtocolLimits
  readonly validator: RestBodyValidator
  /** When given, `PUT /api/metadata/objects/:name` registers object definitions through it. */
  readonly registerObject?: RestObjectRegistrar
}

interface ObjectParams {
  object: string
}
interface RecordParams extends ObjectParams {
  id: string
}
interface ActionParams extends ObjectParams {
  action: string
}

function objectOf(bridge: ProtocolBridge, name: string): ObjectConfig {
  const object = bridge.hasObject(name) ? bridge.getMetaItem(name) : undefined
  if (object === undefined) {
    throw new ObjectQLError('OBJECT_NOT_FOUND', `no object '${name}'`, {
      details: { object: name },
    })
  }
  return object
}

function bodyOf(body: unknown): Record<string, unknown> {
  // The validator has already checked the shape; this narrows the type for the bridge.
  return body as Record<string, unknown>
}

/**
 * PUT replaces: the record becomes what a create with this body would have stored, so a
 * declared field the body leaves out gets its `defaultValue`, or null when it has none.
 */
function replacement(object: ObjectConfig, body: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = { ...body }
  for (const [name, field] of Object.entries(object.fields)) {
    if (Object.hasOwn(data, name) || name === 'id') continue
    data[name] = field.defaultValue === undefined ? null : structuredClone(field.defaultValue)
  }
  return data
}

/** The `id` query parameter of a record addressed on its collection; nothing else is allowed. */
function queryId(params: Record<string, unknown>): string {
  const unknown = Object.keys(params).find((name) => name !== 'id')
  if (unknown !== undefined) {
    throw new ObjectQLError('INVALID_QUERY', `unknown query parameter '${unknown}'`, {
      details: { param: unknown },
    })
  }
  const id = params['id']
  if (typeof id !== 'string') {
    throw new ObjectQLError('INVALID_QUERY', "give the record's id once, as '?id='", {
      details: { param: 'id' },
    })
  }
  return id
}

/** Registers the data, action and metadata routes on `fastify` (already prefixed). */
export function registerRestRoutes(fastify: FastifyInstance, ctx: RestRouteContext): void {
  const { bridge, limits, validator } = ctx

  fastify.get('/api/metadata/objects', async () => ({ items: [...bridge.getMetaTypes()] }))
  fastify.get<{ Params: { name: string } }>('/api/metadata/objects/:name', async (request) =>
    objectOf(bridge, request.params.name),
  )
  const register = ctx.registerObject
  if (register !== undefined) {
    fastify.put<{ Params: { name: string } }>('/api/metadata/objects/:name', async (request) => {
      const { name } = request.params
      const body: unknown = request.body
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new ObjectQLError('INVALID_REQUEST', 'an object definition must be a JSON object')
      }
      const given = (body as Record<string, unknown>)['name']
      // The path names the object; a body naming another one is a client mistake, not a rename.
      if (given !== undefined && given !== name) {
        throw new ObjectQLError(
          'INVALID_REQUEST',
          `the body defines ${JSON.stringify(given)} but the path names '${name}'`,
          { details: { name } },
        )
      }
      return register({ ...body, name })
    })
  }

  fastify.get<{ Params: ObjectParams; Querystring: Record<string, unknown> }>(
    '/api/data/:object',
    async (request) => {
      const object = objectOf(bridge, request.params.object)
      const list = parseListQuery(object.name, request.query, limits)
      const found = await bridge.findData(object.name, list.query)
      const next = list.offset + found.value.length
      const meta: Record<string, unknown> = { limit: list.limit, offset: list.offset }
      if (list.count) meta['total'] = found.count
      if (found.value.length > 0 && found.value.length === list.limit && next < found.count) {
        meta['next_cursor'] = encodeCursor(next, list.digest)
      }
      return { items: found.value, meta }
    },
  )

  fastify.post<{ Params: ObjectParams }>('/api/data/:object', async (request, reply) => {
    const object = objectOf(bridge, request.params.object)
    validator.assertRecordBody(object, 'create', request.body)
    const created = await bridge.createData(object.name, bodyOf(request.body))
    // The kernel refuses a new id no URL can carry; this guards against an after hook that
    // answers with another record (the write is done by now: no Location, but no 500 either).
    if (isWellFormedId(created.id)) {
      reply.header(
        'location',
        `${request.url.split('?')[0] ?? ''}/${encodeURIComponent(created.id)}`,
      )
    }
    return reply.status(201).send(created)
  })

  fastify.get<{ Params: RecordParams }>('/api/data/:object/:id', async (request) => {
    const object = objectOf(bridge, request.params.object)
    return bridge.getData(object.name, request.params.id)
  })

  const patchRecord = (name: string, id: string, body: unknown) => {
    const object = objectOf(bridge, name)
    validator.assertRecordBody(object, 'patch', body)
    return bridge.updateData(object.name, id, bodyOf(body))
  }
  const replaceRecord = (name: string, id: string, body: unknown) => {
    const object = objectOf(bridge, name)
    validator.assertRecordBody(object, 'replace', body)
    return bridge.updateData(object.name, id, replacement(object, bodyOf(body)))
  }
  const deleteRecord = async (name: string, id: string) => {
    const object = objectOf(bridge, name)
    if (!(await bridge.deleteData(object.name, id))) {
      throw new ObjectQLError('NOT_FOUND', `${object.name}/${id} does not exist`, {
        details: { object: object.name, id },
      })
    }
    return { id, deleted: true }
  }

  fastify.patch<{ Params: RecordParams }>('/api/data/:object/:id', async (request) =>
    patchRecord(request.params.object, request.params.id, request.body),
  )
  fastify.put<{ Params: RecordParams }>('/api/data/:object/:id', async (request) =>
    replaceRecord(request.params.object, request.params.id, request.body),
  )
  fastify.delete<{ Params: RecordParams }>('/api/data/:object/:id', async (request) =>
    deleteRecord(request.params.object, request.params.id),
  )

  // The same three with the id as `?id=`: URL parsers remove `.` and `..` path segments even
  // percent-encoded (WHATWG URL, RFC 3986), so records with those ids have no item URL.
  type ById = { Params: ObjectParams; Querystring: Record<string, unknown> }
  fastify.patch<ById>('/api/data/:object', async (request) =>
    patchRecord(request.params.object, queryId(request.query), request.body),
  )
  fastify.put<ById>('/api/data/:object', async (request) =>
    replaceRecord(request.params.object, queryId(request.query), request.body),
  )
  fastify.delete<ById>('/api/data/:object', async (request) =>
    deleteRecord(request.params.object, queryId(request.query)),
  )

  fastify.post<{ Params: ActionParams }>(
    '/api/actions/:object/:action',
    async (request, reply: FastifyReply) => {
      const object = objectOf(bridge, request.params.object)
      const { action } = request.params
      const info = toActionInfos(bridge.getActions()).find(
        (entry) => entry.object === object.name && entry.name === action,
      )
      if (info === undefined) {
        throw new ObjectQLError(
          'ACTION_NOT_FOUND',
          `no action '${action}' on object '${object.name}'`,
          {
            details: { object: object.name, action },
          },
        )
      }
      const input = request.body ?? {}
      validator.assertActionInput(info, input)
      const result = await bridge.executeAction(object.name, action, input)
      return reply.send({ result: result === undefined ? null : result })
    },
  )

  // Every path above exists: another method on it is 405 with `Allow`, not an unknown route.
  refuseOtherMethods(fastify, '/api/metadata/objects', ['GET'])
  refuseOtherMethods(
    fastify,
    '/api/metadata/objects/:name',
    register === undefined ? ['GET'] : ['GET', 'PUT'],
  )
  refuseOtherMethods(fastify, '/api/data/:object', ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
  refuseOtherMethods(fastify, '/api/data/:object/:id', ['GET', 'PUT', 'PATCH', 'DELETE'])
  refuseOtherMethods(fastify, '/api/actions/:object/:action', ['POST'])
}
