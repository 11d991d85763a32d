import { afterEach, describe, expect, it, onTestFinished } from 'vitest'
import type { ObjectConfig } from '../kernel/spec/object-config.js'
import type { ProtocolPlugin } from '../protocols/common/protocol-plugin.js'
import { graphqlProtocol } from '../protocols/graphql/index.js'
import { jsonRpcProtocol } from '../protocols/json-rpc/json-rpc-server.js'
import { createODataProtocol } from '../protocols/odata/index.js'
import { restProtocol } from '../protocols/rest/rest-server.js'
import { PluginBuilder } from './plugin-builder.js'
import { PluginTestHarness } from './plugin-test-harness.js'

const users: ObjectConfig = {
  name: 'users',
  fields: {
    name: { type: 'text', required: true },
    source: { type: 'text' },
    active: { type: 'boolean' },
  },
}

// Stamps the caller's id, so a record shows which user its create ran as.
const stamp = new PluginBuilder()
  .name('stamp')
  .version('1.0.0')
  .hook('beforeCreate', 'users', (ctx) => {
    ctx.data = { ...ctx.data, source: ctx.user?.id ?? 'anonymous' }
  })
  .action('users', 'deactivate', async ({ id, api }) =>
    api.update('users', id ?? '', { active: false }),
  )
  .build()

