import type { FastifyInstance } from 'fastify'
import { SaxesParser } from 'saxes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ObjectQLError } from '../../kernel/errors.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import { createProtocolHost, listenAlone } from '../common/protocol-host.js'
import { graphqlProtocol } from '../graphql/graphql-server.js'
import { createODataProtocol, odataProtocol } from './odata-server.js'
import { odata, q, startODataFixture } from './odata.test-utils.js'

let kernel: Kernel
let app: FastifyInstance
let projects: readonly DataRecord[]

beforeAll(async () => {
  ;({ kernel, app, projects } = await startODataFixture())
})

afterAll(async () => {
  await app.close()
  await kernel.stop()
})

const ids = (body: Record<string, unknown>) => (body['value'] as DataRecord[]).map((r) => r.id)

describe('PRT-ODATA service and metadata documents', () => {
  it('serves the service document with one entity set per object and OData-Version', async () => {
    const reply = await odata(app, 'GET', '/odata')
    expect(reply.status).toBe(200)
    expect(reply.headers['odata-version']).toBe('4.01')
    expect(reply.body['@odata.context']).toBe('http://localhost:80/odata/$metadata')
    expect(reply.body['value']).toEqual(
      kernel.bridge.getMetaTypes().map((name) => ({ name, kind: 'EntitySet', url: name })),
    )
    const v40 = await odata(app, 'GET', '/odata/', undefined, { 'odata-maxversion': '4.0' })
    expect(v40.headers['odata-version']).toBe('4.0')
    const v3 = await odata(app, 'GET', '/odata/', undefined, { 'odata-maxversion': '3.0' })
    expect(v3.status).toBe(400)
  })

  it('serves well-formed CSDL XML with an EntityType and EntitySet per object', async () => {
    const reply = await odata(app, 'GET', '/odata/$metadata')
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toContain('application/xml')
    const types: string[] = []
    const sets: Record<string, string> = {}
    const navs: Record<string, string> = {}
    const keys: string[] = []
    let current = ''
    const parser = new SaxesParser({ xmlns: true })
    parser.on('opentag', (tag) => {
      const attr = (name: string) => String(tag.attributes[name]?.value ?? '')
      if (tag.local === 'EntityType') types.push((current = attr('Name')))
      if (tag.local === 'PropertyRef') keys.push(`${current}.${attr('Name')}`)
      if (tag.local === 'EntitySet') sets[attr('Name')] = attr('EntityType')
      if (tag.local === 'NavigationProperty') navs[`${current}.${attr('Name')}`] = attr('Type')
    })
    parser.write(reply.text).close()
    const objects = kernel.bridge.getMetaTypes()
    expect(types).toEqual(objects)
    expect(sets).toEqual(Object.fromEntries(objects.map((o) => [o, `ObjectStack.${o}`])))
    expect(keys).toEqual(objects.map((o) => `${o}.id`))
    expect(navs).toEqual({
      'tasks.project_ref': 'ObjectStack.projects',
      'tasks.assignee_ref': 'ObjectStack.users',
    })
    expect(reply.text).toContain('<Property Name="tags" Type="Collection(Edm.String)"/>')
    expect(reply.text).toContain('<Property Name="meta" Type="Edm.Untyped"/>')
    const json = await odata(app, 'GET', '/odata/$metadata', undefined, {
      accept: 'application/json',
    })
    expect(json.status).toBe(406)
  })
})

