import { ObjectQLError, isObjectQLError } from '../errors.js'
import { findJsonProblem } from './json-value.js'
import { isClusterEvent } from './kernel-events.js'
import type { EventTransport } from './event-transport.js'
import type { JsonValue } from './json-value.js'
import type { KernelEvents } from './kernel-events.js'

/** Where an event came from: this process, or another node through the transport. */
export interface EventMeta {
  readonly origin: 'local' | 'remote'
}

/** A listener; it may be async, and the bus awaits it before calling the next one. */
export type EventHandler<P> = (payload: P, meta: EventMeta) => void | Promise<void>

/** Context passed with a reported listener or transport failure. */
export interface ListenerErrorInfo {
  readonly event: string
  /** `listener`: a handler threw; `transport`: publishing or receiving through the transport failed. */
  readonly source: 'listener' | 'transport'
}

/** Receives every failure the bus caught so that it did not stop the emitting operation. */
export type ListenerErrorHandler = (error: ObjectQLError, info: ListenerErrorInfo) => void

/** Options for {@link EventBus}. */
export interface EventBusOptions {
  /**
   * Called for each listener or transport failure. Without it, failures become process warnings
   * (`process.emitWarning`, type `ObjectQLEventError`): reported, never dropped.
   */
  readonly onListenerError?: ListenerErrorHandler
}

/** Options for {@link EventBus.useTransport}. */
export interface TransportOptions {
  /** Which events to publish; default: `data:*` and `metadata:*` (see `isClusterEvent`). */
  readonly forward?: (event: string) => boolean
}

interface Listener {
  readonly handler: EventHandler<never>
  readonly once: boolean
}

/**
 * A typed in-process event bus. Listeners run one after another in subscription order; a
 * listener that throws does not stop the others or the operation that emitted: the error is
 * wrapped (message naming the event, original as cause) and passed to `onListenerError`.
 *
 * With {@link useTransport}, selected events are also published to other nodes, and events from
 * other nodes are delivered to local listeners with `meta.origin === 'remote'` (never re-published).
 *
 * @example
 * const bus = new EventBus({ onListenerError: (err) => log.error(err) })
 * const off = bus.on('data:created', ({ object, id }) => cache.invalidate(object, id))
 * await bus.emit('data:created', { object: 'tasks', id: 't1', record })
 */
export class EventBus<E extends object = KernelEvents> {
  private readonly listeners = new Map<string, Listener[]>()
  private transport: EventTransport | undefined
  private forward: (event: string) => boolean = isClusterEvent
  private unsubscribeTransport: (() => void) | undefined
  private closed = false

  constructor(private readonly options: EventBusOptions = {}) {}

  /** Subscribes `handler` to `event`; returns a function that unsubscribes exactly this subscription. */
  on<K extends keyof E & string>(event: K, handler: EventHandler<E[K]>): () => void {
    return this.add(event, handler, false)
  }

  /** Like {@link on}, but the handler runs for the next emission only. */
  once<K extends keyof E & string>(event: K, handler: EventHandler<E[K]>): () => void {
    return this.add(event, handler, true)
  }

  /** Removes the earliest subscription of `handler` to `event`; true when one was removed. */
  off<K extends keyof E & string>(event: K, handler: EventHandler<E[K]>): boolean {
    const list = this.listeners.get(event)
    const index = list?.findIndex((l) => l.handler === handler) ?? -1
    if (list === undefined || index < 0) return false
    list.splice(index, 1)
    if (list.length === 0) this.listeners.delete(event)
    return true
  }

  /** How many subscriptions `event` has (all events when omitted). */
  listenerCount(event?: keyof E & string): number {
    if (event !== undefined) return this.listeners.get(event)?.length ?? 0
    let total = 0
    for (const list of this.listeners.values()) total += list.length
    return total
  }

