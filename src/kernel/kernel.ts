import { randomUUID } from 'node:crypto'
import { ActionRegistry } from './actions/action-registry.js'
import type { ActionDescriptor, ActionHandler, ActionOptions } from './actions/action-registry.js'
import { runAction } from './actions/action-executor.js'
import { OBJECT_METADATA_TYPE, RuntimeProtocolBridge } from './bridge/runtime-protocol-bridge.js'
import type { BridgeKernel } from './bridge/runtime-protocol-bridge.js'
import type { RuntimeDriver } from './driver/runtime-driver.js'
import { ObjectQLError, toObjectQLError } from './errors.js'
import { EventBus } from './events/event-bus.js'
import type { KernelEvents } from './events/kernel-events.js'
import type { HookHandler, HookOptions } from './hooks/hook-context.js'
import { HookRegistry } from './hooks/hook-registry.js'
import { MetadataRegistry } from './metadata/metadata-registry.js'
import type { MetadataEntry } from './metadata/metadata-registry.js'
import type { DataApi } from './pipeline/data-api.js'
import { DatasourceRegistry } from './pipeline/datasource-registry.js'
import type { KernelDrivers } from './pipeline/datasource-registry.js'
import type { ExecutionContext } from './pipeline/execution-context.js'
import { MiddlewareRegistry } from './pipeline/middleware.js'
import type { Middleware, MiddlewareOptions } from './pipeline/middleware.js'
import { Pipeline } from './pipeline/pipeline.js'
import { createPipelineHost } from './pipeline/pipeline-host.js'
import type { BootTree } from './plugin/boot-tree.js'
import { createConsoleLogger, createPluginContextFactory } from './plugin/plugin-context.js'
import { PluginLoader } from './plugin/plugin-loader.js'
import type { PluginInput, PluginLogger } from './plugin/plugin.js'
import { ServiceRegistry } from './plugin/service-registry.js'
import type { ObjectConfig } from './spec/object-config.js'
import { parseObjectConfig } from './spec/object-config-schema.js'
import { KernelLifecycle } from './kernel-lifecycle.js'

/** Where a kernel is in its life. Data calls need `running` (or plugins' start/stop phases). */
export type KernelState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped'

/** Options of {@link createKernel}. */
export interface KernelOptions {
  /** Object definitions; validated (`parseObjectConfig`) by `start()`. */
  readonly objects?: readonly ObjectConfig[]
  /** Drivers by datasource name; objects pick one with `datasource` (default `default`). */
  readonly drivers: KernelDrivers
  /** Plugins, in any order: they are installed in dependency order. */
  readonly plugins?: readonly PluginInput[]
  /** Per-plugin, per-phase timeout in ms (`0` disables); default 10 s. */
  readonly pluginTimeoutMs?: number
  /** The clock for `created_at`/`updated_at` (a fake one in tests). */
  readonly clock?: () => Date
  /** Ids for records created without one; default `crypto.randomUUID`. */
  readonly idGenerator?: () => string
  /** Where plugin and event-listener failures are logged; default: console, `warn` and up. */
  readonly logger?: PluginLogger
}

/** What {@link Kernel.unregisterPackage} removed. */
export interface UnregisteredPackage {
  readonly metadata: readonly MetadataEntry[]
  readonly hooks: number
  readonly actions: number
  readonly middleware: number
}

/**
 * Creates a kernel. Nothing runs until `start()`.
 *
 * @example
 * const kernel = createKernel({ objects: [task], drivers: { default: new MemoryDriver() } })
 * await kernel.start()
 * const created = await kernel.create('task', { title: 'Write the spec' })
 * await kernel.stop()
 * @throws ObjectQLError `CONFIG_INVALID` (drivers, clock, id generator), `PLUGIN_INVALID`.
 */
export function createKernel(options: KernelOptions): Kernel {
  return new Kernel(options)
}

/**
 * The micro-kernel: metadata, plugins, drivers and the one operation pipeline every data call
 * runs through. Lifecycle `idle -> starting -> running -> stopping -> stopped`; see
 * kernel-lifecycle.ts for what `start()` and `stop()` do, step by step.
 */
export class Kernel implements DataApi, BridgeKernel {
  readonly metadata = new MetadataRegistry()
  readonly events: EventBus<KernelEvents>
  readonly hooks = new HookRegistry()
  readonly middleware = new MiddlewareRegistry()
  readonly actions = new ActionRegistry()
  readonly services = new ServiceRegistry()
  /** The object protocols talk to; see {@link RuntimeProtocolBridge}. */
  readonly bridge: RuntimeProtocolBridge
  readonly logger: PluginLogger
  readonly #datasources: DatasourceRegistry
  readonly #loader: PluginLoader
  readonly #pipeline: Pipeline
  readonly #lifecycle: KernelLifecycle