describe('PRT-ODATA reading entity sets', () => {
  it('filters with OData precedence, agreeing with the kernel', async () => {
    const filter = "estimate_hours lt 3 or done eq true and priority eq 'high'"
    const reply = await odata(app, 'GET', `/odata/tasks?$filter=${q(filter)}&$top=50`)
    expect(reply.status).toBe(200)
    const expected = await kernel.find('tasks', {
      where: {
        $or: [{ estimate_hours: { $lt: 3 } }, { $and: [{ done: true }, { priority: 'high' }] }],
      },
    })
    expect(expected.length).toBeGreaterThan(0)
    expect(ids(reply.body)).toEqual(expected.map((r) => r.id))
    const quoted = await odata(
      app,
      'GET',
      `/odata/tasks?$filter=${q("title eq 'O''Neil''s task'")}`,
    )
    expect((quoted.body['value'] as DataRecord[]).map((r) => r['title'])).toEqual(["O'Neil's task"])
    const plus = await odata(app, 'GET', `/odata/tasks?$filter=due_at ge 2025-09-15T11:00:00+01:00`)
    expect(ids(plus.body)).toEqual(
      (await kernel.find('tasks', { where: { due_at: { $gte: '2025-09-15T10:00:00.000Z' } } })).map(
        (r) => r.id,
      ),
    )
  })

  it('applies $select, $orderby, $top, $skip and $count', async () => {
    const all = await kernel.find('tasks', {
      orderBy: [
        { field: 'estimate_hours', order: 'desc' },
        { field: 'title', order: 'asc' },
      ],
    })
    const reply = await odata(
      app,
      'GET',
      `/odata/tasks?$orderby=${q('estimate_hours desc,title')}&$skip=2&$top=4&$select=title,estimate_hours&$count=true`,
    )
    expect(reply.body['@odata.count']).toBe(12)
    expect(reply.body['@odata.context']).toBe(
      'http://localhost:80/odata/$metadata#tasks(title,estimate_hours)',
    )
    expect(reply.body['value']).toEqual(
      all
        .slice(2, 6)
        .map((r) => ({ id: r.id, title: r['title'], estimate_hours: r['estimate_hours'] })),
    )
    expect(reply.body['@odata.nextLink']).toBeUndefined()
    const count = await odata(app, 'GET', `/odata/tasks/$count?$filter=${q('done eq true')}`)
    expect(count.headers['content-type']).toContain('text/plain')
    expect(count.text).toBe(String(await kernel.count('tasks', { done: true })))
  })

  it('pages on the server with @odata.nextLink, partitioning the result', async () => {
    const expected = (
      await kernel.find('tasks', { orderBy: [{ field: 'title', order: 'asc' }] })
    ).map((r) => r.id)
    const seen: string[] = []
    let url: string | undefined = `/odata/tasks?$orderby=title&$count=true`
    let pages = 0
    while (url !== undefined && pages < 10) {
      const reply = await odata(app, 'GET', url)
      expect(reply.body['@odata.count']).toBe(12)
      seen.push(...ids(reply.body))
      const next = reply.body['@odata.nextLink'] as string | undefined
      url = next?.replace('http://localhost:80', '')
      pages++
    }
    expect(pages).toBe(3)
    expect(seen).toEqual(expected)
    const topped = await odata(app, 'GET', '/odata/tasks?$orderby=title&$top=7')
    expect(ids(topped.body)).toEqual(expected.slice(0, 5))
    const rest = await odata(
      app,
      'GET',
      String(topped.body['@odata.nextLink']).replace('http://localhost:80', ''),
    )
    expect(ids(rest.body)).toEqual(expected.slice(5, 7))
    expect(rest.body['@odata.nextLink']).toBeUndefined()
  })

  it('expands lookups with nested options and keeps the lookup id', async () => {
    const reply = await odata(
      app,
      'GET',
      `/odata/tasks?$top=3&$select=title,project&$expand=${q("project_ref($select=name;$filter=code eq 'APL')")}`,
    )
    const rows = reply.body['value'] as Record<string, unknown>[]
    expect(rows).toHaveLength(3)
    for (const row of rows) {
      const task = await kernel.findOne('tasks', String(row['id']))
      expect(row['project']).toBe(task?.['project'])
      const project = projects.find((p) => p.id === task?.['project'])
      expect(row['project_ref']).toEqual(
        project?.['code'] === 'APL' ? { id: project.id, name: 'Apollo' } : null,
      )
    }
    const deep = await odata(app, 'GET', `/odata/tasks?$expand=${q('project_ref($expand=nope)')}`)
    expect(deep).toMatchObject({ status: 400, body: { error: { code: 'INVALID_FIELD' } } })
  })

  it('reads single entities, properties, raw values and navigation properties', async () => {
    const task = (
      await kernel.find('tasks', { where: { title: "O'Neil's task" } })
    )[0] as DataRecord
    const key = `'${encodeURIComponent(task.id)}'`
    const entity = await odata(app, 'GET', `/odata/tasks(${key})`)
    expect(entity.body).toMatchObject({
      '@odata.context': 'http://localhost:80/odata/$metadata#tasks/$entity',
      id: task.id,
      title: task['title'],
    })
    expect((await odata(app, 'GET', `/odata/tasks(id=${key})`)).body['id']).toBe(task.id)
    expect(await odata(app, 'GET', "/odata/tasks('missing')")).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    })
    const title = await odata(app, 'GET', `/odata/tasks(${key})/title`)
    expect(title.body['value']).toBe("O'Neil's task")
    expect((await odata(app, 'GET', `/odata/tasks(${key})/title/$value`)).text).toBe(
      "O'Neil's task",
    )
    expect((await odata(app, 'GET', `/odata/tasks(${key})/assignee`)).status).toBe(204)
    const project = await odata(app, 'GET', `/odata/tasks(${key})/project_ref`)
    expect(project.body['id']).toBe(task['project'])
  })
})

