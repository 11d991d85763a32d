import semver from 'semver'
import { ObjectQLError } from '../errors.js'
import type { Kernel } from '../kernel.js'

/** A value or a promise of it: every plugin hook may be sync or async. */
export type MaybePromise<T> = T | Promise<T>

/** The logger a plugin receives; `data` is structured context for the log line. */
export interface PluginLogger {
  debug(message: string, data?: Readonly<Record<string, unknown>>): void
  info(message: string, data?: Readonly<Record<string, unknown>>): void
  warn(message: string, data?: Readonly<Record<string, unknown>>): void
  error(message: string, data?: Readonly<Record<string, unknown>>): void
}

/** A handler of a named kernel-level hook (`@objectstack/core` style `ctx.hook`). */
export type PluginHookHandler = (...args: unknown[]) => MaybePromise<void>

/**
 * What every plugin hook receives. `engine` and `kernel` are the same object: `engine` is the
 * name upstream `RuntimePlugin`s use (`ctx.engine`), `kernel` the name this toolkit uses.
 */
export interface PluginContext {
  /** The kernel, under the name upstream `RuntimePlugin`s read. */
  readonly engine: Kernel
  /** The kernel. */
  readonly kernel: Kernel
  /** The kernel, for upstream code that calls `ctx.getKernel()`. */
  getKernel(): Kernel
  /** Publishes a service under `name`; a second registration of the name is `PLUGIN_CONFLICT`. */
  registerService(name: string, service: unknown): void
  /**
   * The service registered under `name`; `PLUGIN_DEPENDENCY_MISSING` when there is none. `T` is
   * not checked at runtime: the caller vouches for the service's shape.
   */
  getService<T = unknown>(name: string): T
  /** A logger whose lines name the plugin. */
  readonly logger: PluginLogger
  /** Subscribes to a named kernel-level hook (for `@objectstack/core` style plugins). */
  hook?(name: string, handler: PluginHookHandler): void
  /** Runs every handler of a named kernel-level hook, in subscription order. */
  trigger?(name: string, ...args: unknown[]): Promise<void>
}

/** A plugin lifecycle hook. */
export type PluginHook = (ctx: PluginContext) => MaybePromise<void>

/**
 * The toolkit's plugin shape. The loader orders plugins by `dependencies`, runs every `install`,
 * then every `onStart`, and on shutdown every `onStop` in reverse order.
 */
export interface KernelPlugin {
  /** Unique among the loaded plugins; errors and the boot tree name plugins by it. */
  readonly name: string
  /** A semver version, checked against the ranges of the plugins that depend on this one. */
  readonly version?: string
  /**
   * Plugins (or capabilities, see `provides`) that must be loaded first, each with a semver
   * range its version must satisfy (`'*'` accepts any version, also none).
   */
  readonly dependencies?: Readonly<Record<string, string>>
  /** Capabilities this plugin offers; two loaded plugins may not provide the same one. */
  readonly provides?: readonly string[]
  /** Plugins or capabilities that may not be loaded together with this plugin. */
  readonly conflicts?: readonly string[]
  /** Registers metadata, hooks, services. Runs for every plugin before any `onStart`. */
  install?(ctx: PluginContext): MaybePromise<void>
  /** Starts work (servers, timers, connections). */
  onStart?(ctx: PluginContext): MaybePromise<void>
  /** Releases what `onStart` acquired. Runs in reverse start order, only if `onStart` succeeded. */
  onStop?(ctx: PluginContext): MaybePromise<void>
  /** Milliseconds each hook may take before `PLUGIN_TIMEOUT`; `0` disables the timeout. */
  readonly timeoutMs?: number
}

/**
 * Upstream objectql `RuntimePlugin` (`@objectql/types` plugin.ts). It loads unchanged: `init`,
 * when present, runs right before `install` in the install phase.
 */
export interface RuntimePlugin {
  readonly name: string
  readonly version?: string
  init?(ctx: PluginContext): MaybePromise<void>
  install?(ctx: PluginContext): MaybePromise<void>
  onStart?(ctx: PluginContext): MaybePromise<void>
  onStop?(ctx: PluginContext): MaybePromise<void>
}

/**
 * Upstream `@objectstack/core` plugin. Adapted as: `dependencies` (names) become ranges `'*'`,
 * `init` runs in the install phase, `start` in the start phase, `destroy` in the stop phase.
 * `type` is informational and ignored.
 */
export interface CorePlugin {
  readonly name: string
  readonly version?: string
  readonly type?: string
  readonly dependencies?: readonly string[]
  init(ctx: PluginContext): MaybePromise<void>
  start?(ctx: PluginContext): MaybePromise<void>
  destroy?(): MaybePromise<void>
}

/** Anything the loader accepts; see `normalizePlugin` in plugin-adapter.ts. */
export type PluginInput = KernelPlugin | RuntimePlugin | CorePlugin

const HOOK_KEYS = ['install', 'onStart', 'onStop', 'init', 'start', 'destroy'] as const

function invalid(message: string, details: Record<string, unknown>): ObjectQLError {
  return new ObjectQLError('PLUGIN_INVALID', message, { details })
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
}

