import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kernel } from '../../kernel/kernel.js'
import { TRACKER_OBJECTS } from '../common/protocol-fixtures.test-utils.js'
import { startTrackerKernel } from '../common/protocol-kernel.test-utils.js'
import { DEFAULT_PROTOCOL_LIMITS } from '../common/protocol-limits.js'
import { OpenApiResponseChecker } from './openapi-conformance.test-utils.js'
import { buildOpenApiDocument } from './openapi-document.js'
import type { OpenApiDocument } from './openapi-document.js'
import { createRestServer } from './rest-server.js'

async function validate(doc: OpenApiDocument): Promise<{ valid: boolean; errors?: unknown }> {
  const validator = new Validator()
  const result = await validator.validate(structuredClone(doc))
  expect(validator.version).toBe('3.1')
  return result
}

let kernel: Kernel

beforeAll(async () => {
  kernel = await startTrackerKernel()
})

afterAll(async () => {
  await kernel.stop()
})

describe('OpenAPI 3.1 document', () => {
  it('PRT-REST the document served at /openapi.json validates against the OpenAPI 3.1 schema', async () => {
    const app = createRestServer(kernel.bridge)
    const response = await app.inject({ method: 'GET', url: '/openapi.json' })
    await app.close()
    const doc = JSON.parse(response.body) as OpenApiDocument
    expect(doc['openapi']).toBe('3.1.0')
    const result = await validate(doc)
    expect(result.errors).toBeUndefined()
    expect(result.valid).toBe(true)
    const paths = Object.keys(doc['paths'] as object)
    for (const object of kernel.bridge.getMetaTypes()) {
      expect(paths).toContain(`/api/data/${object}`)
      expect(paths).toContain(`/api/data/${object}/{id}`)
    }
    expect(paths).toContain('/api/actions/tasks/complete')
  })

  it('validates for every field type, under a prefix, and catches a broken document', async () => {
    const everyType = {
      name: 'kitchen_sink',
      fields: Object.fromEntries(
        [
          'text',
          'email',
          'url',
          'number',
          'boolean',
          'date',
          'datetime',
          'time',
          'select',
          'multiselect',
          'lookup',
          'json',
          'vector',
          'autonumber',
          'file',
          'tags',
        ].map((type) => [
          `f_${type}`,
          {
            type,
            ...(type === 'select' || type === 'multiselect'
              ? {
                  options: [
                    { label: 'A', value: 'a' },
                    { label: 'One', value: 1 },
                  ],
                }
              : {}),
          },
        ]),
      ),
    } as unknown as (typeof TRACKER_OBJECTS)[number]
    const doc = buildOpenApiDocument({
      objects: [...TRACKER_OBJECTS, everyType],
      limits: DEFAULT_PROTOCOL_LIMITS,
      basePath: '/v1',
    })
    expect(await validate(doc)).toEqual({ valid: true })
    expect(Object.keys(doc['paths'] as object).every((p) => p.startsWith('/v1/'))).toBe(true)
    const broken = structuredClone(doc)
    ;(broken['paths'] as Record<string, Record<string, unknown>>)['/v1/api/data/tasks'] = {
      get: { responses: 'none' },
    }
    expect((await validate(broken)).valid).toBe(false)
  })

  it('describes required fields, options, ranges and patterns as the server enforces them', () => {
    const doc = buildOpenApiDocument({ objects: TRACKER_OBJECTS, limits: DEFAULT_PROTOCOL_LIMITS })
    const schemas = (doc['components'] as { schemas: Record<string, Record<string, unknown>> })
      .schemas
    expect(schemas['tasks.create']?.['required']).toEqual(['title', 'project'])
    expect(schemas['tasks.create']?.['additionalProperties']).toBe(false)
    expect(schemas['tasks.patch']?.['required']).toBeUndefined()
    expect(schemas['projects.replace']?.['required']).toEqual(['name', 'code'])
    const props = schemas['projects.create']?.['properties'] as Record<
      string,
      Record<string, unknown>
    >
    expect(props['code']).toMatchObject({ type: 'string', pattern: '^[A-Z]{2,5}$', minLength: 1 })
    expect(props['status']).toMatchObject({
      anyOf: [{ enum: ['planned', 'active', 'done'] }, { type: 'null' }],
    })
    expect(props['budget']).toMatchObject({
      anyOf: [{ type: 'number', minimum: 0 }, { type: 'null' }],
    })
  })

  it('real responses match the documented status and schema', async () => {
    const app = createRestServer(kernel.bridge)
    const doc = JSON.parse(
      (await app.inject({ method: 'GET', url: '/openapi.json' })).body,
    ) as OpenApiDocument
    const checker = new OpenApiResponseChecker(doc)
    const project = await kernel.create('projects', { name: 'Doc', code: 'DOC' })
    const requests: Array<{
      method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
      url: string
      payload?: object
    }> = [
      {
        method: 'POST',
        url: '/api/data/tasks',
        payload: { title: 'Doc task', project: project.id, due_at: '2030-01-01T00:00:00Z' },
      },
      { method: 'POST', url: '/api/data/tasks', payload: { title: 'x' } },
      { method: 'GET', url: '/api/data/tasks?count=true&limit=1' },
      { method: 'GET', url: '/api/data/tasks?limit=5000' },
      { method: 'GET', url: `/api/data/projects/${project.id}` },
      { method: 'GET', url: '/api/data/projects/missing' },
      { method: 'PATCH', url: `/api/data/projects/${project.id}`, payload: { budget: 10 } },
      {
        method: 'PUT',
        url: `/api/data/projects/${project.id}`,
        payload: { name: 'Doc', code: 'DOC' },
      },
      {
        method: 'POST',
        url: '/api/data/projects',
        payload: { id: project.id, name: 'Dup', code: 'DUP' },
      },
      { method: 'DELETE', url: `/api/data/projects/${project.id}` },
      { method: 'GET', url: '/api/metadata/objects' },
    ]
    const statuses: number[] = []
    for (const request of requests) {
      const response = await app.inject(request)
      statuses.push(response.statusCode)
      expect(
        checker.check(request.method, request.url, response.statusCode, JSON.parse(response.body)),
      ).toBeUndefined()
    }
    expect(statuses).toEqual([201, 400, 200, 400, 200, 404, 200, 200, 409, 200, 200])
    await app.close()
  })
})