describe('OData single entities read like the other protocols', () => {
  it('goes through findOne, so beforeFindOne hooks guard it (not beforeFind)', async () => {
    const task = (await kernel.find('tasks', { limit: 1 }))[0] as DataRecord
    const seen: string[] = []
    const offOne = kernel.on('beforeFindOne', 'tasks', () => void seen.push('findOne'))
    const offMany = kernel.on('beforeFind', 'tasks', () => void seen.push('find'))
    try {
      const key = `'${encodeURIComponent(task.id)}'`
      expect((await odata(app, 'GET', `/odata/tasks(${key})`)).status).toBe(200)
      expect((await odata(app, 'GET', `/odata/tasks(${key})?$select=title`)).status).toBe(200)
      expect(seen).toEqual(['findOne', 'findOne'])
      // The same hook refusing the read refuses it through OData too.
      const offDeny = kernel.on('beforeFindOne', 'tasks', () => {
        throw new ObjectQLError('VALIDATION_FAILED', 'no reading tasks here')
      })
      try {
        const denied = await odata(app, 'GET', `/odata/tasks(${key})`)
        expect(denied).toMatchObject({
          status: 400,
          body: { error: { code: 'VALIDATION_FAILED' } },
        })
      } finally {
        offDeny()
      }
    } finally {
      offOne()
      offMany()
    }
  })
})

describe('OData on a live loopback socket', () => {
  it('serves over HTTP on 127.0.0.1 (plus signs in offsets survive)', async () => {
    const server = await listenAlone(createODataProtocol({ kernel }), { kernel, port: 0 })
    try {
      const root = await fetch(`${server.url}/odata/`)
      expect(root.status).toBe(200)
      expect(root.headers.get('odata-version')).toBe('4.01')
      const url = `${server.url}/odata/tasks?$filter=due_at lt 2025-03-01T00:00:00+00:00&$count=true`
      const listed = (await (await fetch(url)).json()) as Record<string, unknown>
      expect(listed['@odata.count']).toBe(
        await kernel.count('tasks', { due_at: { $lt: '2025-03-01T00:00:00Z' } }),
      )
      expect(String(listed['@odata.context'])).toBe(`${server.url}/odata/$metadata#tasks`)
    } finally {
      await server.close()
    }
  })

  it('mounts beside GraphQL on one shared host, each at its upstream path', async () => {
    expect([odataProtocol.defaultPort, odataProtocol.defaultPath]).toEqual([8080, '/odata'])
    expect([graphqlProtocol.defaultPort, graphqlProtocol.defaultPath]).toEqual([4000, '/graphql'])
    const host = await createProtocolHost({
      kernel,
      protocols: [graphqlProtocol, createODataProtocol({ kernel })],
    })
    try {
      const count = await host.fastify.inject({ method: 'GET', url: '/odata/tasks/$count' })
      const gql = await host.fastify.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ query: '{ tasksCount }' }),
      })
      expect(JSON.parse(gql.body)).toEqual({ data: { tasksCount: Number(count.body) } })
      expect((await host.fastify.inject({ method: 'GET', url: '/elsewhere' })).statusCode).toBe(404)
    } finally {
      await host.close()
    }
  })
})
