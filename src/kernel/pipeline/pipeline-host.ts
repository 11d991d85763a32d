import type { DriverOptions } from '../driver/driver.js'
import { ObjectQLError } from '../errors.js'
import type { EventBus } from '../events/event-bus.js'
import type { RuntimeDriver } from '../driver/runtime-driver.js'
import type { HookRegistry } from '../hooks/hook-registry.js'
import type { KernelEvents } from '../events/kernel-events.js'
import type { DataRecord, ObjectConfig } from '../spec/object-config.js'
import type { QueryAST } from '../spec/query-ast.js'
import type { QueryOperation } from '../spec/query-normalizer.js'
import type { DataApi } from './data-api.js'
import type { ExecutionContext } from './execution-context.js'
import type { MiddlewareRegistry } from './middleware.js'

/** The data events the pipeline emits after successful writes. */
export type DataEventName = 'data:created' | 'data:updated' | 'data:deleted'

/**
 * What the pipeline needs from its kernel. The kernel implements it; keeping it an interface
 * lets the pipeline live in its own folder without importing the kernel class.
 */
export interface PipelineHost {
  readonly hooks: HookRegistry
  readonly middleware: MiddlewareRegistry
  /** Throws `KERNEL_STATE` unless the drivers are connected (data calls are allowed). */
  assertDataReady(): void
  /** The object's metadata; `OBJECT_NOT_FOUND` when it is not registered. */
  getObject(name: string): ObjectConfig
  /** The object's metadata, or `undefined` (for expand targets). */
  findObject(name: string): ObjectConfig | undefined
  /** The wrapped driver of a datasource; `CONFIG_INVALID` for an unknown datasource. */
  getDriver(datasource: string): RuntimeDriver
  /** The kernel clock (fake in tests). */
  now(): Date
  /** A new record id. */
  newId(): string
  /** Publishes a data event on the kernel's event bus (listeners are awaited; they never throw). */
  emitDataEvent<K extends DataEventName>(event: K, payload: KernelEvents[K]): Promise<void>
}

/** A driver with the per-call options (transaction) an operation must pass to it. */
export interface BoundDriver {
  readonly driver: RuntimeDriver
  readonly options: DriverOptions | undefined
}

/** What operation implementations get from the pipeline. */
export interface PipelineRuntime {
  readonly host: PipelineHost
  /** The data API bound to a caller (user and transaction); used as the hooks' `api`. */
  api(ctx: ExecutionContext): DataApi
  /** The object's driver and options, checked against the caller's transaction. */
  bind(object: ObjectConfig, ctx: ExecutionContext): BoundDriver
  /** Emits now, or at commit when `ctx` runs in a kernel transaction (dropped on rollback). */
  emit<K extends DataEventName>(
    ctx: ExecutionContext,
    event: K,
    payload: KernelEvents[K],
  ): Promise<void>
  /**
   * The canonical AST of a read query at an expand depth: the door's normalization, used again
   * on a query a before hook edited so both pass the same checks.
   */
  normalizeRead(query: unknown, object: ObjectConfig, op: QueryOperation, depth: number): QueryAST
  /** `find` through the whole pipeline at an expand depth (for nested expansion). */
  findAtDepth(
    object: string,
    query: unknown,
    ctx: ExecutionContext,
    depth: number,
  ): Promise<DataRecord[]>
}

/** What {@link createPipelineHost} is built from. */
export interface PipelineHostParts extends Pick<
  PipelineHost,
  'hooks' | 'middleware' | 'assertDataReady' | 'getObject' | 'findObject' | 'getDriver'
> {
  readonly events: EventBus<KernelEvents>
  readonly clock: () => Date
  readonly idGenerator: () => string
}

/**
 * The kernel's {@link PipelineHost}. The clock and the id generator are checked on every use:
 * an invalid Date or an empty id is `CONFIG_INVALID` before anything is written. Data event
 * listeners get a copy of the payload, because the caller holds the same record objects.
 */
export function createPipelineHost(parts: PipelineHostParts): PipelineHost {
  const { events, clock, idGenerator } = parts
  return {
    hooks: parts.hooks,
    middleware: parts.middleware,
    assertDataReady: parts.assertDataReady,
    getObject: parts.getObject,
    findObject: parts.findObject,
    getDriver: parts.getDriver,
    now: () => {
      const now = clock()
      if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
        throw new ObjectQLError('CONFIG_INVALID', 'the kernel clock returned an invalid Date')
      }
      return now
    },
    newId: () => {
      const id = idGenerator()
      if (typeof id !== 'string' || id === '') {
        throw new ObjectQLError(
          'CONFIG_INVALID',
          'the id generator returned an empty or non-string id',
        )
      }
      return id
    },
    emitDataEvent: (event, payload) =>
      events.emit(event, events.listenerCount(event) > 0 ? structuredClone(payload) : payload),
  }
}
