import type { DataRecord } from '../spec/object-config.js'

/**
 * Payloads of the kernel's events. Every payload is plain JSON data (strings, numbers, booleans,
 * null, arrays, plain objects) so an {@link EventTransport} can carry it to other processes.
 */

/** `kernel:starting`: `start()` was called; plugins are listed in boot order. */
export interface KernelStartingEvent {
  readonly plugins: readonly string[]
}

/** `kernel:started`: every plugin installed and started. */
export interface KernelStartedEvent {
  readonly plugins: readonly string[]
  /** Wall time of `start()` in milliseconds. */
  readonly durationMs: number
}

/** `kernel:stopping`: `stop()` was called (or a failed start is being rolled back). */
export interface KernelStoppingEvent {
  readonly reason?: string
}

/** `kernel:stopped`: every started plugin stopped and every driver disconnected. */
export interface KernelStoppedEvent {
  readonly durationMs: number
}

/** `plugin:installed` / `plugin:started` / `plugin:stopped`: one plugin finished a phase. */
export interface PluginPhaseEvent {
  readonly plugin: string
  readonly version?: string
  readonly durationMs: number
}

/** `metadata:registered` / `metadata:unregistered`: one registry entry changed. */
export interface MetadataEvent {
  readonly type: string
  readonly name: string
  readonly package?: string
}

/** `driver:connected` / `driver:disconnected`: a datasource's driver changed connection state. */
export interface DriverEvent {
  /** The datasource name objects refer to (`default`, `analytics`, ...). */
  readonly datasource: string
  /** The driver's `name`, e.g. `memory`, `sql:postgres`. */
  readonly driver: string
}

/** Who caused a data change, when the operation carried a context. */
export interface DataEventActor {
  readonly userId?: string
  readonly tenantId?: string
}

/** `data:created`: a record was stored. `record` is the stored record as returned to the caller. */
export interface DataCreatedEvent {
  readonly object: string
  readonly id: string
  readonly record: DataRecord
  readonly actor?: DataEventActor
}

/** `data:updated`: a record changed; `changed` lists the fields whose value actually changed. */
export interface DataUpdatedEvent {
  readonly object: string
  readonly id: string
  readonly record: DataRecord
  readonly previous: DataRecord
  readonly changed: readonly string[]
  readonly actor?: DataEventActor
}

/** `data:deleted`: a record was removed; `previous` is what it held. */
export interface DataDeletedEvent {
  readonly object: string
  readonly id: string
  readonly previous?: DataRecord
  readonly actor?: DataEventActor
}

/** The kernel's events, by name. `EventBus<KernelEvents>` types `on` and `emit` from this map. */
export interface KernelEvents {
  'kernel:starting': KernelStartingEvent
  'kernel:started': KernelStartedEvent
  'kernel:stopping': KernelStoppingEvent
  'kernel:stopped': KernelStoppedEvent
  'plugin:installed': PluginPhaseEvent
  'plugin:started': PluginPhaseEvent
  'plugin:stopped': PluginPhaseEvent
  'metadata:registered': MetadataEvent
  'metadata:unregistered': MetadataEvent
  'driver:connected': DriverEvent
  'driver:disconnected': DriverEvent
  'data:created': DataCreatedEvent
  'data:updated': DataUpdatedEvent
  'data:deleted': DataDeletedEvent
}

/** A kernel event name. */
export type KernelEventName = keyof KernelEvents

/** Every kernel event name, in a fixed order (for docs, tests and transports' filters). */
export const KERNEL_EVENT_NAMES: readonly KernelEventName[] = Object.freeze([
  'kernel:starting',
  'kernel:started',
  'kernel:stopping',
  'kernel:stopped',
  'plugin:installed',
  'plugin:started',
  'plugin:stopped',
  'metadata:registered',
  'metadata:unregistered',
  'driver:connected',
  'driver:disconnected',
  'data:created',
  'data:updated',
  'data:deleted',
] as const)

/**
 * Whether an event is shared with other nodes by default: data and metadata changes concern the
 * whole cluster (caches, subscriptions); kernel, plugin and driver lifecycle is per process.
 */
export function isClusterEvent(event: string): boolean {
  return event.startsWith('data:') || event.startsWith('metadata:')
}