  /**
   * Runs every listener of `event` in order, awaiting each, then publishes to the transport when
   * the event is forwarded. Resolves after all of that, even when listeners failed (their errors
   * go to `onListenerError`). Rejects only with `KERNEL_STATE` after {@link close}.
   */
  async emit<K extends keyof E & string>(event: K, payload: E[K]): Promise<void> {
    if (this.closed) {
      throw new ObjectQLError('KERNEL_STATE', `cannot emit '${event}': the event bus is closed`, {
        details: { event },
      })
    }
    await this.deliver(event, payload, { origin: 'local' })
    const transport = this.transport
    if (transport === undefined || !this.forward(event)) return
    const problem = findJsonProblem(payload)
    if (problem !== undefined) {
      this.report(
        new ObjectQLError(
          'INTERNAL_ERROR',
          `event '${event}' was not published: ${problem} (payloads crossing a transport must be plain JSON)`,
          { details: { event, problem } },
        ),
        { event, source: 'transport' },
      )
      return
    }
    try {
      await transport.publish(event, payload as JsonValue)
    } catch (error) {
      this.report(this.wrap(error, event, 'publishing'), { event, source: 'transport' })
    }
  }

  /**
   * Connects a transport: from now on forwarded events are published to it, and events from other
   * nodes reach local listeners. The bus owns the transport afterwards and closes it in {@link close}.
   */
  async useTransport(transport: EventTransport, options: TransportOptions = {}): Promise<void> {
    if (this.closed || this.transport !== undefined) {
      throw new ObjectQLError(
        'KERNEL_STATE',
        this.closed ? 'the event bus is closed' : 'the event bus already has a transport',
      )
    }
    this.transport = transport
    if (options.forward !== undefined) this.forward = options.forward
    this.unsubscribeTransport = await transport.subscribe(async (event, payload) => {
      if (this.closed) return
      await this.deliver(event, payload, { origin: 'remote' })
    })
  }

  /** Drops every listener, then unsubscribes from and closes the transport. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.listeners.clear()
    const transport = this.transport
    this.transport = undefined
    this.unsubscribeTransport?.()
    this.unsubscribeTransport = undefined
    if (transport !== undefined) await transport.close()
  }

  private add(event: string, handler: EventHandler<never>, once: boolean): () => void {
    if (typeof handler !== 'function') {
      throw new ObjectQLError('HOOK_INVALID', `listener for '${event}' is not a function`, {
        details: { event },
      })
    }
    const listener: Listener = { handler, once }
    const list = this.listeners.get(event)
    if (list === undefined) this.listeners.set(event, [listener])
    else list.push(listener)
    return () => {
      const current = this.listeners.get(event)
      const index = current?.indexOf(listener) ?? -1
      if (current === undefined || index < 0) return
      current.splice(index, 1)
      if (current.length === 0) this.listeners.delete(event)
    }
  }

  private async deliver(event: string, payload: unknown, meta: EventMeta): Promise<void> {
    const list = this.listeners.get(event)
    if (list === undefined) return
    // A snapshot: listeners added or removed while this emission runs take effect next time.
    const snapshot = [...list]
    for (const listener of snapshot) {
      if (listener.once) {
        const index = list.indexOf(listener)
        if (index < 0) continue // an earlier listener (or a re-entrant emit) already removed it
        list.splice(index, 1)
        if (list.length === 0) this.listeners.delete(event)
      }
      try {
        await (listener.handler as EventHandler<unknown>)(payload, meta)
      } catch (error) {
        this.report(this.wrap(error, event, 'a listener'), { event, source: 'listener' })
      }
    }
  }

  private wrap(error: unknown, event: string, what: string): ObjectQLError {
    const message = error instanceof Error ? error.message : String(error)
    return new ObjectQLError(
      isObjectQLError(error) ? error.code : 'INTERNAL_ERROR',
      `${what} of event '${event}' failed: ${message}`,
      { cause: error, details: { ...(isObjectQLError(error) ? error.details : {}), event } },
    )
  }

  private report(error: ObjectQLError, info: ListenerErrorInfo): void {
    const handler = this.options.onListenerError
    if (handler !== undefined) {
      try {
        handler(error, info)
        return
      } catch (handlerError) {
        // The reporter itself failed: fall through so neither error is lost.
        process.emitWarning(
          `onListenerError threw while reporting: ${handlerError instanceof Error ? handlerError.message : String(handlerError)}`,
          { type: 'ObjectQLEventError', code: 'INTERNAL_ERROR' },
        )
      }
    }
    process.emitWarning(error.message, { type: 'ObjectQLEventError', code: error.code })
  }
}
