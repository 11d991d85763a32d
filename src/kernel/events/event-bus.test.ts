import { afterEach, describe, expect, it, vi } from 'vitest'
import { ObjectQLError, hasErrorCode } from '../errors.js'
import { EventBus } from './event-bus.js'
import type { ListenerErrorInfo } from './event-bus.js'
import type { DataCreatedEvent, KernelEvents } from './kernel-events.js'

const created: DataCreatedEvent = {
  object: 'tasks',
  id: 't1',
  record: { id: 't1', title: 'Write tests', done: false },
}

function collecting(): {
  bus: EventBus<KernelEvents>
  failures: [ObjectQLError, ListenerErrorInfo][]
} {
  const failures: [ObjectQLError, ListenerErrorInfo][] = []
  const bus = new EventBus<KernelEvents>({
    onListenerError: (error, info) => void failures.push([error, info]),
  })
  return { bus, failures }
}

describe('EventBus: subscriptions', () => {
  it('calls handlers in subscription order with the payload and a local origin', async () => {
    const { bus } = collecting()
    const calls: string[] = []
    bus.on('data:created', (payload, meta) => void calls.push(`1:${payload.id}:${meta.origin}`))
    bus.on('data:created', async (payload) => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      calls.push(`2:${payload.object}`)
    })
    bus.on('data:created', () => void calls.push('3'))
    await bus.emit('data:created', created)
    // The async second handler finished before the third started: handlers are awaited in turn.
    expect(calls).toEqual(['1:t1:local', '2:tasks', '3'])
  })

  it('only calls handlers of the emitted event', async () => {
    const { bus } = collecting()
    const calls: string[] = []
    bus.on('data:deleted', () => void calls.push('deleted'))
    await bus.emit('data:created', created)
    expect(calls).toEqual([])
  })

  it('on() returns an unsubscribe that removes exactly that subscription', async () => {
    const { bus } = collecting()
    const calls: string[] = []
    const handler = () => void calls.push('h')
    const offFirst = bus.on('kernel:started', handler)
    bus.on('kernel:started', handler)
    offFirst()
    offFirst() // idempotent
    await bus.emit('kernel:started', { plugins: [], durationMs: 1 })
    expect(calls).toEqual(['h'])
    expect(bus.listenerCount('kernel:started')).toBe(1)
  })

  it('off() removes the earliest subscription of a handler', async () => {
    const { bus } = collecting()
    const calls: string[] = []
    const a = () => void calls.push('a')
    bus.on('kernel:stopped', a)
    expect(bus.off('kernel:stopped', a)).toBe(true)
    expect(bus.off('kernel:stopped', a)).toBe(false)
    await bus.emit('kernel:stopped', { durationMs: 0 })
    expect(calls).toEqual([])
    expect(bus.listenerCount()).toBe(0)
  })

  it('once() runs for the next emission only, also under re-entrant emits', async () => {
    const { bus } = collecting()
    const calls: string[] = []
    bus.once('kernel:stopping', async (payload) => {
      calls.push(`once:${payload.reason ?? ''}`)
      await bus.emit('kernel:stopping', { reason: 'nested' })
    })
    bus.on('kernel:stopping', (payload) => void calls.push(`on:${payload.reason ?? ''}`))
    await bus.emit('kernel:stopping', { reason: 'outer' })
    await bus.emit('kernel:stopping', { reason: 'again' })
    expect(calls).toEqual(['once:outer', 'on:nested', 'on:outer', 'on:again'])
  })

  it('subscriptions added during an emission take effect from the next one', async () => {
    const { bus } = collecting()
    const calls: string[] = []
    bus.on('kernel:starting', () => {
      bus.on('kernel:starting', () => void calls.push('late'))
      calls.push('first')
    })
    await bus.emit('kernel:starting', { plugins: [] })
    expect(calls).toEqual(['first'])
  })

  it('rejects a non-function handler with HOOK_INVALID', () => {
    const { bus } = collecting()
    expect(() => bus.on('data:created', 'nope' as unknown as () => void)).toThrow(ObjectQLError)
  })
})

describe('EventBus: failing listeners', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('a throwing listener does not stop the others or the emit, and is reported', async () => {
    const { bus, failures } = collecting()
    const calls: string[] = []
    bus.on('data:created', () => {
      throw new Error('index down')
    })
    bus.on('data:created', async () => {
      await Promise.resolve()
      throw new ObjectQLError('DRIVER_UNAVAILABLE', 'search offline', { details: { host: 'es' } })
    })
    bus.on('data:created', () => void calls.push('third'))
    await expect(bus.emit('data:created', created)).resolves.toBeUndefined()
    expect(calls).toEqual(['third'])
    expect(failures).toHaveLength(2)
    const [first, second] = failures
    expect(first?.[0].code).toBe('INTERNAL_ERROR')
    expect(first?.[0].message).toBe("a listener of event 'data:created' failed: index down")
    expect((first?.[0].cause as Error).message).toBe('index down')
    expect(first?.[1]).toEqual({ event: 'data:created', source: 'listener' })
    expect(second?.[0].code).toBe('DRIVER_UNAVAILABLE')
    expect(second?.[0].details).toEqual({ host: 'es', event: 'data:created' })
  })

  it('without onListenerError, failures become process warnings (never silent)', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    const bus = new EventBus<KernelEvents>()
    bus.on('data:created', () => {
      throw new Error('unheard')
    })
    await bus.emit('data:created', created)
    expect(warn).toHaveBeenCalledWith("a listener of event 'data:created' failed: unheard", {
      type: 'ObjectQLEventError',
      code: 'INTERNAL_ERROR',
    })
  })

  it('a throwing onListenerError falls back to warnings for both errors', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    const bus = new EventBus<KernelEvents>({
      onListenerError: () => {
        throw new Error('reporter broke')
      },
    })
    bus.on('data:created', () => {
      throw new Error('listener broke')
    })
    await bus.emit('data:created', created)
    const messages = warn.mock.calls.map((call) => String(call[0]))
    expect(messages).toEqual([
      'onListenerError threw while reporting: reporter broke',
      "a listener of event 'data:created' failed: listener broke",
    ])
  })
})

describe('EventBus: close', () => {
  it('drops listeners and rejects later emits with KERNEL_STATE', async () => {
    const { bus } = collecting()
    bus.on('data:created', () => undefined)
    await bus.close()
    await bus.close() // idempotent
    expect(bus.listenerCount()).toBe(0)
    const error = await bus.emit('data:created', created).catch((e: unknown) => e)
    expect(hasErrorCode(error, 'KERNEL_STATE')).toBe(true)
  })

  it('works with custom event maps', async () => {
    const bus = new EventBus<{ 'cache:evicted': { key: string } }>()
    const keys: string[] = []
    bus.on('cache:evicted', ({ key }) => void keys.push(key))
    await bus.emit('cache:evicted', { key: 'k1' })
    expect(keys).toEqual(['k1'])
  })
})
