import { ObjectQLError } from '../errors.js'
import { normalizePlugin } from './plugin-adapter.js'
import { orderPlugins } from './plugin-graph.js'
import { assertUniqueNames } from './plugin.js'
import { runPluginPhase } from './plugin-runner.js'
import type { EventBus } from '../events/event-bus.js'
import type { KernelEvents, PluginPhaseEvent } from '../events/kernel-events.js'
import type { BootTree, BootTreeNode } from './boot-tree.js'
import type { PluginPhase } from './plugin-adapter.js'
import type { PluginContextFactory } from './plugin-context.js'
import type { KernelPlugin, PluginContext, PluginInput } from './plugin.js'

/** The default per-plugin, per-phase timeout. */
export const DEFAULT_PLUGIN_TIMEOUT_MS = 10_000

/** Options for {@link PluginLoader}. */
export interface PluginLoaderOptions {
  /** Timeout of each plugin phase unless the plugin sets `timeoutMs`; `0` disables. Default 10 s. */
  readonly timeoutMs?: number
  /** When given, `plugin:installed|started|stopped` are emitted on it after each plugin. */
  readonly events?: EventBus<KernelEvents>
  /** Monotonic clock for the boot tree; default `performance.now`. */
  readonly now?: () => number
}

/** Where the loader is in its lifecycle. `failed`: install or start failed (and was rolled back). */
export type PluginLoaderState =
  'idle' | 'installing' | 'installed' | 'starting' | 'started' | 'stopping' | 'stopped' | 'failed'

/** A context for every plugin, or a factory making one per plugin (see `createPluginContextFactory`). */
export type PluginContextSource = PluginContext | PluginContextFactory

const PHASE_EVENT = {
  install: 'plugin:installed',
  start: 'plugin:started',
  stop: 'plugin:stopped',
} as const satisfies Record<PluginPhase, keyof KernelEvents>

function stateError(action: string, state: PluginLoaderState): ObjectQLError {
  return new ObjectQLError(
    'KERNEL_STATE',
    `cannot ${action} plugins while the loader is ${state}`,
    {
      details: { action, state },
    },
  )
}

function summary(error: ObjectQLError): Record<string, unknown> {
  return { plugin: error.details?.plugin ?? null, code: error.code, message: error.message }
}

/**
 * Runs plugins through install -> start -> stop. Plugins are ordered by their dependencies
 * ({@link orderPlugins}) when `install` begins, so they may be registered in any order. Each
 * plugin phase has a timeout (`PLUGIN_TIMEOUT` naming the plugin and phase); errors a plugin
 * throws come back as coded errors naming it, with the original as `cause`. `stop` runs in
 * reverse order and only for plugins whose start succeeded; a failed `start` stops those already
 * started before rethrowing. Every phase lands in the {@link bootTree}.
 */
export class PluginLoader {
  private readonly registered: KernelPlugin[] = []
  private ordered: KernelPlugin[] | undefined
  private readonly started: KernelPlugin[] = []
  private readonly tree: BootTreeNode[] = []
  private current: PluginLoaderState = 'idle'
  private readonly timeoutMs: number
  private readonly now: () => number

  constructor(
    plugins: readonly PluginInput[] = [],
    private readonly options: PluginLoaderOptions = {},
  ) {
    const timeout = options.timeoutMs ?? DEFAULT_PLUGIN_TIMEOUT_MS
    if (typeof timeout !== 'number' || !(timeout >= 0)) {
      throw new ObjectQLError(
        'CONFIG_INVALID',
        `plugin timeoutMs must be >= 0, got ${String(timeout)}`,
      )
    }
    this.timeoutMs = timeout
    this.now = options.now ?? (() => performance.now())
    this.register(...plugins)
  }

  /** Adds plugins before `install`; shapes and duplicate names are checked right away. */
  register(...plugins: PluginInput[]): void {
    if (this.current !== 'idle') throw stateError('register', this.current)
    const normalized = plugins.map((plugin) => normalizePlugin(plugin))
    assertUniqueNames([...this.registered, ...normalized])
    this.registered.push(...normalized)
    this.ordered = undefined
  }

  /** The loader's lifecycle state. */
  get state(): PluginLoaderState {
    return this.current
  }

  /** The plugins in boot order; throws the dependency-graph errors of {@link orderPlugins}. */
  plugins(): readonly KernelPlugin[] {
    this.ordered ??= orderPlugins(this.registered)
    return this.ordered
  }

