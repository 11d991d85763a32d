import type { Kernel } from '../kernel/kernel.js'
import type { DataApi, TransactionRunOptions } from '../kernel/pipeline/data-api.js'
import type { ExecutionContext, KernelUser } from '../kernel/pipeline/execution-context.js'
import type { DataRecord, RecordInput } from '../kernel/spec/object-config.js'

/**
 * The harness's data calls: every method runs through the kernel's full pipeline (hooks,
 * validation, driver, events) as the harness's current user. {@link PluginTestHarness} and the
 * view returned by `harness.as(user)` share it.
 */
export abstract class HarnessDataApi implements DataApi {
  /** The running kernel (throws `KERNEL_STATE` before `start()`). */
  protected abstract runningKernel(): Kernel
  /** The caller every call runs as (undefined: anonymous). */
  protected abstract currentUser(): KernelUser | undefined

  find(object: string, query?: unknown): Promise<DataRecord[]> {
    return this.runningKernel().find(object, query, this.context())
  }

  findOne(object: string, id: string, query?: unknown): Promise<DataRecord | null> {
    return this.runningKernel().findOne(object, id, query, this.context())
  }

  count(object: string, whereOrQuery?: unknown): Promise<number> {
    return this.runningKernel().count(object, whereOrQuery, this.context())
  }

  aggregate(object: string, query: unknown): Promise<Record<string, unknown>[]> {
    return this.runningKernel().aggregate(object, query, this.context())
  }

  distinct(object: string, field: string, where?: unknown): Promise<unknown[]> {
    return this.runningKernel().distinct(object, field, where, this.context())
  }

  create(object: string, data: RecordInput): Promise<DataRecord> {
    return this.runningKernel().create(object, data, this.context())
  }

  createMany(object: string, data: readonly RecordInput[]): Promise<DataRecord[]> {
    return this.runningKernel().createMany(object, data, this.context())
  }

  bulkCreate(object: string, data: readonly RecordInput[]): Promise<DataRecord[]> {
    return this.createMany(object, data)
  }

  update(object: string, id: string, data: Record<string, unknown>): Promise<DataRecord> {
    return this.runningKernel().update(object, id, data, this.context())
  }

  delete(object: string, id: string): Promise<boolean> {
    return this.runningKernel().delete(object, id, this.context())
  }

  /** Runs `callback` in a driver transaction as the current user (see `kernel.transaction`). */
  transaction<T>(
    callback: (tx: DataApi) => Promise<T>,
    options: TransactionRunOptions = {},
  ): Promise<T> {
    const user = this.currentUser()
    return this.runningKernel().transaction(callback, {
      ...(user === undefined ? {} : { user }),
      ...options,
    })
  }

  /** Runs a registered action with validated input, as the current user. */
  executeAction(object: string, name: string, input?: unknown): Promise<unknown> {
    return this.runningKernel().executeAction(object, name, input, this.context())
  }

  /** The execution context of every call: the current user, when there is one. */
  protected context(): ExecutionContext {
    const user = this.currentUser()
    return user === undefined ? {} : { user }
  }
}

/** The data API of a harness bound to another user: `harness.as({ id: 'u2' })`. */
export class ScopedHarnessApi extends HarnessDataApi {
  constructor(
    private readonly kernel: () => Kernel,
    private readonly user: KernelUser | undefined,
  ) {
    super()
  }

  protected runningKernel(): Kernel {
    return this.kernel()
  }

  protected currentUser(): KernelUser | undefined {
    return this.user
  }
}
