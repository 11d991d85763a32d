import { EventBus } from '../events/event-bus.js'
import { ServiceRegistry } from './service-registry.js'
import type { Kernel } from '../kernel.js'
import type { KernelPlugin, PluginContext, PluginHookHandler, PluginLogger } from './plugin.js'

/** Builds the context one plugin receives; the loader calls it once per plugin and phase. */
export type PluginContextFactory = (plugin: KernelPlugin) => PluginContext

/** Named kernel-level hooks (`ctx.hook` / `ctx.trigger`): each name carries its argument list. */
export type PluginHookEvents = Record<string, readonly unknown[]>

/** Options for {@link createPluginContextFactory}. */
export interface PluginContextFactoryOptions {
  /** Passed to plugins as `ctx.kernel`, `ctx.engine` and `ctx.getKernel()`. */
  readonly kernel: Kernel
  /** Shared by all plugins; created when omitted. */
  readonly services?: ServiceRegistry
  /** The kernel's logger; each plugin gets a child that adds `{ plugin: name }`. */
  readonly logger?: PluginLogger
  /** The channel behind `ctx.hook`/`ctx.trigger`; created when omitted. */
  readonly hooks?: EventBus<PluginHookEvents>
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const

/** The level names of {@link PluginLogger}, lowest first. */
export type LogLevel = (typeof LEVELS)[number]

/**
 * A logger on the console that drops lines below `level` (default `warn`: a library should not
 * chat on stdout, but warnings and errors must be seen).
 */
export function createConsoleLogger(level: LogLevel = 'warn'): PluginLogger {
  const min = LEVELS.indexOf(level)
  const at =
    (lvl: LogLevel, write: (...args: unknown[]) => void) =>
    (message: string, data?: Readonly<Record<string, unknown>>): void => {
      if (LEVELS.indexOf(lvl) < min) return
      if (data === undefined) write(`[objectql] ${message}`)
      else write(`[objectql] ${message}`, data)
    }
  return {
    debug: at('debug', console.debug),
    info: at('info', console.info),
    warn: at('warn', console.warn),
    error: at('error', console.error),
  }
}

function childLogger(base: PluginLogger, plugin: string): PluginLogger {
  const withPlugin = (data?: Readonly<Record<string, unknown>>) => ({ ...data, plugin })
  return {
    debug: (message, data) => base.debug(message, withPlugin(data)),
    info: (message, data) => base.info(message, withPlugin(data)),
    warn: (message, data) => base.warn(message, withPlugin(data)),
    error: (message, data) => base.error(message, withPlugin(data)),
  }
}

/**
 * Returns a factory of per-plugin contexts over shared services and hooks. Per plugin, so that a
 * service conflict or a missing service names the plugin that caused it, and log lines carry the
 * plugin's name. A plugin gets the same context object in every phase.
 *
 * `ctx.hook(name, fn)` / `ctx.trigger(name, ...args)` (the `@objectstack/core` kernel hooks) run on
 * an {@link EventBus}: handlers run in subscription order, and a failing handler is logged through
 * the kernel logger without stopping the others.
 */
export function createPluginContextFactory(
  options: PluginContextFactoryOptions,
): PluginContextFactory {
  const services = options.services ?? new ServiceRegistry()
  const logger = options.logger ?? createConsoleLogger()
  const hooks =
    options.hooks ??
    new EventBus<PluginHookEvents>({
      onListenerError: (error, info) =>
        logger.error(error.message, { hook: info.event, code: error.code }),
    })
  const contexts = new WeakMap<KernelPlugin, PluginContext>()
  const kernel = options.kernel

  return (plugin) => {
    const cached = contexts.get(plugin)
    if (cached !== undefined) return cached
    const name = plugin.name
    const context: PluginContext = {
      engine: kernel,
      kernel,
      logger: childLogger(logger, name),
      getKernel: () => kernel,
      registerService: (service, value) => services.register(service, value, name),
      getService: <T>(service: string) => services.get<T>(service, name),
      hook: (hook: string, handler: PluginHookHandler) => {
        hooks.on(hook, (args) => handler(...args))
      },
      trigger: (hook: string, ...args: unknown[]) => hooks.emit(hook, args),
    }
    contexts.set(plugin, context)
    return context
  }
}
