import { ObjectQLError, isObjectQLError } from '../errors.js'
import { pluginSteps } from './plugin-adapter.js'
import type { BootStatus, BootTreeNode } from './boot-tree.js'
import type { PluginPhase } from './plugin-adapter.js'
import type { KernelPlugin, PluginContext } from './plugin.js'

/** What {@link runPluginPhase} needs besides the plugin. */
export interface PhaseRunOptions {
  /** Milliseconds for the whole phase of this plugin; `0` disables the timeout. */
  readonly timeoutMs: number
  /** Monotonic clock in milliseconds. */
  readonly now: () => number
}

/** The outcome of one plugin phase: its boot-tree node and, when it did not succeed, the error. */
export interface PhaseRunResult {
  readonly node: BootTreeNode
  readonly error: ObjectQLError | undefined
}

/**
 * Wraps what a plugin threw so the message names the plugin and phase. A coded error keeps its
 * code (and details); anything else becomes `INTERNAL_ERROR`. The original is always the cause.
 */
export function wrapPluginError(
  plugin: KernelPlugin,
  phase: PluginPhase,
  hook: string,
  error: unknown,
): ObjectQLError {
  const where = `plugin '${plugin.name}' failed in ${phase} (${hook}())`
  const context = { plugin: plugin.name, phase, hook }
  if (isObjectQLError(error)) {
    return new ObjectQLError(error.code, `${where}: ${error.message}`, {
      cause: error,
      details: { ...error.details, ...context },
    })
  }
  const message = error instanceof Error ? error.message : String(error)
  return new ObjectQLError('INTERNAL_ERROR', `${where}: ${message}`, {
    cause: error,
    details: context,
  })
}

class Deadline {
  readonly promise: Promise<never>
  /** The timeout error, once the deadline has passed. */
  error: ObjectQLError | undefined
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(ms: number, onExpire: () => ObjectQLError) {
    this.promise = new Promise<never>((_, reject) => {
      this.timer = setTimeout(() => {
        this.error = onExpire()
        reject(this.error)
      }, ms)
    })
    // The race below observes the rejection; this handler only stops Node from reporting the
    // sentinel as unhandled when it fires between two steps' races.
    this.promise.catch(() => undefined)
  }

  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
  }
}

function node(
  plugin: KernelPlugin,
  phase: PluginPhase,
  hook: string | undefined,
  durationMs: number,
  status: BootStatus,
  error: ObjectQLError | undefined,
  children?: readonly BootTreeNode[],
): BootTreeNode {
  return {
    plugin: plugin.name,
    version: plugin.version,
    phase,
    ...(hook === undefined ? {} : { hook }),
    durationMs,
    status,
    ...(error === undefined ? {} : { error: error.message }),
    ...(children === undefined ? {} : { children }),
  }
}

/**
 * Runs one phase of one plugin (every hook of it, in order) under a single deadline, and never
 * throws: failures come back as a coded error plus a boot-tree node. A hook still running when
 * the deadline passes cannot be cancelled; if it fails later, that failure is logged through
 * `ctx.logger.error` rather than lost.
 */
export async function runPluginPhase(
  plugin: KernelPlugin,
  phase: PluginPhase,
  ctx: PluginContext,
  options: PhaseRunOptions,
): Promise<PhaseRunResult> {
  const steps = pluginSteps(plugin, phase)
  const started = options.now()
  if (steps.length === 0) {
    return { node: node(plugin, phase, undefined, 0, 'ok', undefined), error: undefined }
  }
  let currentHook = steps[0]?.hook ?? phase
  const deadline =
    options.timeoutMs > 0
      ? new Deadline(
          options.timeoutMs,
          () =>
            new ObjectQLError(
              'PLUGIN_TIMEOUT',
              `plugin '${plugin.name}' did not finish ${phase} within ${options.timeoutMs} ms (stuck in ${currentHook}())`,
              {
                details: {
                  plugin: plugin.name,
                  phase,
                  hook: currentHook,
                  timeoutMs: options.timeoutMs,
                },
              },
            ),
        )
      : undefined
  const children: BootTreeNode[] = []
  let failure: ObjectQLError | undefined
  let status: BootStatus = 'ok'
  try {
    for (const step of steps) {
      currentHook = step.hook
      const stepStart = options.now()
      // An async wrapper turns a synchronous throw into a rejection, so both paths are handled
      // alike, and runs the hook right away (not a microtask later).
      const running = (async () => step.run(ctx))()
      running.then(
        () => {
          if (deadline?.error === undefined) return
          // It did finish, but the loader already gave up on it: it will not be stopped.
          ctx.logger.warn(
            `plugin '${plugin.name}' finished ${step.hook}() after timing out; it is treated as failed`,
            { plugin: plugin.name, phase },
          )
        },
        (error: unknown) => {
          if (deadline?.error !== undefined) {
            ctx.logger.error(`plugin '${plugin.name}' failed in ${step.hook}() after timing out`, {
              plugin: plugin.name,
              phase,
              error: error instanceof Error ? error.message : String(error),
            })
          }
        },
      )
      try {
        await (deadline === undefined ? running : Promise.race([running, deadline.promise]))
        children.push(node(plugin, phase, step.hook, options.now() - stepStart, 'ok', undefined))
      } catch (error) {
        const timeout = deadline?.error
        status = timeout !== undefined && error === timeout ? 'timeout' : 'failed'
        failure = status === 'timeout' ? timeout : wrapPluginError(plugin, phase, step.hook, error)
        children.push(node(plugin, phase, step.hook, options.now() - stepStart, status, failure))
        break
      }
    }
  } finally {
    deadline?.clear()
  }
  const duration = options.now() - started
  if (steps.length === 1) {
    return { node: node(plugin, phase, steps[0]?.hook, duration, status, failure), error: failure }
  }
  return {
    node: node(plugin, phase, undefined, duration, status, failure, children),
    error: failure,
  }
}
