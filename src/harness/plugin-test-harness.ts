import { MemoryDriver } from '../drivers/memory/index.js'
import type { Driver } from '../kernel/driver/driver.js'
import { ObjectQLError, toObjectQLError } from '../kernel/errors.js'
import { createKernel } from '../kernel/kernel.js'
import type { Kernel, KernelState } from '../kernel/kernel.js'
import type { KernelUser } from '../kernel/pipeline/execution-context.js'
import type { PluginInput } from '../kernel/plugin/plugin.js'
import type { DataRecord, ObjectConfig } from '../kernel/spec/object-config.js'
import { FakeClock } from './fake-clock.js'
import { FaultyDriver } from './faulty-driver.js'
import { prepareFixtures } from './fixtures/fixture-preparation.js'
import { RecordFactory } from './fixtures/record-factory.js'
import type { RecordOverrides } from './fixtures/record-factory.js'
import { sequentialIds } from './fixtures/sequential-ids.js'
import { HarnessCaptures } from './harness-captures.js'
import { ScopedHarnessApi } from './harness-data-api.js'
import { HarnessKernelView, HarnessProtocols } from './harness-protocols.js'
import type {
  HarnessProtocol,
  HarnessProtocolOptions,
  HarnessRequest,
  HarnessResponse,
} from './harness-protocols.js'
import type { PluginTestHarnessOptions } from './plugin-test-harness-options.js'
import { loadObjectsFromDir } from '../kernel/spec/object-loader.js'
import { provide } from './services/provide.js'
import type { ProvideOptions, ProvidedService, ServiceName } from './services/service-types.js'

/**
 * Boots a real kernel around the plugins under test, with fakes where tests want control: a
 * fake clock, replayable ids, seeded fixtures, fault-injecting drivers, and a recorder for every
 * hook and kernel event. Runner-neutral: it imports neither vitest nor node:test, and its
 * assertions throw Node's `AssertionError`.
 *
 * @example vitest
 * import { it, onTestFinished } from 'vitest'
 * it('stamps the source', async () => {
 *   const harness = new PluginTestHarness({ cleanup: onTestFinished })
 *     .withPlugin(auditPlugin)
 *     .withObject({ name: 'users', fields: { name: { type: 'text', required: true } } })
 *   await harness.start()
 *   await harness.create('users', { name: 'Alice' })
 *   harness.expectHook('beforeCreate', 'users').toHaveRun(1)
 *   harness.expectEvent('data:created', { object: 'users' }).toHaveFired(1)
 * })
 *
 * @example node:test (run with `node --import tsx --test file.ts`)
 * import { it } from 'node:test'
 * void it('stamps the source', async (t) => {
 *   const harness = new PluginTestHarness({ cleanup: (stop) => t.after(stop) })
 *     .withPlugin(auditPlugin)
 *     .withObject(users)
 *   await harness.start()
 *   await harness.seed('users', 50)
 * })
 *
 * @example protocols, without a socket
 * const harness = new PluginTestHarness().withObject(users).withProtocol(restProtocol)
 * await harness.start()
 * const res = await harness.inject({ method: 'POST', url: '/api/data/users', payload: { name: 'Alice' } })
 * expect(res.statusCode).toBe(201)
 *
 * Without `cleanup`, call `await harness.stop()` yourself, or `PluginTestHarness.stopAll()` in
 * an `afterEach`. The recorder's own hooks are registered under the package
 * `objectql-toolkit:harness` (so `kernel.hooks.size` includes them).
 */
export class PluginTestHarness extends HarnessCaptures {
  /** The harness's clock (advance it to move `created_at`/`updated_at`). */
  readonly clock: FakeClock
  /** Seeded record factory behind {@link PluginTestHarness.seed}. */
  readonly fixtures: RecordFactory
  private readonly plugins: PluginInput[] = []
  private readonly drivers = new Map<string, FaultyDriver>()
  private readonly objects: ObjectConfig[] = []
  private readonly objectDirs: string[] = []
  private readonly services: ProvidedService[] = []
  private readonly protocols = new HarnessProtocols()
  private user: KernelUser | undefined
  private instance: Kernel | undefined
  private stopping: Promise<void> | undefined
  private static readonly live = new Set<PluginTestHarness>()