  /** Names of the plugins whose start succeeded and that have not been stopped, in start order. */
  startedPlugins(): readonly string[] {
    return this.started.map((plugin) => plugin.name)
  }

  /** Every plugin phase run so far, in order (a copy). */
  bootTree(): BootTree {
    return [...this.tree]
  }

  /** Runs every plugin's install phase in boot order; stops at the first failure. */
  async install(ctx: PluginContextSource): Promise<void> {
    if (this.current !== 'idle') throw stateError('install', this.current)
    const plugins = this.plugins()
    this.current = 'installing'
    for (const plugin of plugins) {
      const error = await this.run(plugin, 'install', ctx)
      if (error !== undefined) {
        this.current = 'failed'
        throw error
      }
    }
    this.current = 'installed'
  }

  /**
   * Runs every plugin's start phase in boot order. When one fails (or times out), the plugins
   * already started are stopped in reverse, then the error is thrown; rollback failures are
   * logged and listed in its `details.rollbackFailures`.
   */
  async start(ctx: PluginContextSource): Promise<void> {
    if (this.current !== 'installed') throw stateError('start', this.current)
    this.current = 'starting'
    for (const plugin of this.plugins()) {
      const error = await this.run(plugin, 'start', ctx)
      if (error === undefined) {
        this.started.push(plugin)
        continue
      }
      const rollback = await this.stopStarted(ctx)
      this.current = 'failed'
      if (rollback.length === 0) throw error
      throw new ObjectQLError(error.code, error.message, {
        cause: error.cause,
        details: { ...error.details, rollbackFailures: rollback.map(summary) },
      })
    }
    this.current = 'started'
  }

  /**
   * Stops the started plugins in reverse start order. A failing `onStop` does not keep the others
   * running: all are stopped, then the failure is thrown (several: one error listing them, with an
   * `AggregateError` as cause). Stopping a loader that never started is a no-op.
   */
  async stop(ctx: PluginContextSource): Promise<void> {
    if (
      this.current === 'installing' ||
      this.current === 'starting' ||
      this.current === 'stopping'
    ) {
      throw stateError('stop', this.current)
    }
    if (this.current === 'failed' || this.current === 'stopped') return
    this.current = 'stopping'
    const failures = await this.stopStarted(ctx)
    this.current = 'stopped'
    const [first] = failures
    if (first === undefined) return
    if (failures.length === 1) throw first
    const names = failures.map((error) => `'${String(error.details?.plugin)}'`)
    throw new ObjectQLError(
      first.code,
      `${failures.length} plugins failed to stop (${names.join(', ')}): ${failures.map((e) => e.message).join('; ')}`,
      {
        cause: new AggregateError(failures),
        details: {
          plugins: failures.map((e) => e.details?.plugin ?? null),
          phase: 'stop',
          failures: failures.map(summary),
        },
      },
    )
  }

  private async stopStarted(ctx: PluginContextSource): Promise<ObjectQLError[]> {
    const failures: ObjectQLError[] = []
    while (this.started.length > 0) {
      const plugin = this.started.pop()
      if (plugin === undefined) break
      const error = await this.run(plugin, 'stop', ctx)
      if (error === undefined) continue
      failures.push(error)
      this.contextFor(plugin, ctx).logger.error(error.message, {
        plugin: plugin.name,
        code: error.code,
      })
    }
    return failures
  }

  private contextFor(plugin: KernelPlugin, ctx: PluginContextSource): PluginContext {
    return typeof ctx === 'function' ? ctx(plugin) : ctx
  }

  private async run(
    plugin: KernelPlugin,
    phase: PluginPhase,
    ctx: PluginContextSource,
  ): Promise<ObjectQLError | undefined> {
    const result = await runPluginPhase(plugin, phase, this.contextFor(plugin, ctx), {
      timeoutMs: plugin.timeoutMs ?? this.timeoutMs,
      now: this.now,
    })
    this.tree.push(result.node)
    if (result.error === undefined && this.options.events !== undefined) {
      const payload: PluginPhaseEvent = {
        plugin: plugin.name,
        ...(plugin.version === undefined ? {} : { version: plugin.version }),
        durationMs: result.node.durationMs,
      }
      await this.options.events.emit(PHASE_EVENT[phase], payload)
    }
    return result.error
  }
}
