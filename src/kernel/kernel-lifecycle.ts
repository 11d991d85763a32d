import type { RuntimeDriver } from './driver/runtime-driver.js'
import { ObjectQLError, toObjectQLError } from './errors.js'
import type { EventBus } from './events/event-bus.js'
import type { KernelEvents } from './events/kernel-events.js'
import type { MetadataRegistry } from './metadata/metadata-registry.js'
import type { DatasourceRegistry } from './pipeline/datasource-registry.js'
import type { PluginContextFactory } from './plugin/plugin-context.js'
import type { PluginLoader } from './plugin/plugin-loader.js'
import type { PluginLogger } from './plugin/plugin.js'
import { OBJECT_METADATA_TYPE } from './bridge/runtime-protocol-bridge.js'
import type { ObjectConfig } from './spec/object-config.js'
import { parseObjectConfig } from './spec/object-config-schema.js'
import type { KernelState } from './kernel.js'

/** What the lifecycle drives; the kernel hands these over at construction. */
export interface LifecycleParts {
  readonly events: EventBus<KernelEvents>
  readonly metadata: MetadataRegistry
  readonly logger: PluginLogger
  /** The object definitions given to `createKernel`, unvalidated. */
  readonly objects: readonly unknown[]
  readonly datasources: DatasourceRegistry
  readonly loader: PluginLoader
  readonly pluginContext: PluginContextFactory
  /** Registers a validated object (checks its datasource, syncs once drivers are connected). */
  readonly register: (object: ObjectConfig) => Promise<ObjectConfig>
}

/**
 * The kernel's state machine, `idle -> starting -> running -> stopping -> stopped`.
 *
 * `start()`, in order: emit `kernel:starting` (plugins in boot order; a dependency cycle or a
 * missing dependency fails here) -> validate and register the `objects` option -> install every
 * plugin (they may register objects, hooks, actions) -> connect each driver once and emit
 * `driver:connected` per datasource -> `syncSchema` each driver with the objects it stores ->
 * data calls become possible -> start every plugin -> `running`, emit `kernel:started`.
 * Any failure rolls back what was done (started plugins stopped by the loader, connected
 * drivers disconnected), leaves the kernel `stopped`, and rethrows the original error.
 *
 * `stop()`: stop plugins in reverse (they may still use data in `onStop`) -> data calls end ->
 * disconnect the drivers in reverse -> `stopped`, emit `kernel:stopped`, close the event bus.
 * Every step runs even when an earlier one failed; the failures are thrown afterwards.
 */
export class KernelLifecycle {
  #state: KernelState = 'idle'
  #dataReady = false
  #stopping: Promise<void> | undefined
  readonly #connected: RuntimeDriver[] = []

  constructor(private readonly parts: LifecycleParts) {}

  get state(): KernelState {
    return this.#state
  }

  /** True while drivers are connected and data calls may run. */
  get dataReady(): boolean {
    return this.#dataReady
  }