describe('PluginTestHarness.withProtocol + inject', () => {
  afterEach(() => PluginTestHarness.stopAll())

  it('answers REST, GraphQL, JSON-RPC and OData requests without a socket', async () => {
    const harness = new PluginTestHarness({ cleanup: onTestFinished })
      .withPlugin(stamp)
      .withObject(users)
      .withProtocol(restProtocol)
      .withProtocol(graphqlProtocol)
      .withProtocol(jsonRpcProtocol)
      .withProtocol((kernel) => createODataProtocol({ kernel }))
    await harness.start()

    const res = await harness.inject({
      method: 'POST',
      url: '/api/data/users',
      payload: { name: 'Alice' },
    })
    expect(res.statusCode).toBe(201)
    const alice = res.json<{ id: string; name: string; source: string }>()
    expect(alice).toMatchObject({ name: 'Alice', source: 'anonymous' })
    expect(res.headers['location']).toBe(`/api/data/users/${alice.id}`)
    expect(await harness.findOne('users', alice.id)).toMatchObject({ name: 'Alice' })

    const gql = await harness.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: `{ users(id: "${alice.id}") { name } }` },
    })
    expect(gql.json()).toEqual({ data: { users: { name: 'Alice' } } })

    const rpc = await harness.inject({
      method: 'POST',
      url: '/rpc',
      payload: {
        jsonrpc: '2.0',
        id: 1,
        method: 'action.execute',
        params: { actionName: 'users:deactivate', params: { id: alice.id } },
      },
    })
    expect(rpc.json()).toMatchObject({ id: 1, result: { id: alice.id, active: false } })

    const odata = await harness.inject(`/odata/users?$filter=name eq 'Alice'&$select=active`)
    expect(odata.statusCode).toBe(200)
    expect(odata.json<{ value: unknown[] }>().value).toEqual([{ id: alice.id, active: false }])

    harness.expectHook('beforeCreate', 'users').toHaveRun(1)
    harness.expectHook('beforeUpdate', 'users').toHaveRunWith({ data: { active: false } })
    harness.expectEvent('data:created', { object: 'users', id: alice.id }).toHaveFired(1)
    harness.expectEvent('data:updated', { object: 'users' }).toHaveFiredWith({ id: alice.id })
  })

  it("requests run as the harness's current user, read per request", async () => {
    const harness = new PluginTestHarness({ cleanup: onTestFinished })
      .withPlugin(stamp)
      .withObject(users)
      .withProtocol(restProtocol)
      .withProtocol((kernel) => createODataProtocol({ kernel }))
      .withUser({ id: 'admin-1', roles: ['admin'] })
    await harness.start()
    const post = (name: string) =>
      harness.inject({ method: 'POST', url: '/api/data/users', payload: { name } })
    expect((await post('By admin')).json()).toMatchObject({ source: 'admin-1' })
    harness.expectHook('beforeCreate', 'users').toHaveRunWith({ user: { id: 'admin-1' } })
    harness.expectEvent('data:created').toHaveFiredWith({ actor: { userId: 'admin-1' } })

    harness.withUser({ id: 'guest-7' })
    expect((await post('By guest')).json()).toMatchObject({ source: 'guest-7' })

    // An OData changeset runs in a kernel transaction: the factory's kernel carries the user too.
    const batch = await harness.inject({
      method: 'POST',
      url: '/odata/$batch',
      payload: {
        requests: [
          {
            id: 'a',
            method: 'POST',
            url: 'users',
            body: { name: 'In batch' },
            atomicityGroup: 'g',
          },
        ],
      },
    })
    expect(batch.statusCode).toBe(200)
    expect(await harness.find('users', { where: { name: 'In batch' } })).toMatchObject([
      { source: 'guest-7' },
    ])

    harness.withUser(undefined)
    expect((await post('Anonymous')).json()).toMatchObject({ source: 'anonymous' })
  })

  it('mounts at another path, passes protocol limits, and maps errors per protocol', async () => {
    const harness = new PluginTestHarness({
      cleanup: onTestFinished,
      protocolLimits: { maxPageSize: 2 },
    })
      .withObject(users)
      .withProtocol(restProtocol, { path: '/v2' })
    await harness.start()
    await harness.createMany('users', [{ name: 'A' }, { name: 'B' }, { name: 'C' }])
    const page = await harness.inject('/v2/api/data/users?limit=2')
    expect(page.json<{ items: unknown[] }>().items).toHaveLength(2)
    const tooMany = await harness.inject('/v2/api/data/users?limit=3')
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json()).toMatchObject({ error: { code: 'LIMIT_EXCEEDED' } })
    const invalid = await harness.inject({ method: 'POST', url: '/v2/api/data/users', payload: {} })
    expect(invalid.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
    expect((await harness.inject('/api/data/users')).statusCode).toBe(404)
    harness.expectHook('beforeCreate', 'users').toHaveRun(3)
  })

  it('fails with coded errors: no protocol, before start, after stop, late or bad config', async () => {
    const none = new PluginTestHarness({ cleanup: onTestFinished }).withObject(users)
    await none.start()
    await expect(none.inject('/api/data/users')).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('withProtocol') as unknown,
    })
    expect(() => none.withProtocol(restProtocol)).toThrow(
      expect.objectContaining({ code: 'KERNEL_STATE' }),
    )
    expect(() =>
      new PluginTestHarness().withProtocol({ name: 'broken' } as unknown as ProtocolPlugin),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))

    const harness = new PluginTestHarness().withObject(users).withProtocol(restProtocol)
    await expect(harness.inject('/api/data/users')).rejects.toMatchObject({
      code: 'KERNEL_STATE',
      message: expect.stringContaining('before start()') as unknown,
    })
    await harness.start()
    expect((await harness.inject('/api/data/users')).statusCode).toBe(200)
    await harness.stop()
    await expect(harness.inject('/api/data/users')).rejects.toMatchObject({
      code: 'KERNEL_STATE',
      message: expect.stringContaining('after stop()') as unknown,
    })
  })

  it('stop() closes the host; a protocol that fails to mount fails start and stops the kernel', async () => {
    let closed = 0
    const probe: ProtocolPlugin = {
      name: 'probe',
      defaultPort: 0,
      defaultPath: '/probe',
      async mount(fastify, bridge) {
        fastify.get('/probe/objects', async () => bridge.getMetaTypes())
        fastify.addHook('onClose', async () => {
          closed += 1
        })
      },
    }
    const harness = new PluginTestHarness().withObject(users).withProtocol(probe)
    await harness.start()
    expect((await harness.inject('/probe/objects')).json()).toEqual(['users'])
    await harness.stop()
    await harness.stop()
    expect(closed).toBe(1)
    expect(harness.state).toBe('stopped')

    const twice = new PluginTestHarness()
      .withObject(users)
      .withProtocol(restProtocol)
      .withProtocol(restProtocol)
    await expect(twice.start()).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
    expect(twice.state).toBe('stopped')
  })
})
