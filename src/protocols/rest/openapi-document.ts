import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import type { ProtocolLimits } from '../common/protocol-limits.js'
import { objectSchema } from './openapi-field-schema.js'
import type { JsonSchema } from './openapi-field-schema.js'
import { actionParamsSchema } from './openapi-action-schema.js'
import type { RestActionInfo } from './openapi-action-schema.js'
import { listParameters, sharedComponents } from './openapi-components.js'

/** Inputs of {@link buildOpenApiDocument}. */
export interface OpenApiDocumentOptions {
  readonly objects: readonly ObjectConfig[]
  /** Registered actions (`bridge.getActions()`), each documented at `/api/actions/:object/:action`. */
  readonly actions?: readonly RestActionInfo[]
  readonly limits: ProtocolLimits
  /** Where the REST routes are mounted (`''` for the root). */
  readonly basePath?: string
  readonly title?: string
  readonly version?: string
  /** Document `PUT /api/metadata/objects/{name}` (the server enables it with `registerObject`). */
  readonly metadataWrite?: boolean
}

/** An OpenAPI 3.1 document as a plain JSON object. */
export type OpenApiDocument = Record<string, unknown>

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` })
const errorRefs = (...statuses: number[]): Record<string, JsonSchema> =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/Error${s}` }]))
const json = (schema: JsonSchema): JsonSchema => ({ content: { 'application/json': { schema } } })
const idParam = { $ref: '#/components/parameters/RecordId' }

function schemaKey(object: string, suffix: string): string {
  return suffix === '' ? object : `${object}.${suffix}`
}

function objectPaths(object: ObjectConfig): Record<string, JsonSchema> {
  const name = object.name
  const label = object.label ?? name
  const tags = [name]
  const body = (suffix: string): JsonSchema => ({
    required: true,
    ...json(ref(schemaKey(name, suffix))),
  })
  const one = (status: number, description: string): JsonSchema => ({
    [String(status)]: { description, ...json(ref(name)) },
  })
  const patch = {
    summary: `Update some fields of a ${label} record`,
    tags,
    requestBody: body('patch'),
    responses: { ...one(200, 'The whole updated record'), ...errorRefs(400, 404, 413, 415) },
  }
  const put = {
    summary: `Replace a ${label} record (fields not given get their default, else null)`,
    tags,
    requestBody: body('replace'),
    responses: { ...one(200, 'The whole replaced record'), ...errorRefs(400, 404, 413, 415) },
  }
  const remove = {
    summary: `Delete a ${label} record`,
    tags,
    responses: {
      '200': { description: 'The record was deleted', ...json(ref('DeleteResult')) },
      // A DELETE may carry a body; Fastify still checks its size and media type.
      ...errorRefs(400, 404, 413, 415),
    },
  }
  // For ids no URL path can carry (`.` and `..`, which URL parsers remove as dot segments).
  const byQuery = {
    description: 'The record is named by the `id` query parameter instead of the path.',
    parameters: [{ name: 'id', in: 'query', required: true, schema: { type: 'string' } }],
  }
  return {
    [`/api/data/${name}`]: {
      get: {
        operationId: `list_${name}`,
        summary: `List ${label} records`,
        tags,
        parameters: listParameters(),
        responses: {
          '200': { description: 'A page of records', ...json(ref(schemaKey(name, 'list'))) },
          ...errorRefs(400, 404),
        },
      },
      post: {
        operationId: `create_${name}`,
        summary: `Create a ${label} record`,
        tags,
        requestBody: body('create'),
        responses: { ...one(201, 'The created record'), ...errorRefs(400, 409, 413, 415) },
      },
      patch: { operationId: `update_${name}_by_query`, ...patch, ...byQuery },
      put: { operationId: `replace_${name}_by_query`, ...put, ...byQuery },
      delete: { operationId: `delete_${name}_by_query`, ...remove, ...byQuery },
    },
    [`/api/data/${name}/{id}`]: {
      parameters: [idParam],
      get: {
        operationId: `get_${name}`,
        summary: `Get one ${label} record`,
        tags,
        responses: { ...one(200, 'The record'), ...errorRefs(400, 404) },
      },
      patch: { operationId: `update_${name}`, ...patch },
      put: { operationId: `replace_${name}`, ...put },
      delete: { operationId: `delete_${name}`, ...remove },
    },
  }
}

function actionPaths(actions: readonly RestActionInfo[]): Record<string, JsonSchema> {
  const paths: Record<string, JsonSchema> = {}
  for (const action of actions) {
    paths[`/api/actions/${action.object}/${action.name}`] = {
      post: {
        operationId: `action_${action.object}_${action.name}`,
        summary: action.label ?? `Run ${action.object}:${action.name}`,
        ...(action.description === undefined ? {} : { description: action.description }),
        tags: [action.object],
        requestBody: {
          required: false,
          ...json(ref(schemaKey(action.object, `action.${action.name}`))),
        },
        responses: {
          '200': { description: 'The action result', ...json(ref('ActionResult')) },
          ...errorRefs(400, 404, 413, 415),
        },
      },
    }
  }
  return paths
}

function withBase(basePath: string, paths: Record<string, JsonSchema>): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(paths).map(([path, item]) => [basePath + path, item]))
}

/**
 * Generates the OpenAPI 3.1 document of the REST protocol from object metadata: one path pair
 * per object (`/api/data/<object>`, `/api/data/<object>/{id}`), one per registered action, and
 * the metadata routes. Request bodies use the same schemas the server validates with
 * (`<object>.create`, `<object>.patch`, `<object>.replace`), so the document is the contract.
 */
export function buildOpenApiDocument(options: OpenApiDocumentOptions): OpenApiDocument {
  const basePath = options.basePath ?? ''
  const actions = options.actions ?? []
  const schemas: Record<string, JsonSchema> = {}
  let paths: Record<string, JsonSchema> = {}
  const objects = [...options.objects].sort((a, b) => (a.name < b.name ? -1 : 1))
  for (const object of objects) {
    schemas[object.name] = objectSchema(object, 'record')
    for (const mode of ['create', 'patch', 'replace'] as const) {
      schemas[schemaKey(object.name, mode)] = objectSchema(object, mode)
    }
    schemas[schemaKey(object.name, 'list')] = {
      type: 'object',
      required: ['items', 'meta'],
      properties: { items: { type: 'array', items: ref(object.name) }, meta: ref('ListMeta') },
    }
    paths = { ...paths, ...objectPaths(object) }
  }
  for (const action of actions) {
    schemas[schemaKey(action.object, `action.${action.name}`)] = actionParamsSchema(action)
  }
  paths = { ...paths, ...actionPaths(actions) }
  const shared = sharedComponents(options.limits, options.metadataWrite === true)
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'ObjectQL REST API',
      version: options.version ?? '1.0.0',
      description:
        'Generated from object metadata. Errors are `{ error: { code, message, details? } }` ' +
        'with the code from the ObjectQL error catalog.',
    },
    paths: withBase(basePath, { ...paths, ...shared.paths }),
    components: {
      schemas: { ...shared.schemas, ...schemas },
      parameters: shared.parameters,
      responses: shared.responses,
    },
  }
}
