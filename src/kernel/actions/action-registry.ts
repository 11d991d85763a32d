import { ObjectQLError } from '../errors.js'
import type { DataApi } from '../pipeline/data-api.js'
import type { KernelUser } from '../pipeline/execution-context.js'
import type { FieldConfig } from '../spec/object-config.js'

/** What an action handler receives (upstream objectql's `ActionContext`). */
export interface ActionContext {
  readonly objectName: string
  readonly actionName: string
  /** The record the action runs on, for record actions (`input.id` when params do not declare `id`). */
  readonly id?: string
  /** The validated input (defaults applied, dates normalized). */
  readonly input: Readonly<Record<string, unknown>>
  /** The hook-aware data API, bound to the caller. */
  readonly api: DataApi
  readonly user?: KernelUser
}

/** An action handler; its return value is the action's result. */
export type ActionHandler = (ctx: ActionContext) => unknown

/** Options of `kernel.registerAction(...)`. */
export interface ActionOptions {
  /** Parameters, declared like fields; input is validated against them. No params: any object. */
  readonly params?: Readonly<Record<string, FieldConfig>>
  /** The package that owns the action; `unregisterPackage` removes it. */
  readonly package?: string
  readonly label?: string
  readonly description?: string
}

/** A registered action, as `listActions` describes it. */
export interface ActionDescriptor {
  readonly object: string
  readonly name: string
  readonly params?: Readonly<Record<string, FieldConfig>>
  readonly package?: string
  readonly label?: string
  readonly description?: string
}

/** A registered action with its handler. */
export interface ActionEntry extends ActionDescriptor {
  readonly handler: ActionHandler
}

/**
 * Actions by `object:name` (upstream's key). Registration replaces nothing silently: a second
 * action with the same object and name is `CONFIG_INVALID`.
 */
export class ActionRegistry {
  readonly #actions = new Map<string, ActionEntry>()

  /**
   * Registers an action.
   *
   * @returns a function that removes it (idempotent).
   * @throws ObjectQLError `CONFIG_INVALID` for a missing handler, an empty name or a duplicate.
   */
  register(
    object: string,
    name: string,
    handler: ActionHandler,
    options: ActionOptions = {},
  ): () => void {
    if (typeof object !== 'string' || object === '' || typeof name !== 'string' || name === '') {
      throw new ObjectQLError(
        'CONFIG_INVALID',
        'an action needs an object name and an action name',
        {
          details: { object, action: name },
        },
      )
    }
    if (typeof handler !== 'function') {
      throw new ObjectQLError('CONFIG_INVALID', `action '${object}:${name}' has no handler`, {
        details: { object, action: name },
      })
    }
    const key = actionKey(object, name)
    if (this.#actions.has(key)) {
      throw new ObjectQLError('CONFIG_INVALID', `action '${key}' is already registered`, {
        details: { object, action: name },
      })
    }
    const entry: ActionEntry = Object.freeze({
      object,
      name,
      handler,
      ...(options.params === undefined ? {} : { params: options.params }),
      ...(options.package === undefined ? {} : { package: options.package }),
      ...(options.label === undefined ? {} : { label: options.label }),
      ...(options.description === undefined ? {} : { description: options.description }),
    })
    this.#actions.set(key, entry)
    return () => {
      if (this.#actions.get(key) === entry) this.#actions.delete(key)
    }
  }

  /**
   * The action, or `ACTION_NOT_FOUND` naming the object and the action.
   */
  get(object: string, name: string): ActionEntry {
    const entry = this.#actions.get(actionKey(object, name))
    if (entry === undefined) {
      throw new ObjectQLError('ACTION_NOT_FOUND', `no action '${name}' on object '${object}'`, {
        details: { object, action: name },
      })
    }
    return entry
  }

  /** Descriptors (without handlers) of every action, or of one object's, in registration order. */
  list(object?: string): ActionDescriptor[] {
    const entries = [...this.#actions.values()]
    return entries
      .filter((entry) => object === undefined || entry.object === object)
      .map(({ handler: _handler, ...descriptor }) => descriptor)
  }

  /** Removes the actions owned by `packageName`; returns how many. */
  unregisterPackage(packageName: string): number {
    let removed = 0
    for (const [key, entry] of this.#actions) {
      if (entry.package === packageName) {
        this.#actions.delete(key)
        removed++
      }
    }
    return removed
  }
}

function actionKey(object: string, name: string): string {
  return `${object}:${name}`
}
