import { ObjectQLError } from '../errors.js'
import { validatePlugin } from './plugin.js'
import type {
  CorePlugin,
  KernelPlugin,
  MaybePromise,
  PluginContext,
  PluginInput,
  RuntimePlugin,
} from './plugin.js'

/** The three loader phases. */
export type PluginPhase = 'install' | 'start' | 'stop'

/** Which upstream shape a plugin was written in. */
export type PluginStyle = 'kernel' | 'runtime' | 'core'

/** One hook call inside a phase; `hook` is the method name as the plugin author wrote it. */
export interface PluginStep {
  readonly hook: string
  run(ctx: PluginContext): MaybePromise<void>
}

interface Adapted {
  readonly style: PluginStyle
  readonly steps: Readonly<Record<PluginPhase, readonly PluginStep[]>>
}

// Adapted plugins remember their original hooks so the boot tree can show `init`/`destroy` as
// the author named them; kernel-style plugins need no entry (their steps derive from the hooks).
const ADAPTED = new WeakMap<KernelPlugin, Adapted>()

function isCoreStyle(p: Record<string, unknown>): boolean {
  return (
    Array.isArray(p.dependencies) ||
    typeof p.start === 'function' ||
    typeof p.destroy === 'function'
  )
}

function hasKernelHooks(p: Record<string, unknown>): boolean {
  return (
    typeof p.install === 'function' ||
    typeof p.onStart === 'function' ||
    typeof p.onStop === 'function'
  )
}

function unsupported(plugin: string, member: string): () => never {
  return () => {
    throw new ObjectQLError(
      'NOT_SUPPORTED',
      `plugin '${plugin}' called ctx.${member}(), which this kernel's plugin context does not provide`,
      { details: { plugin, member } },
    )
  }
}

/**
 * The context a `@objectstack/core` plugin sees: the same services, with `hook`/`trigger` always
 * present (a clear `NOT_SUPPORTED` when the kernel did not supply them, instead of a TypeError).
 */
function coreContext(ctx: PluginContext, plugin: string): PluginContext {
  const hook = ctx.hook?.bind(ctx)
  const trigger = ctx.trigger?.bind(ctx)
  return {
    engine: ctx.engine,
    kernel: ctx.kernel,
    logger: ctx.logger,
    getKernel: () => ctx.getKernel(),
    registerService: (name, service) => ctx.registerService(name, service),
    getService: <T>(name: string) => ctx.getService<T>(name),
    hook: hook ?? unsupported(plugin, 'hook'),
    trigger: trigger ?? unsupported(plugin, 'trigger'),
  }
}

function adaptCore(plugin: CorePlugin): KernelPlugin {
  const dependencies = Object.fromEntries((plugin.dependencies ?? []).map((d) => [d, '*']))
  const install: PluginStep[] = []
  const start: PluginStep[] = []
  const stop: PluginStep[] = []
  if (typeof plugin.init === 'function') {
    install.push({ hook: 'init', run: (ctx) => plugin.init(coreContext(ctx, plugin.name)) })
  }
  if (typeof plugin.start === 'function') {
    const run = plugin.start.bind(plugin)
    start.push({ hook: 'start', run: (ctx) => run(coreContext(ctx, plugin.name)) })
  }
  if (typeof plugin.destroy === 'function') {
    const run = plugin.destroy.bind(plugin)
    stop.push({ hook: 'destroy', run: () => run() })
  }
  return register(plugin, dependencies, 'core', { install, start, stop })
}

function adaptRuntime(plugin: RuntimePlugin): KernelPlugin {
  const install: PluginStep[] = []
  if (typeof plugin.init === 'function') {
    const run = plugin.init.bind(plugin)
    install.push({ hook: 'init', run })
  }
  if (typeof plugin.install === 'function') {
    const run = plugin.install.bind(plugin)
    install.push({ hook: 'install', run })
  }
  const start: PluginStep[] = []
  if (typeof plugin.onStart === 'function')
    start.push({ hook: 'onStart', run: plugin.onStart.bind(plugin) })
  const stop: PluginStep[] = []
  if (typeof plugin.onStop === 'function')
    stop.push({ hook: 'onStop', run: plugin.onStop.bind(plugin) })
  return register(plugin, undefined, 'runtime', { install, start, stop })
}

async function runAll(steps: readonly PluginStep[], ctx: PluginContext): Promise<void> {
  for (const step of steps) await step.run(ctx)
}

function register(
  original: PluginInput,
  dependencies: Record<string, string> | undefined,
  style: PluginStyle,
  steps: Record<PluginPhase, readonly PluginStep[]>,
): KernelPlugin {
  const adapted: KernelPlugin = {
    name: original.name,
    ...(original.version === undefined ? {} : { version: original.version }),
    ...(dependencies === undefined || Object.keys(dependencies).length === 0
      ? {}
      : { dependencies }),
    ...(steps.install.length > 0 ? { install: (ctx) => runAll(steps.install, ctx) } : {}),
    ...(steps.start.length > 0 ? { onStart: (ctx) => runAll(steps.start, ctx) } : {}),
    ...(steps.stop.length > 0 ? { onStop: (ctx) => runAll(steps.stop, ctx) } : {}),
  }
  ADAPTED.set(adapted, { style, steps })
  return adapted
}

/**
 * Turns any accepted plugin shape into a {@link KernelPlugin} after validating it
 * (`PLUGIN_INVALID` on a bad shape):
 * - a `KernelPlugin` is returned as is (same object);
 * - an upstream `RuntimePlugin` with `init` runs `init` then `install` in the install phase;
 * - an `@objectstack/core` plugin (recognised by array `dependencies`, `start` or `destroy`):
 *   `dependencies: ['a']` -> `{ a: '*' }`, `init(ctx)` -> install, `start(ctx)` -> onStart,
 *   `destroy()` -> onStop; its context always has `getKernel`, `hook` and `trigger`.
 * A plugin that mixes the core hooks with `install`/`onStart`/`onStop` is `PLUGIN_INVALID`: the
 * loader could not know which lifecycle the author meant.
 */
export function normalizePlugin(input: PluginInput): KernelPlugin {
  validatePlugin(input)
  const p = input as unknown as Record<string, unknown>
  if (isCoreStyle(p)) {
    if (hasKernelHooks(p)) {
      throw new ObjectQLError(
        'PLUGIN_INVALID',
        `plugin '${input.name}' mixes @objectstack/core hooks (init/start/destroy) with install/onStart/onStop`,
        { details: { plugin: input.name } },
      )
    }
    return adaptCore(input as CorePlugin)
  }
  if (typeof p.init === 'function') return adaptRuntime(input)
  return input as KernelPlugin
}

/** The shape the plugin was written in (`kernel` for plugins that needed no adapting). */
export function pluginStyle(plugin: KernelPlugin): PluginStyle {
  return ADAPTED.get(plugin)?.style ?? 'kernel'
}

/** The hook calls that make up `phase` for this plugin, in order (empty when it has none). */
export function pluginSteps(plugin: KernelPlugin, phase: PluginPhase): readonly PluginStep[] {
  const adapted = ADAPTED.get(plugin)
  if (adapted !== undefined) return adapted.steps[phase]
  const key = phase === 'install' ? 'install' : phase === 'start' ? 'onStart' : 'onStop'
  if (typeof plugin[key] !== 'function') return []
  // Called as a method so class-based plugins keep their `this`.
  return [{ hook: key, run: (ctx) => plugin[key]?.(ctx) }]
}
