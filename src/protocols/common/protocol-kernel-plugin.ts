import type { KernelPlugin, PluginContext } from '../../kernel/plugin/plugin.js'
import { createProtocolHost } from './protocol-host.js'
import type { ProtocolHost } from './protocol-host.js'
import type { ProtocolLimits } from './protocol-limits.js'
import type { ProtocolPlugin } from './protocol-plugin.js'

/** Options of {@link createProtocolServerPlugin}. */
export interface ProtocolServerPluginOptions {
  /** Default: the protocol's upstream port when there is one protocol, else 3000; `0` = free. */
  readonly port?: number
  readonly host?: string
  readonly limits?: Partial<ProtocolLimits>
  readonly paths?: Readonly<Record<string, string>>
}

/** A kernel plugin that serves protocols while the kernel runs. */
export interface ProtocolServerPlugin extends KernelPlugin {
  /** Where the server listens, once the kernel has started. */
  readonly url: string | undefined
}

/**
 * Wraps protocols as a kernel plugin, the way upstream's protocol plugins run inside a kernel:
 * `onStart` mounts them on one Fastify instance over `ctx.kernel.bridge` and listens (JSON-RPC
 * alone on 9000, GraphQL alone on 4000, ...), `onStop` closes the server before the drivers
 * disconnect (plugins stop first).
 */
export function createProtocolServerPlugin(
  protocols: readonly ProtocolPlugin[],
  options: ProtocolServerPluginOptions = {},
): ProtocolServerPlugin {
  let host: ProtocolHost | undefined
  let url: string | undefined
  const only = protocols.length === 1 ? protocols[0] : undefined
  return {
    name: `protocols:${protocols.map((p) => p.name).join('+')}`,
    version: '1.0.0',
    get url() {
      return url
    },
    async onStart(ctx: PluginContext) {
      host = await createProtocolHost({
        bridge: ctx.kernel.bridge,
        protocols,
        ...(options.limits === undefined ? {} : { limits: options.limits }),
        ...(options.paths === undefined ? {} : { paths: options.paths }),
      })
      url = await host.listen({
        port: options.port ?? only?.defaultPort ?? 3000,
        ...(options.host === undefined ? {} : { host: options.host }),
      })
      ctx.logger.info(`protocols listening on ${url}`, { protocols: protocols.map((p) => p.name) })
    },
    async onStop() {
      const running = host
      host = undefined
      url = undefined
      await running?.close()
    },
  }
}