  constructor(options: KernelOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new ObjectQLError('CONFIG_INVALID', 'createKernel needs an options object')
    }
    this.logger = options.logger ?? createConsoleLogger()
    this.events = new EventBus<KernelEvents>({
      onListenerError: (error, info) =>
        this.logger.error(error.message, { event: info.event, source: info.source }),
    })
    this.#datasources = new DatasourceRegistry(options.drivers)
    this.#loader = new PluginLoader(options.plugins ?? [], {
      events: this.events,
      ...(options.pluginTimeoutMs === undefined ? {} : { timeoutMs: options.pluginTimeoutMs }),
    })
    this.#pipeline = new Pipeline(
      createPipelineHost({
        hooks: this.hooks,
        middleware: this.middleware,
        events: this.events,
        assertDataReady: () => this.#lifecycle.assertDataReady(),
        getObject: (name) => this.getObject(name),
        findObject: (name) => this.metadata.get<ObjectConfig>(OBJECT_METADATA_TYPE, name),
        getDriver: (datasource) => this.#datasources.get(datasource),
        clock: checkedFunction(options.clock, 'clock') ?? (() => new Date()),
        idGenerator: checkedFunction(options.idGenerator, 'idGenerator') ?? randomUUID,
      }),
    )
    this.#lifecycle = new KernelLifecycle({
      events: this.events,
      metadata: this.metadata,
      logger: this.logger,
      objects: options.objects ?? [],
      datasources: this.#datasources,
      loader: this.#loader,
      pluginContext: createPluginContextFactory({
        kernel: this,
        services: this.services,
        logger: this.logger,
      }),
      register: (object) => this.#registerParsed(object, undefined),
    })
    this.bridge = new RuntimeProtocolBridge(this)
    this.metadata.onChange((change) => {
      const { type, name } = change.entry
      const pkg = change.entry.package === undefined ? {} : { package: change.entry.package }
      const event = change.kind === 'registered' ? 'metadata:registered' : 'metadata:unregistered'
      // onChange is synchronous; the event is delivered asynchronously and never lost: a failure
      // (only possible once the bus is closed) is logged.
      this.events.emit(event, { type, name, ...pkg }).catch((error: unknown) => {
        this.logger.error(`could not emit ${event}: ${toObjectQLError(error).message}`)
      })
    })
  }

  /** The lifecycle state. */
  get state(): KernelState {
    return this.#lifecycle.state
  }

  /** Every plugin phase run so far, with timings (install, start, stop, rollbacks). */
  get bootTree(): BootTree {
    return this.#loader.bootTree()
  }

  /** Adds a plugin before `start()`. @throws ObjectQLError `KERNEL_STATE` after `start()`. */
  use(plugin: PluginInput): this {
    this.#lifecycle.assertState(['idle'], 'use a plugin')
    this.#loader.register(plugin)
    return this
  }

  /** Validates objects, installs plugins, connects and syncs drivers, starts plugins. */
  start(): Promise<void> {
    return this.#lifecycle.start()
  }

  /** Stops plugins in reverse order and disconnects the drivers. A second call is a no-op. */
  stop(): Promise<void> {
    return this.#lifecycle.stop()
  }

  /**
   * Registers (or replaces) an object definition, owned by `packageName` when given. Validated
   * at once (`METADATA_INVALID`, unknown datasource `CONFIG_INVALID`). Once drivers are
   * connected, the object's driver is synced first and the object is visible afterwards: await
   * the promise before querying it.
   */
  async registerObject(config: unknown, packageName?: string): Promise<ObjectConfig> {
    this.#lifecycle.assertState(['idle', 'starting', 'running'], 'register an object')
    const object = parseObjectConfig(config)
    return this.#registerParsed(object, packageName)
  }

  /** The object's definition. @throws ObjectQLError `OBJECT_NOT_FOUND`. */
  getObject(name: string): ObjectConfig {
    const object = this.metadata.get<ObjectConfig>(OBJECT_METADATA_TYPE, name)
    if (object === undefined) {
      throw new ObjectQLError(
        'OBJECT_NOT_FOUND',
        `no object named '${String(name)}' is registered`,
        {
          details: { object: String(name) },
        },
      )
    }
    return object
  }

  /** Every registered object definition, in registration order. */
  getObjects(): ObjectConfig[] {
    return this.metadata.list<ObjectConfig>(OBJECT_METADATA_TYPE)
  }

  /** Removes a package's metadata (its objects), hooks, actions and middleware. Data is kept. */
  unregisterPackage(packageName: string): UnregisteredPackage {
    return {
      metadata: this.metadata.unregisterPackage(packageName),
      hooks: this.hooks.unregisterPackage(packageName),
      actions: this.actions.unregisterPackage(packageName),
      middleware: this.middleware.unregisterPackage(packageName),
    }
  }

  /**
   * Registers a hook. `event`: `beforeCreate`, `beforeInsert`, `before:create` ... (see
   * hook-events.ts); `object`: a name or `'*'`. The 4th argument is the options or, as upstream,
   * the package name. Order: priority ascending (default 100), then registration order.
   *
   * @returns the unsubscribe function. @throws ObjectQLError `HOOK_INVALID`.
   */
  on(
    event: string,
    object: string,
    handler: HookHandler,
    options?: HookOptions | string,
  ): () => void {
    const opts = typeof options === 'string' ? { package: options } : options
    return this.hooks.register(event, object, handler, opts)
  }

  /** Adds onion middleware around every operation (or one object's). Returns the remover. */
  useMiddleware(fn: Middleware, options?: MiddlewareOptions): () => void {
    return this.middleware.use(fn, options)
  }

  /** Registers an action on an object. Returns the remover. @throws `CONFIG_INVALID`. */
  registerAction(
    object: string,
    name: string,
    handler: ActionHandler,
    options?: ActionOptions,
  ): () => void {
    return this.actions.register(object, name, handler, options)
  }

  /**
   * Runs an action with validated input. @throws ObjectQLError `ACTION_NOT_FOUND`,
   * `VALIDATION_FAILED`, `INVALID_FIELD`, `KERNEL_STATE`.
   */
  async executeAction(
    object: string,
    name: string,
    input?: unknown,
    ctx: ExecutionContext = {},
  ): Promise<unknown> {
    this.#lifecycle.assertDataReady()
    const entry = this.actions.get(object, name)
    return runAction(entry, input, this.#pipeline.api(ctx), ctx.user)
  }

  /** Registered actions (all, or one object's), without their handlers. */
  listActions(object?: string): ActionDescriptor[] {
    return this.actions.list(object)
  }

  /** The wrapped driver of a datasource. @throws ObjectQLError `CONFIG_INVALID` when unknown. */
  getDriver(datasource = 'default'): RuntimeDriver {
    return this.#datasources.get(datasource)
  }

  /** The data API bound to a caller, e.g. `kernel.api({ user })`. */
  api(ctx: ExecutionContext): DataApi {
    return this.#pipeline.api(ctx)
  }

  // The data API: every call runs the pipeline (see pipeline.ts and DataApi for each method).
  // Arrow properties, so they stay bound when destructured (`const { find } = kernel`).
  readonly find: DataApi['find'] = (object, query, ctx) => this.#pipeline.find(object, query, ctx)
  readonly findOne: DataApi['findOne'] = (object, id, query, ctx) =>
    this.#pipeline.findOne(object, id, query, ctx)
  readonly count: DataApi['count'] = (object, where, ctx) =>
    this.#pipeline.count(object, where, ctx)
  readonly aggregate: DataApi['aggregate'] = (object, query, ctx) =>
    this.#pipeline.aggregate(object, query, ctx)
  readonly distinct: DataApi['distinct'] = (object, field, where, ctx) =>
    this.#pipeline.distinct(object, field, where, ctx)
  readonly create: DataApi['create'] = (object, data, ctx) =>
    this.#pipeline.create(object, data, ctx)
  readonly createMany: DataApi['createMany'] = (object, data, ctx) =>
    this.#pipeline.createMany(object, data, ctx)
  readonly bulkCreate: DataApi['bulkCreate'] = (object, data, ctx) =>
    this.#pipeline.createMany(object, data, ctx)
  readonly update: DataApi['update'] = (object, id, data, ctx) =>
    this.#pipeline.update(object, id, data, ctx)
  readonly delete: DataApi['delete'] = (object, id, ctx) => this.#pipeline.delete(object, id, ctx)
  readonly transaction: DataApi['transaction'] = (callback, options) =>
    this.#pipeline.transaction(callback, options)

  async #registerParsed(
    object: ObjectConfig,
    packageName: string | undefined,
  ): Promise<ObjectConfig> {
    this.#datasources.assertKnown(object)
    if (this.#lifecycle.dataReady) {
      const driver = this.#datasources.get(object.datasource ?? 'default')
      const others = this.getObjects().filter((o) => o.name !== object.name)
      await driver.syncSchema(this.#datasources.objectsOf(driver, [...others, object]))
    }
    this.metadata.register(OBJECT_METADATA_TYPE, object.name, object, packageName)
    return object
  }
}

function checkedFunction<T>(value: T | undefined, name: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new ObjectQLError('CONFIG_INVALID', `createKernel option '${name}' must be a function`)
  }
  return value
}