  constructor(private readonly options: PluginTestHarnessOptions = {}) {
    super(options.echoLogLevel ?? 'error')
    this.clock = options.clock ?? new FakeClock()
    this.fixtures = new RecordFactory({
      seed: options.seed ?? 1,
      refDate: this.clock.toISOString(),
      ...(options.optionalRate === undefined ? {} : { optionalRate: options.optionalRate }),
    })
    // Registered at once, so the runner hook is added where the harness is created (inside a
    // test for vitest's onTestFinished or node:test's t.after).
    options.cleanup?.(() => this.stop())
  }

  /** Stops every harness that was started and not stopped yet (a suite-level safety net). */
  static async stopAll(): Promise<void> {
    await Promise.all([...PluginTestHarness.live].map((harness) => harness.stop()))
  }

  /** Adds plugins (any accepted shape: KernelPlugin, upstream RuntimePlugin or core plugin). */
  withPlugin(...plugins: PluginInput[]): this {
    this.assertConfigurable('withPlugin')
    this.plugins.push(...plugins)
    return this
  }

  /** Uses `driver` for `datasource` (default `default`), wrapped in a {@link FaultyDriver}. */
  withDriver(driver: Driver, datasource = 'default'): this {
    this.assertConfigurable('withDriver')
    this.drivers.set(datasource, driver instanceof FaultyDriver ? driver : new FaultyDriver(driver))
    return this
  }

  /** Registers object definitions at start. */
  withObject(...objects: ObjectConfig[]): this {
    this.assertConfigurable('withObject')
    this.objects.push(...objects)
    return this
  }

  /** Loads `*.object.yml|yaml|json` under `dir` at start (the kernel's loader: recursive, merging). */
  withObjectsFrom(dir: string): this {
    this.assertConfigurable('withObjectsFrom')
    this.objectDirs.push(dir)
    return this
  }

  /**
   * Mounts a protocol for {@link PluginTestHarness.inject} at start, at its default path
   * (`options.path` to move it). Give the plugin (`restProtocol`, `graphqlProtocol`,
   * `jsonRpcProtocol`) or a factory called with the kernel, e.g.
   * `(kernel) => createODataProtocol({ kernel })`. Requests run as the harness's current user.
   */
  withProtocol(protocol: HarnessProtocol, options?: HarnessProtocolOptions): this {
    this.assertConfigurable('withProtocol')
    this.protocols.add(protocol, options)
    return this
  }

  /**
   * Sends one request to the mounted protocols without a socket (Fastify's `inject`), as the
   * harness's current user; hooks and events it causes are recorded like any other.
   * @throws ObjectQLError `CONFIG_INVALID` when no protocol was added; `KERNEL_STATE` before
   *   `start()` or after `stop()`.
   */
  inject(request: HarnessRequest): Promise<HarnessResponse> {
    return this.protocols.inject(request)
  }

  /** Runs every data call as `user` (undefined: anonymous). Allowed at any time. */
  withUser(user: KernelUser | undefined): this {
    this.user = user
    return this
  }

  /** The data API as another user, leaving the harness's own user unchanged. */
  as(user: KernelUser | undefined): ScopedHarnessApi {
    return new ScopedHarnessApi(() => this.runningKernel(), user)
  }

