import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kernel } from '../../kernel/kernel.js'
import type { DataRecord } from '../../kernel/spec/object-config.js'
import { snapshot } from '../common/protocol-kernel.test-utils.js'
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

describe('PRT-ODATA writes, status codes and ETags', () => {
  it('creates (201 / 204 minimal), patches (204 / 200), replaces, upserts and deletes', async () => {
    const created = await odata(app, 'POST', '/odata/tasks', {
      title: 'Fresh task',
      'project_ref@odata.bind': `projects('${projects[0]?.id ?? ''}')`,
      '@odata.type': '#ObjectStack.tasks',
    })
    expect(created.status).toBe(201)
    const id = String(created.body['id'])
    expect(created.headers['location']).toBe(`http://localhost:80/odata/tasks('${id}')`)
    expect(created.body).toMatchObject({
      project: projects[0]?.id,
      priority: 'normal',
      done: false,
    })
    const minimal = await odata(
      app,
      'POST',
      '/odata/users',
      { name: 'Ada', email: 'ada@example.com' },
      { prefer: 'return=minimal' },
    )
    expect(minimal.status).toBe(204)
    expect(minimal.headers['odata-entityid']).toMatch(/\/odata\/users\('.+'\)$/)
    const patched = await odata(app, 'PATCH', `/odata/tasks('${id}')`, { done: true })
    expect(patched.status).toBe(204)
    expect(patched.headers['etag']).not.toBe(created.headers['etag'])
    const represented = await odata(
      app,
      'PATCH',
      `/odata/tasks('${id}')`,
      { estimate_hours: 2 },
      { prefer: 'return=representation' },
    )
    expect(represented).toMatchObject({ status: 200, body: { done: true, estimate_hours: 2 } })
    const replaced = await odata(
      app,
      'PUT',
      `/odata/tasks('${id}')`,
      { title: 'Replaced', project: projects[1]?.id },
      { prefer: 'return=representation' },
    )
    expect(replaced.body).toMatchObject({
      title: 'Replaced',
      done: false,
      priority: 'normal',
      estimate_hours: null,
    })
    const upsert = await odata(app, 'PUT', "/odata/tasks('chosen-key')", {
      title: 'Upserted',
      project: projects[1]?.id,
    })
    expect(upsert.status).toBe(201)
    expect(await kernel.findOne('tasks', 'chosen-key')).toMatchObject({ title: 'Upserted' })
    expect((await odata(app, 'DELETE', "/odata/tasks('chosen-key')")).status).toBe(204)
    expect((await odata(app, 'DELETE', "/odata/tasks('chosen-key')")).status).toBe(404)
    expect((await odata(app, 'DELETE', `/odata/tasks('${id}')`)).status).toBe(204)
  })

  it('honours If-Match (412) and If-None-Match (304 / 412)', async () => {
    const task = await kernel.create('tasks', { title: 'Guarded', project: projects[0]?.id })
    const url = `/odata/tasks('${task.id}')`
    const read = await odata(app, 'GET', url)
    const etag = String(read.headers['etag'])
    expect(etag).toMatch(/^W\/".+"$/)
    expect(read.body['@odata.etag']).toBe(etag)
    const notModified = await odata(app, 'GET', url, undefined, { 'if-none-match': etag })
    expect(notModified.status).toBe(304)
    expect(notModified.text).toBe('')
    expect((await odata(app, 'GET', url, undefined, { 'if-none-match': 'W/"other"' })).status).toBe(
      200,
    )
    const updated = await odata(app, 'PATCH', url, { done: true }, { 'if-match': etag })
    expect(updated.status).toBe(204)
    const before = await snapshot(kernel)
    const stale = await odata(app, 'PATCH', url, { title: 'Lost update' }, { 'if-match': etag })
    expect(stale).toMatchObject({
      status: 412,
      body: { error: { code: 'PRECONDITION_FAILED', target: 'If-Match' } },
    })
    expect((await odata(app, 'DELETE', url, undefined, { 'if-match': etag })).status).toBe(412)
    expect(
      (await odata(app, 'PUT', url, { title: 'Only insert' }, { 'if-none-match': '*' })).status,
    ).toBe(412)
    expect(
      (
        await odata(
          app,
          'PATCH',
          "/odata/tasks('absent')",
          { title: 'No upsert' },
          { 'if-match': '*' },
        )
      ).status,
    ).toBe(412)
    expect(await snapshot(kernel)).toEqual(before)
    expect(
      (await odata(app, 'DELETE', url, undefined, { 'if-match': String(updated.headers['etag']) }))
        .status,
    ).toBe(204)
  })

  it('rejects bad writes with coded errors and writes nothing', async () => {
    const before = await snapshot(kernel)
    expect(await odata(app, 'POST', '/odata/tasks', { title: 'x', project: 5 })).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    })
    expect(
      await odata(app, 'POST', '/odata/tasks', { title: 'Fine', project: 'p', colour: 'red' }),
    ).toMatchObject({ status: 400, body: { error: { code: 'INVALID_FIELD' } } })
    expect(
      await odata(app, 'POST', '/odata/tasks', { title: 'Deep', project_ref: { name: 'x' } }),
    ).toMatchObject({ status: 501 })
    expect(await odata(app, 'PATCH', "/odata/tasks('a')", { id: 'b' })).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_REQUEST' } },
    })
    expect(await odata(app, 'POST', '/odata/tasks', [1, 2])).toMatchObject({ status: 400 })
    // A key with a lone surrogate has no URL (no Location could name it): refused up front.
    const lone = await odata(app, 'POST', '/odata/tasks', {
      id: 'a\uD800b',
      title: 'Lone',
      project: projects[0]?.id,
    })
    expect(lone).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } })
    expect(lone.headers['location']).toBeUndefined()
    expect(await kernel.findOne('tasks', 'a\uD800b')).toBeNull()
    const text = await app.inject({
      method: 'POST',
      url: '/odata/tasks',
      headers: { 'content-type': 'text/plain' },
      payload: 'hi',
    })
    expect(text.statusCode).toBe(415)
    expect(JSON.parse(text.body)).toMatchObject({ error: { code: 'INVALID_REQUEST' } })
    expect(await snapshot(kernel)).toEqual(before)
  })
})

