import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../errors.js'
import { EventBus } from './event-bus.js'
import { InProcessChannel, InProcessTransport } from './event-transport.js'
import { isJsonSerializable } from './json-value.js'
import type { ObjectQLError } from '../errors.js'
import type { EventMeta } from './event-bus.js'
import type { JsonValue } from './json-value.js'
import type { DataUpdatedEvent, KernelEvents } from './kernel-events.js'

const updated: DataUpdatedEvent = {
  object: 'tasks',
  id: 't1',
  record: { id: 't1', title: 'Ship', done: true, tags: ['a', 'b'], meta: { n: 1 } },
  previous: { id: 't1', title: 'Ship', done: false, tags: ['a'], meta: { n: 1 } },
  changed: ['done', 'tags'],
}

interface Node {
  readonly bus: EventBus<KernelEvents>
  readonly failures: ObjectQLError[]
}

async function node(channel: InProcessChannel): Promise<Node> {
  const failures: ObjectQLError[] = []
  const bus = new EventBus<KernelEvents>({ onListenerError: (error) => void failures.push(error) })
  await bus.useTransport(new InProcessTransport(channel))
  return { bus, failures }
}

describe('InProcessTransport', () => {
  it('delivers to other transports on the channel, never back to the sender', async () => {
    const channel = new InProcessChannel()
    const a = new InProcessTransport(channel)
    const b = new InProcessTransport(channel)
    const c = new InProcessTransport(channel)
    const seen: string[] = []
    a.subscribe((event) => void seen.push(`a:${event}`))
    b.subscribe((event) => void seen.push(`b:${event}`))
    c.subscribe((event) => void seen.push(`c:${event}`))
    await a.publish('data:deleted', { object: 'tasks', id: '1' })
    expect(seen).toEqual(['b:data:deleted', 'c:data:deleted'])
  })

  it('hands each receiver its own copy of the payload', async () => {
    const channel = new InProcessChannel()
    const sender = new InProcessTransport(channel)
    const receiver = new InProcessTransport(channel)
    const payload = { nested: { list: [1, 2] } }
    let received: JsonValue | undefined
    receiver.subscribe((_event, value) => void (received = value))
    await sender.publish('x', payload)
    expect(received).toEqual(payload)
    expect(received).not.toBe(payload)
  })

  it('rejects payloads that are not plain JSON, naming the offending path', async () => {
    const transport = new InProcessTransport()
    const withDate = { due: new Date(0) } as unknown as JsonValue
    const error = await transport.publish('data:created', withDate).catch((e: unknown) => e)
    expect(hasErrorCode(error, 'INTERNAL_ERROR')).toBe(true)
    expect((error as Error).message).toContain('$.due is a Date, not a plain object')
  })

  it('unsubscribe and close stop delivery; publish after close is KERNEL_STATE', async () => {
    const channel = new InProcessChannel()
    const a = new InProcessTransport(channel)
    const b = new InProcessTransport(channel)
    const seen: string[] = []
    const off = b.subscribe((event) => void seen.push(event))
    off()
    await a.publish('one', 1)
    b.subscribe((event) => void seen.push(event))
    await b.close()
    await a.publish('two', 2)
    expect(seen).toEqual([])
    await a.close()
    const error = await a.publish('three', 3).catch((e: unknown) => e)
    expect(hasErrorCode(error, 'KERNEL_STATE')).toBe(true)
  })

  it('a failing subscriber rejects publish with the cause kept', async () => {
    const channel = new InProcessChannel()
    const a = new InProcessTransport(channel)
    new InProcessTransport(channel).subscribe(() => {
      throw new Error('receiver broke')
    })
    const error = await a.publish('e', null).catch((e: unknown) => e)
    expect(hasErrorCode(error, 'INTERNAL_ERROR')).toBe(true)
    expect((error as Error).cause).toBeInstanceOf(AggregateError)
  })

  it('property: any JSON value crosses the transport deep-equal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ noUnicodeString: false }), async (value) => {
        const channel = new InProcessChannel()
        const sender = new InProcessTransport(channel)
        const receiver = new InProcessTransport(channel)
        let received: unknown = Symbol('nothing')
        receiver.subscribe((_event, payload) => void (received = payload))
        expect(isJsonSerializable(value)).toBe(true)
        await sender.publish('e', value)
        // -0 is the one JSON value that does not survive (it arrives as 0); compare through JSON.
        expect(received).toEqual(JSON.parse(JSON.stringify(value)))
      }),
      { seed: 7, numRuns: 150 },
    )
  })
})

