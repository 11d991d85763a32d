import { ObjectQLError } from '../errors.js'
import { findJsonProblem } from './json-value.js'
import type { JsonValue } from './json-value.js'

/** Receives events published by other nodes. */
export type TransportHandler = (event: string, payload: JsonValue) => void | Promise<void>

/**
 * Carries events between kernels in different processes, so a cluster can use Redis pub/sub,
 * NATS or any broker instead of anything home-made. Contract:
 * - `publish` sends to every OTHER node; a transport never echoes a node's own events back to it
 *   (the bus has already delivered them locally). Payloads are JSON; the transport serializes.
 * - `subscribe` registers a handler for events from other nodes and returns an unsubscribe.
 * - `close` stops delivery and releases connections; `publish` afterwards rejects.
 *
 * How a Redis transport plugs in (ioredis; a subscribed connection cannot publish, hence two):
 * ```ts
 * class RedisTransport implements EventTransport {
 *   private readonly origin = randomUUID()
 *   constructor(private pub: Redis, private sub: Redis, private channel = 'objectql:events') {}
 *   async publish(event: string, payload: JsonValue) {
 *     await this.pub.publish(this.channel, JSON.stringify({ origin: this.origin, event, payload }))
 *   }
 *   async subscribe(handler: TransportHandler) {
 *     await this.sub.subscribe(this.channel)
 *     const listener = (channel: string, text: string) => {
 *       const m = JSON.parse(text)
 *       if (channel === this.channel && m.origin !== this.origin) void handler(m.event, m.payload)
 *     }
 *     this.sub.on('message', listener)
 *     return () => this.sub.off('message', listener)
 *   }
 *   async close() { await Promise.all([this.pub.quit(), this.sub.quit()]) }
 * }
 * ```
 * NATS is the same with `nc.publish(subject, data)` and `nc.subscribe(subject)`; the `origin`
 * field filters out the node's own messages because brokers deliver to every subscriber.
 */
export interface EventTransport {
  publish(event: string, payload: JsonValue): Promise<void>
  subscribe(handler: TransportHandler): (() => void) | Promise<() => void>
  close(): Promise<void>
}

/**
 * Connects {@link InProcessTransport}s the way a broker channel connects nodes. Each transport
 * on one channel stands for one node.
 */
export class InProcessChannel {
  private readonly members = new Set<InProcessTransport>()

  /** Adds a node to the channel (called by the transport's constructor). */
  join(member: InProcessTransport): void {
    this.members.add(member)
  }

  /** Removes a node (called by `close`). */
  leave(member: InProcessTransport): void {
    this.members.delete(member)
  }

  /** Delivers to every member except `from`; each handler gets its own parsed copy. */
  async deliver(from: InProcessTransport, event: string, text: string): Promise<void> {
    const failures: unknown[] = []
    for (const member of [...this.members]) {
      if (member === from) continue
      for (const handler of member.handlers()) {
        try {
          await handler(event, JSON.parse(text) as JsonValue)
        } catch (error) {
          failures.push(error)
        }
      }
    }
    if (failures.length > 0) {
      throw new ObjectQLError(
        'INTERNAL_ERROR',
        `${failures.length} subscriber(s) failed to handle event '${event}'`,
        { cause: new AggregateError(failures), details: { event } },
      )
    }
  }
}

/**
 * The in-process {@link EventTransport}: real JSON serialization (so a payload that would not
 * survive Redis fails here too), delivery to the other transports on the same
 * {@link InProcessChannel}. `publish` resolves once every other node has handled the event,
 * which keeps tests deterministic; a handler failure rejects it (a broker would surface it on the
 * receiving node instead).
 */
export class InProcessTransport implements EventTransport {
  private readonly subscribers = new Set<TransportHandler>()
  private closed = false

  /** Joins `channel`; without one the transport is a single node that reaches no one. */
  constructor(readonly channel: InProcessChannel = new InProcessChannel()) {
    channel.join(this)
  }

  /** Serializes and delivers `payload` to the other nodes; rejects for non-JSON payloads. */
  async publish(event: string, payload: JsonValue): Promise<void> {
    if (this.closed) {
      throw new ObjectQLError(
        'KERNEL_STATE',
        `cannot publish '${event}': the transport is closed`,
        {
          details: { event },
        },
      )
    }
    const problem = findJsonProblem(payload)
    if (problem !== undefined) {
      throw new ObjectQLError(
        'INTERNAL_ERROR',
        `event '${event}' cannot cross a transport: ${problem} (payloads must be plain JSON)`,
        { details: { event, problem } },
      )
    }
    await this.channel.deliver(this, event, JSON.stringify(payload))
  }

  /** Receives events published by other nodes on the channel. */
  subscribe(handler: TransportHandler): () => void {
    if (this.closed) {
      throw new ObjectQLError('KERNEL_STATE', 'cannot subscribe: the transport is closed')
    }
    this.subscribers.add(handler)
    return () => {
      this.subscribers.delete(handler)
    }
  }

  /** Leaves the channel and drops every subscriber. Idempotent. */
  async close(): Promise<void> {
    this.closed = true
    this.subscribers.clear()
    this.channel.leave(this)
  }

  /** The current subscribers (a snapshot), for the channel's delivery loop. */
  handlers(): TransportHandler[] {
    return [...this.subscribers]
  }
}
