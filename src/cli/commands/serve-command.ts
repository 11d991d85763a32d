import { resolve } from 'node:path'
import { MemoryDriver } from '../../drivers/memory/index.js'
import { redactUrl, sqlDriverFromUrl } from '../../drivers/sql/index.js'
import type { Driver } from '../../kernel/driver/driver.js'
import { ObjectQLError, toObjectQLError } from '../../kernel/errors.js'
import { createKernel } from '../../kernel/kernel.js'
import type { Kernel, KernelOptions } from '../../kernel/kernel.js'
import { loadObjectsFromDir } from '../../kernel/spec/object-loader.js'
import type { CliCommand } from '../cli-command.js'
import { DEFAULT_SERVE_PORT, SERVE_USAGE, parseServeArgs } from './serve-command-args.js'
import { loadServePlugins } from './serve-command-plugins.js'
import { createProtocolHost } from '../../protocols/common/protocol-host.js'
import type { ProtocolHost } from '../../protocols/common/protocol-host.js'
import type { ProtocolLimits } from '../../protocols/common/protocol-limits.js'
import type { ProtocolPlugin } from '../../protocols/common/protocol-plugin.js'
import { jsonRpcProtocol } from '../../protocols/json-rpc/json-rpc-server.js'
import { graphqlProtocol } from '../../protocols/graphql/index.js'
import { createODataProtocol } from '../../protocols/odata/index.js'
import { restProtocol } from '../../protocols/rest/rest-server.js'

export { DEFAULT_SERVE_PORT, SERVE_USAGE, parseServeArgs } from './serve-command-args.js'
export type { ServeArgs } from './serve-command-args.js'

/** The protocols `objectql serve` mounts unless told otherwise. */
export const DEFAULT_SERVE_PROTOCOLS: readonly ProtocolPlugin[] = [
  restProtocol,
  jsonRpcProtocol,
  graphqlProtocol,
]

/** Options of {@link serveProject}. */
export interface ServeOptions {
  /** `memory` (default), `sqlite:<file>`, or a database URL (`postgres://`, `mysql://`). */
  readonly driver?: string
  /** `0` picks a free port; default {@link DEFAULT_SERVE_PORT}. */
  readonly port?: number
  /** Default `127.0.0.1`: nothing is exposed beyond this machine unless asked. */
  readonly host?: string
  readonly protocols?: readonly ProtocolPlugin[]
  readonly limits?: Partial<ProtocolLimits>
  /** Kernel plugins (hooks, actions) to load with the objects. */
  readonly plugins?: KernelOptions['plugins']
  /** Builds the driver for a `--driver` value this command does not know itself. */
  readonly driverFactory?: (spec: string) => Driver | undefined
}

/** A running `objectql serve`. */
export interface ServeHandle {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string
  readonly kernel: Kernel
  readonly host: ProtocolHost
  /** The objects loaded from the folder. */
  readonly objects: readonly string[]
  /** Names of the kernel plugins loaded, in load order. */
  readonly plugins: readonly string[]
  /** The mounted protocols. */
  readonly protocols: readonly ProtocolPlugin[]
  /** Stops the server, then the kernel (which disconnects the driver). */
  close(): Promise<void>
}

/**
 * The driver for a `--driver` value: `memory`; `sqlite:<file>` (or `sqlite::memory:`); a
 * `postgres://`, `mysql://`/`mariadb://` or `mssql://` URL (the SQL driver); or whatever
 * `driverFactory` builds for a value it knows. Anything else is `CONFIG_INVALID`.
 */
export function createServeDriver(
  spec = 'memory',
  driverFactory?: ServeOptions['driverFactory'],
): Driver {
  if (spec === 'memory') return new MemoryDriver()
  const driver = driverFactory?.(spec)
  if (driver !== undefined) return driver
  try {
    return sqlDriverFromUrl(spec)
  } catch (error) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `unknown --driver '${redactUrl(spec)}': use memory, sqlite:<file> or a postgres:// / mysql:// URL`,
      { details: { option: 'driver' }, cause: error },
    )
  }
}

/**
 * Loads every `*.object.yml` under `dir` into a kernel on the chosen driver and serves every
 * protocol (REST + OpenAPI + Swagger UI, JSON-RPC, ...) from one Fastify instance.
 *
 * @example
 * const server = await serveProject('examples/project-tracker', { port: 0 })
 * console.log(`${server.url}/docs`)
 * await server.close()
 */