describe('PRT-ODATA errors: 400, 404, 405, 406, 501', () => {
  it('answers every failure in the OData error format with the right status', async () => {
    const cases: [string, string, number, string][] = [
      ['GET', '/odata/nope', 404, 'OBJECT_NOT_FOUND'],
      ['GET', `/odata/tasks?$filter=${q('title eq')}`, 400, 'INVALID_FILTER'],
      ['GET', `/odata/tasks?$filter=${q("tolower(title) eq 'x'")}`, 501, 'NOT_SUPPORTED'],
      ['GET', '/odata/tasks?$apply=aggregate(x)', 501, 'NOT_SUPPORTED'],
      ['GET', '/odata/tasks?$frobnicate=1', 400, 'INVALID_REQUEST'],
      ['GET', '/odata/tasks?$top=1&$top=2', 400, 'INVALID_REQUEST'],
      ['GET', '/odata/tasks?$top=-1', 400, 'INVALID_QUERY'],
      ['GET', '/odata/tasks?$select=nope', 400, 'INVALID_FIELD'],
      ['GET', '/odata/tasks?$search=blue', 501, 'NOT_SUPPORTED'],
      ['GET', '/odata/tasks?$format=atom', 406, 'INVALID_REQUEST'],
      ['PUT', '/odata/tasks', 405, 'INVALID_REQUEST'],
      ['GET', "/odata/tasks('a')/project_ref/$ref", 501, 'NOT_SUPPORTED'],
      ['GET', "/odata/tasks('a'b')", 400, 'INVALID_REQUEST'],
      ['GET', '/odata/tasks?$filter=%E0%A4%A', 400, 'INVALID_REQUEST'],
    ]
    for (const [method, url, status, code] of cases) {
      const reply = await odata(app, method as 'GET', url)
      expect({
        url,
        status: reply.status,
        code: (reply.body['error'] as { code?: string } | undefined)?.code,
      }).toEqual({ url, status, code })
      expect(reply.headers['odata-version']).toBeDefined()
    }
    expect((await odata(app, 'PUT', '/odata/tasks')).headers['allow']).toBe('GET, POST')
    const filter = await odata(app, 'GET', `/odata/tasks?$filter=${q('title eq 5')}`)
    expect(filter.body).toMatchObject({ error: { code: 'INVALID_FILTER', target: '$filter' } })
  })
})
