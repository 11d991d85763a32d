import { ERROR_CODES } from '../../kernel/errors.js'
import type { ProtocolLimits } from '../common/protocol-limits.js'
import type { JsonSchema } from './openapi-field-schema.js'

/** Components and paths every REST document has, whatever the objects. */
export interface SharedComponents {
  readonly schemas: Record<string, JsonSchema>
  readonly parameters: Record<string, JsonSchema>
  readonly responses: Record<string, JsonSchema>
  readonly paths: Record<string, JsonSchema>
}

const ERROR_STATUSES: Readonly<Record<number, string>> = {
  400: 'The request is invalid (bad JSON, unknown field or operator, failed validation, a limit)',
  404: 'The object, record or action does not exist',
  409: 'A record with that id already exists; nothing was written',
  413: 'The request body is larger than the configured limit',
  415: 'The request body is not JSON',
}

function query(name: string, description: string, schema: JsonSchema): JsonSchema {
  return { name, in: 'query', required: false, description, schema }
}

/** `$ref`s of the list parameters, in the order the document shows them. */
export function listParameters(): JsonSchema[] {
  return [
    'filter',
    'sort',
    'fields',
    'select',
    'limit',
    'top',
    'offset',
    'skip',
    'cursor',
    'count',
  ].map((name) => ({ $ref: `#/components/parameters/${name}` }))
}

/**
 * The shared schemas, parameters, error responses and metadata paths. `metadataWrite` documents
 * `PUT /api/metadata/objects/{name}`, which the server mounts only when it is enabled.
 */
export function sharedComponents(limits: ProtocolLimits, metadataWrite = false): SharedComponents {
  const pageSize = { type: 'integer', minimum: 0, maximum: limits.maxPageSize }
  const offset = { type: 'integer', minimum: 0 }
  const parameters: Record<string, JsonSchema> = {
    RecordId: { name: 'id', in: 'path', required: true, schema: { type: 'string', minLength: 1 } },
    filter: query(
      'filter',
      'A FilterCondition as JSON (`{"status":"open","age":{"$gte":18}}`) or a legacy filter array',
      { type: 'string' },
    ),
    sort: query('sort', 'Sort keys: `name,-created_at` or `name asc, created_at desc`', {
      type: 'string',
    }),
    fields: query('fields', 'Comma-separated fields to return (`id` is always returned)', {
      type: 'string',
    }),
    select: query('select', 'Alias of `fields`', { type: 'string' }),
    limit: query('limit', `Page size (default ${limits.defaultPageSize})`, pageSize),
    top: query('top', 'Alias of `limit`', pageSize),
    offset: query('offset', 'Records to skip', offset),
    skip: query('skip', 'Alias of `offset`', offset),
    cursor: query(
      'cursor',
      'The `meta.next_cursor` of the previous page; only valid with the same filter and sort',
      { type: 'string' },
    ),
    count: query('count', 'When true, `meta.total` holds the unpaged total', { type: 'boolean' }),
  }
  const schemas: Record<string, JsonSchema> = {
    Error: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string', enum: [...ERROR_CODES] },
            message: { type: 'string' },
            details: { type: 'object' },
          },
        },
      },
    },
    ListMeta: {
      type: 'object',
      required: ['limit', 'offset'],
      properties: {
        total: { type: 'integer', minimum: 0, description: 'Present when `count=true`' },
        limit: { type: 'integer', minimum: 0 },
        offset: { type: 'integer', minimum: 0 },
        next_cursor: { type: 'string', description: 'Present when more records follow' },
      },
    },
    DeleteResult: {
      type: 'object',
      required: ['id', 'deleted'],
      properties: { id: { type: 'string' }, deleted: { const: true } },
    },
    ActionResult: {
      type: 'object',
      required: ['result'],
      properties: { result: { description: 'Whatever the action returned' } },
    },
    ObjectNames: {
      type: 'object',
      required: ['items'],
      properties: { items: { type: 'array', items: { type: 'string' } } },
    },
  }
  const responses: Record<string, JsonSchema> = {}
  for (const [status, description] of Object.entries(ERROR_STATUSES)) {
    responses[`Error${status}`] = {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    }
  }
  const errorRef = (status: number): JsonSchema => ({
    $ref: `#/components/responses/Error${status}`,
  })
  const paths: Record<string, JsonSchema> = {
    '/api/metadata/objects': {
      get: {
        operationId: 'list_objects',
        summary: 'Names of the registered objects',
        tags: ['metadata'],
        responses: {
          '200': {
            description: 'Object names',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/ObjectNames' } },
            },
          },
        },
      },
    },
    '/api/metadata/objects/{name}': {
      get: {
        operationId: 'get_object',
        summary: 'The metadata of one object',
        tags: ['metadata'],
        parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'The object definition',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          '404': errorRef(404),
        },
      },
      ...(metadataWrite ? { put: putObjectOperation(errorRef(400)) } : {}),
    },
  }
  return { schemas, parameters, responses, paths }
}

/** `PUT /api/metadata/objects/{name}`: registers or replaces an object definition. */
function putObjectOperation(error400: JsonSchema): JsonSchema {
  const object = { 'application/json': { schema: { type: 'object' } } }
  return {
    operationId: 'put_object',
    summary: 'Registers or replaces an object definition (only when the server enables it)',
    tags: ['metadata'],
    parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
    requestBody: { required: true, content: object },
    responses: {
      '200': { description: 'The registered object definition', content: object },
      '400': error400,
    },
  }
}
