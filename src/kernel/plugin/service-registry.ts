import { ObjectQLError } from '../errors.js'

interface ServiceEntry {
  readonly service: unknown
  readonly owner: string | undefined
}

function who(owner: string | undefined): string {
  return owner === undefined ? 'the kernel' : `plugin '${owner}'`
}

/**
 * The services plugins share (`ctx.registerService` / `ctx.getService`), keyed by name as
 * upstream names them (`'objectql'`, `'data'`, `'driver.<name>'`, `'http-server'`, ...). Each
 * entry remembers which plugin registered it, so errors can name both sides.
 */
export class ServiceRegistry {
  private readonly services = new Map<string, ServiceEntry>()

  /**
   * Publishes `service` under `name`. A second registration of the name is `PLUGIN_CONFLICT`
   * naming both owners: silently replacing a service would hand later plugins a different object
   * than earlier ones received.
   */
  register(name: string, service: unknown, owner?: string): void {
    if (typeof name !== 'string' || name === '') {
      throw new ObjectQLError(
        'PLUGIN_INVALID',
        `${who(owner)} registered a service without a name`,
        {
          details: { plugin: owner ?? null },
        },
      )
    }
    const existing = this.services.get(name)
    if (existing !== undefined) {
      throw new ObjectQLError(
        'PLUGIN_CONFLICT',
        `${who(owner)} registers service '${name}', already registered by ${who(existing.owner)}`,
        { details: { service: name, plugins: [existing.owner ?? null, owner ?? null] } },
      )
    }
    this.services.set(name, { service, owner })
  }

  /**
   * The service under `name`; `PLUGIN_DEPENDENCY_MISSING` naming the requester when none is
   * registered (usually a missing `dependencies` entry, so the provider had not installed yet).
   */
  get<T = unknown>(name: string, requester?: string): T {
    const entry = this.services.get(name)
    if (entry === undefined) {
      const known = [...this.services.keys()].sort()
      throw new ObjectQLError(
        'PLUGIN_DEPENDENCY_MISSING',
        `${who(requester)} requested service '${name}', which is not registered` +
          (known.length > 0 ? ` (registered: ${known.join(', ')})` : ' (none are registered)'),
        { details: { service: name, plugin: requester ?? null, registered: known } },
      )
    }
    return entry.service as T
  }

  /** True when a service is registered under `name`. */
  has(name: string): boolean {
    return this.services.has(name)
  }

  /** The plugin that registered `name` (undefined for the kernel or an unknown name). */
  ownerOf(name: string): string | undefined {
    return this.services.get(name)?.owner
  }

  /** Registered names, in registration order. */
  names(): string[] {
    return [...this.services.keys()]
  }

  /** Removes a service; true when it existed. */
  unregister(name: string): boolean {
    return this.services.delete(name)
  }
}
