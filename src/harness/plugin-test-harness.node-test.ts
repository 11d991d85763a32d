/**
 * The harness under node:test (no vitest anywhere), proving it is runner-neutral. Run with:
 *   node --import tsx --test src/harness/plugin-test-harness.node-test.ts
 * (node:test's describe/it return promises the runner tracks; `void` marks them as handled.)
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hasErrorCode } from '../kernel/errors.js'
import type { ObjectConfig } from '../kernel/spec/object-config.js'
import { restProtocol } from '../protocols/rest/index.js'
import { PluginBuilder, PluginTestHarness } from './index.js'

const tickets: ObjectConfig = {
  name: 'tickets',
  fields: {
    title: { type: 'text', required: true, maxLength: 50 },
    priority: { type: 'number', min: 1, max: 5 },
    status: {
      type: 'select',
      options: [
        { label: 'Open', value: 'open' },
        { label: 'Done', value: 'done' },
      ],
    },
  },
}

const defaults = new PluginBuilder()
  .name('ticket-defaults')
  .version('1.0.0')
  .hook('beforeCreate', 'tickets', (ctx) => {
    ctx.data = { status: 'open', ...ctx.data }
  })
  .action('tickets', 'close', ({ id, api }) => api.update('tickets', id ?? '', { status: 'done' }))
  .build()

void describe('PluginTestHarness under node:test', () => {
  void it('boots, runs hooks and actions, and records them', async (t) => {
    const harness = new PluginTestHarness({ cleanup: (stop) => t.after(stop) })
      .withPlugin(defaults)
      .withObject(tickets)
    await harness.start()
    const ticket = await harness.create('tickets', { title: 'Printer on fire', priority: 5 })
    assert.equal(ticket.status, 'open')
    const closed = await harness.executeAction('tickets', 'close', { id: ticket.id })
    assert.deepEqual((closed as { status: string }).status, 'done')
    harness.expectHook('beforeCreate', 'tickets').toHaveRun(1)
    harness
      .expectEvent('data:updated', { object: 'tickets' })
      .toHaveFiredWith({ changed: ['status'] })
  })

  void it('fails assertions with node:assert AssertionErrors', async (t) => {
    const harness = new PluginTestHarness({ cleanup: (stop) => t.after(stop) }).withObject(tickets)
    await harness.start()
    await harness.seed('tickets', 3)
    harness.expectHook('beforeCreate', 'tickets').toHaveRun(3)
    assert.throws(() => harness.expectHook('beforeCreate', 'tickets').toHaveRun(4), {
      name: 'AssertionError',
      actual: 3,
      expected: 4,
    })
  })

  void it('injects requests into a mounted protocol and records what they cause', async (t) => {
    const harness = new PluginTestHarness({ cleanup: (stop) => t.after(stop) })
      .withPlugin(defaults)
      .withObject(tickets)
      .withProtocol(restProtocol)
    await harness.start()
    const res = await harness.inject({
      method: 'POST',
      url: '/api/data/tickets',
      payload: { title: 'Over HTTP', priority: 2 },
    })
    assert.equal(res.statusCode, 201)
    const created = res.json<{ id: string; status: string }>()
    assert.equal(created.status, 'open')
    const closed = await harness.inject({
      method: 'POST',
      url: '/api/actions/tickets/close',
      payload: { id: created.id },
    })
    assert.equal(closed.json<{ result: { status: string } }>().result.status, 'done')
    const bad = await harness.inject({ method: 'POST', url: '/api/data/tickets', payload: {} })
    assert.equal(bad.statusCode, 400)
    harness.expectHook('beforeCreate', 'tickets').toHaveRun(1)
    harness.expectEvent('data:updated', { object: 'tickets', id: created.id }).toHaveFired(1)
  })

  void it('injects faults and cleans up', async (t) => {
    const harness = new PluginTestHarness({ cleanup: (stop) => t.after(stop) }).withObject(tickets)
    await harness.start()
    harness.faults().failOnCall(1, 'DRIVER_UNAVAILABLE', { methods: ['create'] })
    await assert.rejects(harness.create('tickets', { title: 'x' }), (error: unknown) =>
      hasErrorCode(error, 'DRIVER_UNAVAILABLE'),
    )
    assert.equal(await harness.count('tickets'), 0)
    await harness.stop()
    assert.equal(harness.state, 'stopped')
  })
})