  /** @throws ObjectQLError `KERNEL_STATE` unless the state is one of `allowed`. */
  assertState(allowed: readonly KernelState[], action: string): void {
    if (!allowed.includes(this.#state)) {
      throw new ObjectQLError(
        'KERNEL_STATE',
        `cannot ${action} while the kernel is ${this.#state} (allowed: ${allowed.join(', ')})`,
        { details: { state: this.#state, action } },
      )
    }
  }

  /** @throws ObjectQLError `KERNEL_STATE` unless data calls are possible. */
  assertDataReady(): void {
    if (!this.#dataReady) {
      throw new ObjectQLError(
        'KERNEL_STATE',
        `data calls need a started kernel; the kernel is ${this.#state}`,
        { details: { state: this.#state } },
      )
    }
  }

  /** Starts an idle kernel (see the class comment for the steps). */
  async start(): Promise<void> {
    this.assertState(['idle'], 'start')
    this.#state = 'starting'
    const began = performance.now()
    const { events, loader, pluginContext } = this.parts
    try {
      const plugins = loader.plugins().map((plugin) => plugin.name)
      await events.emit('kernel:starting', { plugins })
      await this.#registerInitialObjects()
      await loader.install(pluginContext)
      await this.#connectDrivers()
      this.#dataReady = true
      await loader.start(pluginContext)
      this.#state = 'running'
      await events.emit('kernel:started', { plugins, durationMs: performance.now() - began })
    } catch (error) {
      await this.#rollbackStart(error)
      throw toObjectQLError(error)
    }
  }

  /** Stops a running kernel; a no-op once stopped; concurrent calls share one stop. */
  async stop(): Promise<void> {
    if (this.#state === 'stopped') return
    if (this.#state === 'stopping' && this.#stopping !== undefined) return this.#stopping
    this.assertState(['running'], 'stop')
    this.#stopping = this.#stop()
    return this.#stopping
  }

  async #stop(): Promise<void> {
    this.#state = 'stopping'
    const began = performance.now()
    const { events, loader, pluginContext } = this.parts
    await events.emit('kernel:stopping', {})
    const failures: ObjectQLError[] = []
    try {
      await loader.stop(pluginContext)
    } catch (error) {
      failures.push(toObjectQLError(error))
    }
    this.#dataReady = false
    failures.push(...(await this.#disconnectDrivers()))
    this.#state = 'stopped'
    await events.emit('kernel:stopped', { durationMs: performance.now() - began })
    await events.close()
    throwAll(failures)
  }

  async #registerInitialObjects(): Promise<void> {
    const parsed = this.parts.objects.map((raw) => parseObjectConfig(raw))
    const seen = new Set<string>()
    for (const object of parsed) {
      if (seen.has(object.name) || this.parts.metadata.has(OBJECT_METADATA_TYPE, object.name)) {
        throw new ObjectQLError('METADATA_INVALID', `object '${object.name}' is defined twice`, {
          details: { object: object.name },
        })
      }
      seen.add(object.name)
      this.parts.datasources.assertKnown(object)
    }
    for (const object of parsed) await this.parts.register(object)
  }

  async #connectDrivers(): Promise<void> {
    const { datasources, events, metadata } = this.parts
    const objects = metadata.list<ObjectConfig>(OBJECT_METADATA_TYPE)
    for (const object of objects) datasources.assertKnown(object)
    for (const driver of datasources.drivers()) {
      await driver.connect()
      this.#connected.push(driver)
      for (const datasource of datasources.namesOf(driver)) {
        await events.emit('driver:connected', { datasource, driver: driver.name })
      }
      await driver.syncSchema(datasources.objectsOf(driver, objects))
    }
  }

  async #disconnectDrivers(): Promise<ObjectQLError[]> {
    const failures: ObjectQLError[] = []
    while (this.#connected.length > 0) {
      const driver = this.#connected.pop()
      if (driver === undefined) break
      try {
        await driver.disconnect()
        for (const datasource of this.parts.datasources.namesOf(driver)) {
          await this.parts.events.emit('driver:disconnected', { datasource, driver: driver.name })
        }
      } catch (error) {
        failures.push(toObjectQLError(error))
      }
    }
    return failures
  }

  // Undo a failed start. Rollback failures are logged, not thrown: the start error is what the
  // caller needs, and the rollback failures stay visible in the log.
  async #rollbackStart(error: unknown): Promise<void> {
    const { events, loader, pluginContext, logger } = this.parts
    const log = (failure: unknown): void => {
      const coded = toObjectQLError(failure)
      logger.error(`rollback of a failed start: ${coded.message}`, { code: coded.code })
    }
    this.#state = 'stopping'
    try {
      await events.emit('kernel:stopping', {
        reason: `start failed: ${toObjectQLError(error).message}`,
      })
      if (loader.state === 'started') await loader.stop(pluginContext).catch(log)
      this.#dataReady = false
      for (const failure of await this.#disconnectDrivers()) log(failure)
      this.#state = 'stopped'
      await events.emit('kernel:stopped', { durationMs: 0 })
      await events.close()
    } catch (failure) {
      log(failure)
    } finally {
      this.#dataReady = false
      this.#state = 'stopped'
    }
  }
}

function throwAll(failures: readonly ObjectQLError[]): void {
  const [first] = failures
  if (first === undefined) return
  if (failures.length === 1) throw first
  throw new ObjectQLError(
    first.code,
    `${failures.length} failures while stopping: ${failures.map((e) => e.message).join('; ')}`,
    { cause: new AggregateError(failures), details: { codes: failures.map((e) => e.code) } },
  )
}
