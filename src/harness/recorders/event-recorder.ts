import type { EventBus } from '../../kernel/events/event-bus.js'
import { KERNEL_EVENT_NAMES } from '../../kernel/events/kernel-events.js'
import type { KernelEventName, KernelEvents } from '../../kernel/events/kernel-events.js'
import { assertionFailed, matchesPartial, show, times } from './harness-assertion.js'

/** One kernel event as the harness saw it. */
export interface EventRecord<K extends KernelEventName = KernelEventName> {
  /** 1-based order among all recorded events. */
  readonly seq: number
  readonly event: K
  /** A copy of the payload (payloads are plain JSON by the kernel's contract). */
  readonly payload: KernelEvents[K]
}

/** A deep partial, for payload matching. */
export type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T

/**
 * Records every kernel event (`kernel:*`, `plugin:*`, `metadata:*`, `driver:*`, `data:*`) from
 * the kernel's event bus. Attach it before `start()` to see the boot events too.
 */
export class EventRecorder {
  private readonly log: EventRecord[] = []
  private readonly detachers: (() => void)[] = []

  /** Subscribes to every kernel event on `bus`. */
  attach(bus: EventBus<KernelEvents>): void {
    for (const name of KERNEL_EVENT_NAMES) {
      this.detachers.push(
        bus.on(name, (payload) => {
          this.log.push({
            seq: this.log.length + 1,
            event: name,
            payload: structuredClone(payload),
          })
        }),
      )
    }
  }

  /** Unsubscribes from the bus. */
  detach(): void {
    for (const detach of this.detachers.splice(0)) detach()
  }

  /** Recorded events, optionally only `event` and only payloads matching `where` (partially). */
  events<K extends KernelEventName>(
    event?: K,
    where?: DeepPartial<KernelEvents[K]>,
  ): EventRecord<K>[] {
    return this.log.filter(
      (record): record is EventRecord<K> =>
        (event === undefined || record.event === event) &&
        (where === undefined || matchesPartial(record.payload, where)),
    )
  }

  /** The names of the recorded events in order, e.g. for asserting a boot sequence. */
  names(): KernelEventName[] {
    return this.log.map((record) => record.event)
  }

  /** Forgets everything recorded so far. */
  clear(): void {
    this.log.length = 0
  }

  /** An assertion builder: `harness.expectEvent('data:created', { object: 'users' }).toHaveFired(2)`. */
  expect<K extends KernelEventName>(
    event: K,
    where?: DeepPartial<KernelEvents[K]>,
  ): EventExpectation<K> {
    return new EventExpectation(() => this.events(event, where), event, where, false)
  }
}

/** Assertions over recorded events; failures throw Node's `AssertionError`. */
export class EventExpectation<K extends KernelEventName> {
  constructor(
    private readonly source: () => EventRecord<K>[],
    private readonly event: K,
    private readonly where: DeepPartial<KernelEvents[K]> | undefined,
    private readonly negated: boolean,
  ) {}

  /** The negated expectation: `.not.toHaveFired()`. */
  get not(): EventExpectation<K> {
    return new EventExpectation(this.source, this.event, this.where, !this.negated)
  }

  /** The matching events. */
  get records(): EventRecord<K>[] {
    return this.source()
  }

  /** Fired exactly `count` times, or at least once when `count` is omitted. */
  toHaveFired(count?: number): this {
    const actual = this.records.length
    const pass = count === undefined ? actual > 0 : actual === count
    if (pass === this.negated) {
      const wanted = count === undefined ? 'at least once' : times(count)
      throw assertionFailed(
        `expected event '${this.event}'${this.filter()} ${this.negated ? 'not ' : ''}to have fired ${wanted}, but it fired ${times(actual)}`,
        actual,
        count ?? '>= 1',
        this.negated ? 'notToHaveFired' : 'toHaveFired',
      )
    }
    return this
  }

  /** Some matching event's payload has everything `expected` describes. */
  toHaveFiredWith(expected: DeepPartial<KernelEvents[K]>): this {
    const payloads = this.records.map((record) => record.payload)
    const pass = payloads.some((payload) => matchesPartial(payload, expected))
    if (pass === this.negated) {
      throw assertionFailed(
        `expected event '${this.event}'${this.filter()} ${this.negated ? 'not ' : ''}to have fired with ${show(expected)}; payloads: ${show(payloads)}`,
        payloads,
        expected,
        this.negated ? 'notToHaveFiredWith' : 'toHaveFiredWith',
      )
    }
    return this
  }

  private filter(): string {
    return this.where === undefined ? '' : ` matching ${show(this.where)}`
  }
}