function checkNameList(name: string, key: string, value: unknown): void {
  if (value === undefined) return
  if (!Array.isArray(value)) {
    throw invalid(`plugin '${name}': ${key} must be an array of strings`, { plugin: name, key })
  }
  const seen = new Set<string>()
  for (const item of value as unknown[]) {
    if (typeof item !== 'string' || item === '') {
      throw invalid(`plugin '${name}': ${key} holds a non-string or empty entry`, {
        plugin: name,
        key,
      })
    }
    if (seen.has(item)) {
      throw invalid(`plugin '${name}': ${key} lists '${item}' twice`, { plugin: name, key, item })
    }
    seen.add(item)
  }
}

function checkDependencies(name: string, value: unknown): void {
  if (value === undefined || Array.isArray(value)) {
    // Arrays are the `@objectstack/core` form (names only); checked as a name list.
    checkNameList(name, 'dependencies', value)
    if (Array.isArray(value) && value.includes(name)) {
      throw invalid(`plugin '${name}' depends on itself`, { plugin: name })
    }
    return
  }
  if (typeof value !== 'object' || value === null) {
    throw invalid(`plugin '${name}': dependencies must be an object of semver ranges`, {
      plugin: name,
    })
  }
  for (const [dependency, range] of Object.entries(value)) {
    if (dependency === name) {
      throw invalid(`plugin '${name}' depends on itself`, { plugin: name })
    }
    if (typeof range !== 'string' || semver.validRange(range) === null) {
      throw invalid(
        `plugin '${name}': dependency '${dependency}' has an invalid semver range ${JSON.stringify(range)}`,
        { plugin: name, dependency, range },
      )
    }
  }
}

/**
 * Checks the shape of one plugin in any accepted form and throws `PLUGIN_INVALID` naming the
 * plugin and the problem: missing name, invalid semver version or range, hooks that are not
 * functions, a bad `timeoutMs`, malformed `provides`/`conflicts`.
 */
export function validatePlugin(plugin: unknown): asserts plugin is PluginInput {
  if (typeof plugin !== 'object' || plugin === null) {
    throw invalid(`a plugin must be an object, got ${describe(plugin)}`, {})
  }
  const p = plugin as Record<string, unknown>
  if (typeof p.name !== 'string' || p.name.trim() === '') {
    throw invalid('a plugin has no name (a non-empty string is required)', { name: p.name })
  }
  const name = p.name
  if (p.version !== undefined && (typeof p.version !== 'string' || !semver.valid(p.version))) {
    throw invalid(
      `plugin '${name}': version ${JSON.stringify(p.version)} is not a valid semver version`,
      { plugin: name, version: p.version },
    )
  }
  checkDependencies(name, p.dependencies)
  checkNameList(name, 'provides', p.provides)
  checkNameList(name, 'conflicts', p.conflicts)
  if (Array.isArray(p.conflicts) && p.conflicts.includes(name)) {
    throw invalid(`plugin '${name}' conflicts with itself`, { plugin: name })
  }
  for (const key of HOOK_KEYS) {
    if (p[key] !== undefined && typeof p[key] !== 'function') {
      throw invalid(`plugin '${name}': ${key} must be a function, got ${describe(p[key])}`, {
        plugin: name,
        hook: key,
      })
    }
  }
  const timeout = p.timeoutMs
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout >= 0))) {
    throw invalid(`plugin '${name}': timeoutMs must be a number >= 0 (0 disables it)`, {
      plugin: name,
      timeoutMs: timeout,
    })
  }
}

/**
 * Throws `PLUGIN_INVALID` when two plugins share a name; the message names the name and both
 * registration positions.
 */
export function assertUniqueNames(plugins: readonly { readonly name: string }[]): void {
  const seen = new Map<string, number>()
  plugins.forEach((plugin, index) => {
    const first = seen.get(plugin.name)
    if (first !== undefined) {
      throw invalid(
        `plugin '${plugin.name}' is registered twice (positions ${first} and ${index})`,
        { plugin: plugin.name, positions: [first, index] },
      )
    }
    seen.set(plugin.name, index)
  })
}

/**
 * Declares a plugin: validates its shape at definition time (so a typo fails where it is written,
 * not at boot) and returns it unchanged, typed. Pass an array to also reject duplicate names.
 *
 * @example
 * export const auditPlugin = definePlugin({
 *   name: 'audit',
 *   version: '1.2.0',
 *   dependencies: { security: '^2.0.0' },
 *   install(ctx) { ctx.registerService('audit', new AuditLog()) },
 * })
 */
export function definePlugin<P extends KernelPlugin>(plugin: P): P
export function definePlugin<P extends KernelPlugin>(plugins: readonly P[]): readonly P[]
export function definePlugin<P extends KernelPlugin>(input: P | readonly P[]): P | readonly P[] {
  if (Array.isArray(input)) {
    const list = input as readonly P[]
    for (const plugin of list) validatePlugin(plugin)
    assertUniqueNames(list)
    return list
  }
  validatePlugin(input)
  return input
}