describe('EventBus over a transport (a two-node cluster in one process)', () => {
  it('forwards data and metadata events to the other node with origin "remote"', async () => {
    const channel = new InProcessChannel()
    const a = await node(channel)
    const b = await node(channel)
    const onA: string[] = []
    const onB: [DataUpdatedEvent, EventMeta][] = []
    a.bus.on('data:updated', (_p, meta) => void onA.push(meta.origin))
    b.bus.on('data:updated', (payload, meta) => void onB.push([payload, meta]))
    await a.bus.emit('data:updated', updated)
    expect(onA).toEqual(['local'])
    expect(onB).toEqual([[updated, { origin: 'remote' }]])
    expect(onB[0]?.[0]).not.toBe(updated)
  })

  it('keeps lifecycle events local by default, and honours a custom forward filter', async () => {
    const channel = new InProcessChannel()
    const a = await node(channel)
    const b = await node(channel)
    const seen: string[] = []
    b.bus.on('kernel:started', () => void seen.push('kernel:started'))
    b.bus.on('metadata:registered', () => void seen.push('metadata:registered'))
    await a.bus.emit('kernel:started', { plugins: ['x'], durationMs: 3 })
    await a.bus.emit('metadata:registered', { type: 'object', name: 'tasks' })
    expect(seen).toEqual(['metadata:registered'])

    const c = new EventBus<KernelEvents>()
    await c.useTransport(new InProcessTransport(channel), {
      forward: (e) => e === 'kernel:started',
    })
    await c.emit('kernel:started', { plugins: [], durationMs: 1 })
    expect(seen).toEqual(['metadata:registered', 'kernel:started'])
  })

  it('does not publish a non-JSON payload but still delivers it locally and reports it', async () => {
    const channel = new InProcessChannel()
    const a = await node(channel)
    const b = await node(channel)
    const local: unknown[] = []
    const remote: unknown[] = []
    a.bus.on('data:created', (p) => void local.push(p))
    b.bus.on('data:created', (p) => void remote.push(p))
    const payload = { object: 'tasks', id: 't1', record: { id: 't1', due: new Date(0) } }
    await a.bus.emit('data:created', payload)
    expect(local).toEqual([payload])
    expect(remote).toEqual([])
    expect(a.failures).toHaveLength(1)
    expect(a.failures[0]?.message).toContain(
      "event 'data:created' was not published: $.record.due is a Date",
    )
  })

  it('reports a remote listener failure on the receiving node, not the sender', async () => {
    const channel = new InProcessChannel()
    const a = await node(channel)
    const b = await node(channel)
    b.bus.on('data:deleted', () => {
      throw new Error('remote cache broke')
    })
    await a.bus.emit('data:deleted', { object: 'tasks', id: 't9' })
    expect(a.failures).toEqual([])
    expect(b.failures.map((e) => e.message)).toEqual([
      "a listener of event 'data:deleted' failed: remote cache broke",
    ])
  })

  it('close() closes the transport; a second transport is KERNEL_STATE', async () => {
    const channel = new InProcessChannel()
    const a = await node(channel)
    const b = await node(channel)
    const seen: string[] = []
    b.bus.on('data:deleted', () => void seen.push('b'))
    const error = await a.bus.useTransport(new InProcessTransport(channel)).catch((e: unknown) => e)
    expect(hasErrorCode(error, 'KERNEL_STATE')).toBe(true)
    await b.bus.close()
    await a.bus.emit('data:deleted', { object: 'tasks', id: 't1' })
    expect(seen).toEqual([])
    expect(a.failures).toEqual([])
  })
})