  /** Boots the kernel (objects, plugins, drivers), then mounts the protocols, if any. */
  async start(): Promise<this> {
    if (this.instance !== undefined) {
      throw new ObjectQLError('KERNEL_STATE', 'this harness was already started; create a new one')
    }
    PluginTestHarness.live.add(this)
    const objects = [...this.objects]
    for (const dir of this.objectDirs) objects.push(...(await loadObjectsFromDir(dir)))
    if (!this.drivers.has('default')) this.withDriver(new MemoryDriver())
    const drivers = Object.fromEntries(this.drivers)
    const kernel = createKernel({
      objects,
      drivers: { ...drivers, default: this.faults('default') },
      plugins: this.plugins,
      clock: this.clock.now,
      logger: this.logger,
      ...(this.options.ids === 'random' ? {} : { idGenerator: sequentialIds() }),
      ...(this.options.pluginTimeoutMs === undefined
        ? {}
        : { pluginTimeoutMs: this.options.pluginTimeoutMs }),
    })
    this.instance = kernel
    this.attachCaptures(kernel)
    try {
      await kernel.start()
      const view = new HarnessKernelView(kernel, () => this.user)
      await this.protocols.mount(view, this.options.protocolLimits)
    } catch (error) {
      // The start error is the one to throw; a cleanup failure on top of it is logged.
      await this.stop().catch((stopError: unknown) =>
        this.logger.error(`cleanup after a failed start: ${toObjectQLError(stopError).message}`),
      )
      throw error
    }
    return this
  }

  /** Closes the protocols, stops the kernel, releases provided services. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown()
    return this.stopping
  }

  /** The running kernel. @throws ObjectQLError `KERNEL_STATE` before `start()`. */
  get kernel(): Kernel {
    if (this.instance === undefined) {
      throw new ObjectQLError('KERNEL_STATE', 'the harness has not been started; await start()')
    }
    return this.instance
  }

  /** The kernel's lifecycle state (`idle` before `start()`). */
  get state(): KernelState {
    return this.instance?.state ?? 'idle'
  }

  /** The fault injector around the driver of `datasource`. */
  faults(datasource = 'default'): FaultyDriver {
    const driver = this.drivers.get(datasource)
    if (driver === undefined) {
      throw new ObjectQLError('CONFIG_INVALID', `no driver for datasource '${datasource}'`)
    }
    return driver
  }

  /**
   * Creates `count` faker records that pass the object's validation, through the kernel (so
   * hooks and events fire, as the current user). Unique fields avoid stored values; lookups
   * pick stored ids of their target object.
   */
  async seed(object: string, count: number, overrides?: RecordOverrides): Promise<DataRecord[]> {
    const kernel = this.runningKernel()
    const config = await prepareFixtures(kernel, this.fixtures, object, (target, fields) =>
      this.storedRecords(target, fields),
    )
    const records = this.fixtures.buildMany(config, count, overrides)
    return count === 0 ? [] : this.createMany(object, records)
  }

  /** Provides a backend (see `provide()`); it is released when the harness stops. */
  async service(name: ServiceName, options?: ProvideOptions): Promise<ProvidedService> {
    PluginTestHarness.live.add(this)
    const provided = await provide(name, options)
    this.services.push(provided)
    return provided
  }

  protected runningKernel(): Kernel {
    return this.kernel
  }

  protected currentUser(): KernelUser | undefined {
    return this.user
  }

  // Bookkeeping reads go to the unwrapped driver: they must not fire hooks, be recorded, or
  // consume injected faults.
  private async storedRecords(config: ObjectConfig, fields: string[]): Promise<DataRecord[]> {
    const driver = this.faults(config.datasource ?? 'default').inner
    return driver.find(config.name, { object: config.name, fields: ['id', ...fields] })
  }

  private async shutdown(): Promise<void> {
    PluginTestHarness.live.delete(this)
    const failures: unknown[] = []
    await this.protocols.close().catch((error: unknown) => failures.push(error))
    const kernel = this.instance
    if (kernel !== undefined && (kernel.state === 'running' || kernel.state === 'stopping')) {
      await kernel.stop().catch((error: unknown) => failures.push(error))
    }
    this.detachCaptures()
    const released = await Promise.allSettled(this.services.splice(0).map((s) => s.release()))
    for (const result of released) if (result.status === 'rejected') failures.push(result.reason)
    if (failures.length > 0) {
      const first = toObjectQLError(failures[0])
      throw new ObjectQLError('INTERNAL_ERROR', `harness stop failed: ${first.message}`, {
        cause: failures[0],
        details: { failures: failures.map((f) => toObjectQLError(f).message) },
      })
    }
  }

  private assertConfigurable(method: string): void {
    if (this.instance !== undefined) {
      throw new ObjectQLError('KERNEL_STATE', `${method}() must be called before start()`)
    }
  }
}