export async function serveProject(dir: string, options: ServeOptions = {}): Promise<ServeHandle> {
  const objects = await loadObjectsFromDir(resolve(dir))
  if (objects.length === 0) {
    throw new ObjectQLError('CONFIG_INVALID', `no *.object.yml files found under ${dir}`, {
      details: { dir },
    })
  }
  const kernel = createKernel({
    objects,
    drivers: { default: createServeDriver(options.driver, options.driverFactory) },
    ...(options.plugins === undefined ? {} : { plugins: options.plugins }),
  })
  await kernel.start()
  // OData gets the kernel so `$batch` changesets run in one transaction (atomic).
  const protocols = options.protocols ?? [
    ...DEFAULT_SERVE_PROTOCOLS,
    createODataProtocol({ kernel }),
  ]
  let host: ProtocolHost
  let url: string
  try {
    host = await createProtocolHost({
      kernel,
      protocols,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    })
    url = await host.listen({
      port: options.port ?? DEFAULT_SERVE_PORT,
      ...(options.host === undefined ? {} : { host: options.host }),
    })
  } catch (error) {
    // The kernel started (driver connected): stop it so a failed listen leaks nothing.
    await kernel.stop()
    throw toObjectQLError(error, 'CONFIG_INVALID')
  }
  const started = host
  return {
    url,
    kernel,
    host,
    objects: objects.map((object) => object.name),
    plugins: (options.plugins ?? []).map((plugin) => plugin.name),
    protocols,
    async close() {
      try {
        await started.close()
      } finally {
        await kernel.stop()
      }
    },
  }
}

/** Where the CLI writes. */
export interface ServeIo {
  readonly stdout: (line: string) => void
  readonly stderr: (line: string) => void
}

/**
 * The `objectql serve` command: loads the `--plugin` modules (their `log` lines go to stdout),
 * starts the server with them after `options.plugins`, prints where each protocol answers, and
 * resolves with exit code 0 once `stop` resolves (the CLI passes a promise that settles on
 * SIGINT/SIGTERM), or 1 when the server cannot start.
 */
export async function runServeCommand(
  argv: readonly string[],
  io: ServeIo,
  stop: Promise<unknown>,
  options: Pick<ServeOptions, 'driverFactory' | 'plugins' | 'protocols'> = {},
): Promise<number> {
  let handle: ServeHandle
  try {
    const args = parseServeArgs(argv)
    const loaded = await loadServePlugins(args.plugins, {
      dir: resolve(args.dir),
      log: (line) => io.stdout(line),
    })
    handle = await serveProject(args.dir, {
      ...options,
      plugins: [...(options.plugins ?? []), ...loaded],
      driver: args.driver,
      port: args.port,
      host: args.host,
    })
  } catch (error) {
    io.stderr(`objectql serve: ${toObjectQLError(error).message}`)
    return 1
  }
  io.stdout(`objectql serve: ${handle.objects.length} objects (${handle.objects.join(', ')})`)
  if (handle.plugins.length > 0) io.stdout(`  plugins   ${handle.plugins.join(', ')}`)
  for (const protocol of handle.protocols) {
    const base = `${handle.url}${protocol.defaultPath}`
    const shown = (protocol.endpoints ?? ['']).map((endpoint) => `${base}${endpoint}`)
    io.stdout(`  ${protocol.name.padEnd(9)} ${shown.join('  ')}`)
  }
  await stop
  await handle.close()
  io.stdout('objectql serve: stopped')
  return 0
}

/** A promise of the first SIGINT or SIGTERM, and a way to stop waiting for one. */
function untilSignal(): { readonly signal: Promise<NodeJS.Signals>; dispose(): void } {
  let dispose = (): void => undefined
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (received: NodeJS.Signals): void => {
      dispose()
      resolve(received)
    }
    dispose = () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
  })
  return { signal, dispose }
}

/** `objectql serve`, as an entry of the CLI's command table. Runs until SIGINT/SIGTERM. */
export const SERVE_COMMAND: CliCommand = {
  name: 'serve',
  summary:
    'Serve a folder of *.object.yml (plus --plugin modules) over REST, JSON-RPC, GraphQL, OData',
  usage: SERVE_USAGE,
  async run(args, io) {
    if (args.includes('--help') || args.includes('-h')) {
      io.out(`${SERVE_USAGE}\n`)
      return 0
    }
    const lines = {
      stdout: (line: string) => io.out(`${line}\n`),
      stderr: (line: string) => io.err(`${line}\n`),
    }
    const stop = untilSignal()
    try {
      return await runServeCommand(args, lines, stop.signal)
    } finally {
      // A server that failed to start must not leave Ctrl-C swallowed by a stale listener.
      stop.dispose()
    }
  },
}
