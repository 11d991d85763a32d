import { parseArgs } from 'node:util'
import { ObjectQLError, toObjectQLError } from '../../kernel/errors.js'

/** The port `objectql serve` listens on unless told otherwise. */
export const DEFAULT_SERVE_PORT = 3000

/** `objectql serve` usage text. */
export const SERVE_USAGE = `Usage: objectql serve <dir> [--driver memory|sqlite:<file>|<url>] [--port 3000] [--host 127.0.0.1]
                       [--plugin <module>]...

Loads every *.object.yml under <dir> and serves REST (/api/data/:object, /openapi.json,
Swagger UI at /docs), JSON-RPC 2.0 (/rpc), GraphQL (/graphql) and OData (/odata) on one port
until interrupted.

--plugin <module>  loads a kernel plugin (hooks, actions) with the objects; repeatable. A path
                   (relative to the current directory) or a package name whose default export
                   is a plugin, an array of plugins, or a function ({ dir, log }) => plugin.
                   .js/.mjs load with plain Node; .ts needs tsx installed.`

/** Parsed `objectql serve` arguments. */
export interface ServeArgs {
  readonly dir: string
  readonly driver: string
  readonly port: number
  readonly host: string
  /** `--plugin` modules, in the order given. */
  readonly plugins: readonly string[]
}

/** Parses `objectql serve` arguments. @throws ObjectQLError `CONFIG_INVALID`. */
export function parseServeArgs(argv: readonly string[]): ServeArgs {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    throw new ObjectQLError('CONFIG_INVALID', `${toObjectQLError(error).message}\n${SERVE_USAGE}`, {
      cause: error,
    })
  }
  const dir = parsed.positionals[0]
  if (dir === undefined || parsed.positionals.length > 1) {
    throw new ObjectQLError('CONFIG_INVALID', `serve needs exactly one folder\n${SERVE_USAGE}`)
  }
  const portText = parsed.values.port ?? String(DEFAULT_SERVE_PORT)
  const port = Number(portText)
  if (!/^\d{1,5}$/.test(portText) || port > 65535) {
    throw new ObjectQLError('CONFIG_INVALID', `--port must be 0-65535, got '${portText}'`)
  }
  return {
    dir,
    driver: parsed.values.driver ?? 'memory',
    port,
    host: parsed.values.host ?? '127.0.0.1',
    plugins: parsed.values.plugin ?? [],
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      driver: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      plugin: { type: 'string', multiple: true },
    },
  })
}
