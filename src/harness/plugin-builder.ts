import { ObjectQLError } from '../kernel/errors.js'
import type { ActionHandler, ActionOptions } from '../kernel/actions/action-registry.js'
import type { HookHandler } from '../kernel/hooks/hook-context.js'
import { resolveHookEvent } from '../kernel/hooks/hook-events.js'
import { Kernel } from '../kernel/kernel.js'
import { validatePlugin } from '../kernel/plugin/plugin.js'
import type { KernelPlugin, PluginContext, PluginHook } from '../kernel/plugin/plugin.js'
import type { ObjectConfig } from '../kernel/spec/object-config.js'

/** Options of {@link PluginBuilder.hook}. */
export interface BuilderHookOptions {
  /** Lower runs first; default 100 (the kernel's default). */
  readonly priority?: number
  /** A name for error messages and listings; default `<plugin>:<event>:<object>`. */
  readonly name?: string
}

interface HookSpec {
  readonly event: string
  readonly object: string
  readonly handler: HookHandler
  readonly options: BuilderHookOptions
}

interface ActionSpec {
  readonly object: string
  readonly name: string
  readonly handler: ActionHandler
  readonly options: Omit<ActionOptions, 'package'>
}

/**
 * The fluent way to write a plugin:
 *
 * @example
 * const audit = new PluginBuilder()
 *   .name('audit')
 *   .version('1.0.0')
 *   .dependency('security', '^2.0.0')
 *   .hook('beforeCreate', 'users', (ctx) => { ctx.data = { ...ctx.data, source: 'api' } })
 *   .action('users', 'deactivate', ({ id, api }) => api.update('users', id ?? '', { active: false }))
 *   .onInstall((ctx) => ctx.logger.info('audit installed'))
 *   .build()
 *
 * `build()` returns a plain {@link KernelPlugin} (checked with the kernel's own plugin validation,
 * so mistakes fail at `build()` with `PLUGIN_INVALID` / `HOOK_INVALID`). Its `install` registers,
 * in this order, the declared objects, hooks and actions, all owned by the plugin's name as
 * package (so `kernel.unregisterPackage(name)` removes them), then runs `onInstall`.
 */
export class PluginBuilder {
  private pluginName: string | undefined
  private pluginVersion: string | undefined
  private readonly dependencies: Record<string, string> = {}
  private readonly provided: string[] = []
  private readonly conflicting: string[] = []
  private readonly hooks: HookSpec[] = []
  private readonly actions: ActionSpec[] = []
  private readonly objects: ObjectConfig[] = []
  private installHook: PluginHook | undefined
  private startHook: PluginHook | undefined
  private stopHook: PluginHook | undefined
  private timeout: number | undefined

  /** The plugin's unique name (required). */
  name(name: string): this {
    this.pluginName = name
    return this
  }

  /** The plugin's semver version. */
  version(version: string): this {
    this.pluginVersion = version
    return this
  }

  /** Requires plugin (or capability) `name` in a version satisfying `range` (default `*`). */
  dependency(name: string, range = '*'): this {
    this.dependencies[name] = range
    return this
  }

  /** Declares capabilities this plugin offers. */
  provides(...capabilities: string[]): this {
    this.provided.push(...capabilities)
    return this
  }

  /** Declares plugins or capabilities that cannot be loaded together with this one. */
  conflicts(...names: string[]): this {
    this.conflicting.push(...names)
    return this
  }

  /** Registers a hook at install: `event` in any spelling (`beforeCreate`, `before:insert`...). */
  hook(
    event: string,
    object: string,
    handler: HookHandler,
    options: BuilderHookOptions = {},
  ): this {
    resolveHookEvent(event) // an unknown event fails here, where it is written
    if (typeof handler !== 'function') {
      throw new ObjectQLError('HOOK_INVALID', `hook '${event}' on '${object}' has no handler`)
    }
    this.hooks.push({ event, object, handler, options })
    return this
  }

  /** Registers an action at install. */
  action(
    object: string,
    name: string,
    handler: ActionHandler,
    options: Omit<ActionOptions, 'package'> = {},
  ): this {
    this.actions.push({ object, name, handler, options })
    return this
  }

  /** Registers an object definition at install (owned by the plugin). */
  object(config: ObjectConfig): this {
    this.objects.push(config)
    return this
  }

  /** Runs after the declared objects, hooks and actions are registered. */
  onInstall(fn: PluginHook): this {
    this.installHook = fn
    return this
  }

  /** Runs when the kernel starts the plugin. */
  onStart(fn: PluginHook): this {
    this.startHook = fn
    return this
  }

  /** Runs when the kernel stops the plugin. */
  onStop(fn: PluginHook): this {
    this.stopHook = fn
    return this
  }

  /** Milliseconds each phase may take before `PLUGIN_TIMEOUT` (`0` disables). */
  timeoutMs(ms: number): this {
    this.timeout = ms
    return this
  }

  /** The plugin. @throws ObjectQLError `PLUGIN_INVALID` when the definition is incomplete or wrong. */
  build(): KernelPlugin {
    const name = this.pluginName
    if (name === undefined) {
      throw new ObjectQLError('PLUGIN_INVALID', 'PluginBuilder: call .name() before .build()')
    }
    const hooks = [...this.hooks]
    const actions = [...this.actions]
    const objects = [...this.objects]
    const installHook = this.installHook
    const plugin: KernelPlugin = {
      name,
      ...(this.pluginVersion === undefined ? {} : { version: this.pluginVersion }),
      ...(Object.keys(this.dependencies).length === 0
        ? {}
        : { dependencies: { ...this.dependencies } }),
      ...(this.provided.length === 0 ? {} : { provides: [...this.provided] }),
      ...(this.conflicting.length === 0 ? {} : { conflicts: [...this.conflicting] }),
      ...(this.timeout === undefined ? {} : { timeoutMs: this.timeout }),
      async install(ctx: PluginContext) {
        const kernel = kernelOf(ctx, name)
        for (const object of objects) await kernel.registerObject(object, name)
        for (const { event, object, handler, options } of hooks) {
          kernel.on(event, object, handler, {
            package: name,
            name: options.name ?? `${name}:${event}:${object}`,
            ...(options.priority === undefined ? {} : { priority: options.priority }),
          })
        }
        for (const action of actions) {
          kernel.registerAction(action.object, action.name, action.handler, {
            ...action.options,
            package: name,
          })
        }
        await installHook?.(ctx)
      },
      ...(this.startHook === undefined ? {} : { onStart: this.startHook }),
      ...(this.stopHook === undefined ? {} : { onStop: this.stopHook }),
    }
    validatePlugin(plugin)
    return plugin
  }
}

// Builder plugins register through the toolkit kernel's API (on, registerAction, registerObject).
function kernelOf(ctx: PluginContext, plugin: string): Kernel {
  const kernel: unknown = ctx.kernel
  if (!(kernel instanceof Kernel)) {
    throw new ObjectQLError(
      'PLUGIN_INVALID',
      `plugin '${plugin}' was built with PluginBuilder and needs the objectql-toolkit kernel`,
    )
  }
  return kernel
}
