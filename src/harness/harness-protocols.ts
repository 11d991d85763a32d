import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import type { RuntimeProtocolBridge } from '../kernel/bridge/runtime-protocol-bridge.js'
import { ObjectQLError } from '../kernel/errors.js'
import type { Kernel } from '../kernel/kernel.js'
import type { ExecutionContext, KernelUser } from '../kernel/pipeline/execution-context.js'
import type { DataRecord, ObjectConfig } from '../kernel/spec/object-config.js'
import type {
  BridgeCarrier,
  BridgeFindResult,
  ProtocolBridge,
} from '../protocols/common/protocol-bridge.js'
import { createProtocolHost } from '../protocols/common/protocol-host.js'
import type { ProtocolHost } from '../protocols/common/protocol-host.js'
import type { ProtocolLimits } from '../protocols/common/protocol-limits.js'
import type { ProtocolPlugin } from '../protocols/common/protocol-plugin.js'
import { HarnessDataApi } from './harness-data-api.js'

/**
 * The kernel as a protocol factory sees it inside the harness: every data call, transaction and
 * bridge call runs as the harness's current user (`withUser`), read at call time. It satisfies
 * what protocols take, e.g. `createODataProtocol({ kernel })` for atomic `$batch` changesets.
 */
export class HarnessKernelView extends HarnessDataApi implements BridgeCarrier {
  /** The kernel's bridge, with the harness's user passed on every call. */
  readonly bridge: ProtocolBridge

  constructor(
    private readonly kernel: Kernel,
    private readonly user: () => KernelUser | undefined,
  ) {
    super()
    this.bridge = new UserScopedBridge(kernel.bridge, () => this.context())
  }

  protected runningKernel(): Kernel {
    return this.kernel
  }

  protected currentUser(): KernelUser | undefined {
    return this.user()
  }
}

/** What `withProtocol` accepts: a protocol, or a factory called at `start()` with the kernel. */
export type HarnessProtocol = ProtocolPlugin | ((kernel: HarnessKernelView) => ProtocolPlugin)

/** Options of `withProtocol`. */
export interface HarnessProtocolOptions {
  /** Where the protocol's routes start; its `defaultPath` (`/graphql`, `/odata`, ...) if not given. */
  readonly path?: string
}

/** A request for `harness.inject()`: Fastify's inject options, or a URL for a GET. */
export type HarnessRequest = InjectOptions | string

/** What `harness.inject()` resolves to: `statusCode`, `headers`, `body`, `json()`. */
export type HarnessResponse = LightMyRequestResponse

/**
 * The protocols of one harness: collected before `start()`, mounted on one Fastify instance
 * over the harness's kernel at `start()` (the same host `objectql serve` uses), answered
 * without a socket by `inject()`, closed at `stop()`.
 */
export class HarnessProtocols {
  readonly #entries: { protocol: HarnessProtocol; path: string | undefined }[] = []
  #host: ProtocolHost | undefined
  #closed = false

  /** How many protocols were added. */
  get size(): number {
    return this.#entries.length
  }

  /** Adds a protocol to mount at start. */
  add(protocol: HarnessProtocol, options: HarnessProtocolOptions = {}): void {
    const valid =
      typeof protocol === 'function' ||
      (typeof protocol === 'object' && protocol !== null && typeof protocol.mount === 'function')
    if (!valid) {
      throw new ObjectQLError(
        'CONFIG_INVALID',
        'withProtocol() takes a protocol plugin (with mount()) or a (kernel) => protocol factory',
      )
    }
    this.#entries.push({ protocol, path: options.path })
  }

  /** Builds the protocols (factories get `view`) and mounts them; nothing when none was added. */
  async mount(view: HarnessKernelView, limits?: Partial<ProtocolLimits>): Promise<void> {
    if (this.#entries.length === 0) return
    const protocols = this.#entries.map(({ protocol }) =>
      typeof protocol === 'function' ? protocol(view) : protocol,
    )
    const paths: Record<string, string> = {}
    this.#entries.forEach(({ path }, index) => {
      const name = protocols[index]?.name
      if (path !== undefined && name !== undefined) paths[name] = path
    })
    this.#host = await createProtocolHost({
      bridge: view.bridge,
      protocols,
      paths,
      ...(limits === undefined ? {} : { limits }),
    })
  }

  /**
   * One request through the mounted protocols, without a socket (Fastify's `inject`).
   * @throws ObjectQLError `CONFIG_INVALID` when no protocol was added; `KERNEL_STATE` before
   *   `start()` or after `stop()`.
   */
  async inject(request: HarnessRequest): Promise<HarnessResponse> {
    if (this.#entries.length === 0) {
      throw new ObjectQLError(
        'CONFIG_INVALID',
        'inject() needs a protocol: add one with withProtocol(restProtocol) before start()',
      )
    }
    const host = this.#host
    if (host === undefined || this.#closed) {
      throw new ObjectQLError(
        'KERNEL_STATE',
        this.#closed
          ? 'inject() after stop(): the protocols are closed'
          : 'inject() before start(): await harness.start() first',
      )
    }
    return host.fastify.inject(request)
  }

  /** Closes the host (idempotent); later `inject()` calls fail with `KERNEL_STATE`. */
  async close(): Promise<void> {
    this.#closed = true
    const host = this.#host
    this.#host = undefined
    await host?.close()
  }
}

/**
 * The kernel's bridge with an execution context on every data call. Protocols call the bridge
 * without one (it is the same for every request they serve), so the harness adds its user here.
 */
class UserScopedBridge implements ProtocolBridge {
  constructor(
    private readonly inner: RuntimeProtocolBridge,
    private readonly context: () => ExecutionContext,
  ) {}

  getMetaTypes(): readonly string[] {
    return this.inner.getMetaTypes()
  }

  getMetaItem(name: string): ObjectConfig | undefined {
    return this.inner.getMetaItem(name)
  }

  hasObject(name: string): boolean {
    return this.inner.hasObject(name)
  }

  findData(object: string, query?: unknown): Promise<BridgeFindResult> {
    return this.inner.findData(object, query, this.context())
  }

  findRecords(object: string, query?: unknown): Promise<readonly DataRecord[]> {
    return this.inner.findRecords(object, query, this.context())
  }

  getData(object: string, id: string, query?: unknown): Promise<DataRecord> {
    return this.inner.getData(object, id, query, this.context())
  }

  countData(object: string, where?: unknown): Promise<number> {
    return this.inner.countData(object, where, this.context())
  }

  createData(object: string, data: Record<string, unknown>): Promise<DataRecord> {
    return this.inner.createData(object, data, this.context())
  }

  updateData(object: string, id: string, data: Record<string, unknown>): Promise<DataRecord> {
    return this.inner.updateData(object, id, data, this.context())
  }

  deleteData(object: string, id: string): Promise<boolean> {
    return this.inner.deleteData(object, id, this.context())
  }

  executeAction(object: string, action: string, params?: unknown): Promise<unknown> {
    return this.inner.executeAction(object, action, params, this.context())
  }

  getActions(): readonly unknown[] {
    return this.inner.getActions()
  }
}
