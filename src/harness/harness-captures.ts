import type { KernelEventName, KernelEvents } from '../kernel/events/kernel-events.js'
import type { Kernel } from '../kernel/kernel.js'
import { formatBootTree } from '../kernel/plugin/boot-tree.js'
import type { BootTree } from '../kernel/plugin/boot-tree.js'
import { HarnessDataApi } from './harness-data-api.js'
import { HarnessLogger } from './harness-logger.js'
import type { HarnessLogEntry } from './harness-logger.js'
import { EventRecorder } from './recorders/event-recorder.js'
import type { DeepPartial, EventExpectation } from './recorders/event-recorder.js'
import { HookRecorder } from './recorders/hook-recorder.js'
import type { HookExpectation } from './recorders/hook-recorder.js'

/**
 * What a harness captures while its kernel runs, and the assertions over it: every hook the
 * pipeline fired, every kernel event, what plugins logged, and the boot tree. Whatever causes
 * them (a data call, an action, a request through `inject()`) is captured the same way.
 * {@link PluginTestHarness} builds on it.
 */
export abstract class HarnessCaptures extends HarnessDataApi {
  /** Every hook event the pipeline fired. */
  readonly hooks = new HookRecorder()
  /** Every kernel event, from `kernel:starting` on. */
  readonly events = new EventRecorder()
  /** The kernel's and the plugins' logger. */
  protected readonly logger: HarnessLogger

  /** `echoLogLevel`: log lines at or above it are echoed to the console. */
  constructor(echoLogLevel: HarnessLogEntry['level'] | 'none') {
    super()
    this.logger = new HarnessLogger(echoLogLevel)
  }

  /** What plugins logged through `ctx.logger` (and kernel warnings), in order. */
  get logs(): readonly HarnessLogEntry[] {
    return this.logger.entries
  }

  /** Assertions over one hook event (any alias), optionally on one object. */
  expectHook(event: string, object?: string): HookExpectation {
    return this.hooks.expect(event, object)
  }

  /** Assertions over one kernel event, optionally only payloads matching `where`. */
  expectEvent<K extends KernelEventName>(
    event: K,
    where?: DeepPartial<KernelEvents[K]>,
  ): EventExpectation<K> {
    return this.events.expect(event, where)
  }

  /** Forgets recorded hooks and events (e.g. after seeding, before the act under test). */
  resetCaptures(): this {
    this.hooks.clear()
    this.events.clear()
    return this
  }

  /** Every plugin phase the kernel ran, with timings. */
  get bootTree(): BootTree {
    return this.runningKernel().bootTree
  }

  /** The boot tree as indented text, for logs and failure messages. */
  formatBootTree(): string {
    return formatBootTree(this.runningKernel().bootTree)
  }

  /** Starts recording `kernel`'s hooks and events (before it starts, to see the boot). */
  protected attachCaptures(kernel: Kernel): void {
    this.hooks.attach((event, object, handler, options) =>
      kernel.on(event, object, handler, options),
    )
    this.events.attach(kernel.events)
  }

  /** Stops recording events. */
  protected detachCaptures(): void {
    this.events.detach()
  }
}
