import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Driver } from '../kernel/driver/driver.js'
import { ObjectQLError } from '../kernel/errors.js'
import { redactUrl } from '../compliance/common/backend-info.js'
import type { BackendInfo } from '../compliance/common/backend-info.js'
import { MemoryDriver } from '../drivers/memory/index.js'

/** A driver ready to be checked: its factory, the backend it uses, and cleanup for afterwards. */
export interface ReadyDriver {
  readonly status: 'ready'
  readonly name: string
  readonly factory: () => Driver | Promise<Driver>
  readonly backend: BackendInfo
  readonly cleanup?: () => Promise<void>
}

/** A shipped driver that cannot run here, with the reason the CLI prints. */
export interface UnavailableDriver {
  readonly status: 'unavailable'
  readonly name: string
  readonly reason: string
}

/** One entry of the shipped-driver list. */
export interface ShippedDriver {
  readonly name: string
  resolve(): Promise<ReadyDriver | UnavailableDriver>
}

type SqlDriverClass = new (config: Record<string, unknown>) => Driver

/**
 * The SQL driver, loaded lazily (memory conformance must not depend on it) and checked by
 * shape, since the specifier is computed and TypeScript cannot vouch for it.
 */
async function loadSqlDriver(): Promise<SqlDriverClass | string> {
  const specifier = '../drivers/sql/index.js'
  try {
    const module = (await import(specifier)) as Record<string, unknown>
    const SqlDriver = module['SqlDriver']
    return typeof SqlDriver === 'function'
      ? (SqlDriver as SqlDriverClass)
      : 'src/drivers/sql does not export SqlDriver yet'
  } catch (error) {
    return `the SQL driver did not load: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`
  }
}

function sql(
  name: string,
  build: (SqlDriver: SqlDriverClass) => Promise<Omit<ReadyDriver, 'status' | 'name'> | string>,
): ShippedDriver {
  return {
    name,
    async resolve() {
      const SqlDriver = await loadSqlDriver()
      if (typeof SqlDriver === 'string') return { status: 'unavailable', name, reason: SqlDriver }
      const ready = await build(SqlDriver)
      return typeof ready === 'string'
        ? { status: 'unavailable', name, reason: ready }
        : { status: 'ready', name, ...ready }
    },
  }
}

/** A server for a driver: its URL, how it was obtained, and how to give it back. */
interface ServerSource {
  (
    service: 'postgres' | 'mysql',
  ): Promise<
    | { readonly url: string; readonly backend: BackendInfo; readonly release: () => Promise<void> }
    | string
  >
}

/** Servers from the harness: env URL, else a container, else a throwaway local server. */
export const fromHarness: ServerSource = async (service) => {
  // Loaded on demand: the harness pulls in testcontainers, which plain runs never need.
  const { provide } = await import('../harness/index.js')
  const provided = await provide(service)
  if (provided.kind === 'unavailable' || provided.url === undefined) {
    return `unavailable: ${provided.reason ?? 'no reason given'}`
  }
  const backend: BackendInfo = { kind: provided.kind, detail: redactUrl(provided.url) }
  return { url: provided.url, backend, release: provided.release }
}

/**
 * Where `npm run conform` gets database servers: the harness's `provide()`, so an explicit
 * `OBJECTQL_*_URL` wins, then a container, then a throwaway local server.
 */
const SERVERS: ServerSource = fromHarness

/** A server-backed SQL driver, reported with the backend that really ran. */
function server(name: string, client: 'postgres' | 'mysql'): ShippedDriver {
  return sql(name, async (SqlDriver) => {
    const found = await SERVERS(client)
    if (typeof found === 'string') return found
    return {
      factory: () => new SqlDriver({ client, connection: found.url }),
      backend: found.backend,
      cleanup: found.release,
    }
  })
}

/** Every driver `npm run conform` checks, in matrix order. */
export const SHIPPED_DRIVERS: readonly ShippedDriver[] = [
  {
    name: 'memory',
    resolve: async () => ({
      status: 'ready',
      name: 'memory',
      factory: () => new MemoryDriver(),
      backend: { kind: 'embedded' },
    }),
  },
  sql('sql:sqlite-memory', async (SqlDriver) => ({
    factory: () => new SqlDriver({ client: 'sqlite', connection: { filename: ':memory:' } }),
    backend: { kind: 'embedded', detail: 'better-sqlite3 :memory:' },
  })),
  sql('sql:sqlite-file', async (SqlDriver) => {
    const dir = await mkdtemp(join(tmpdir(), 'objectql-conform-'))
    const filename = join(dir, 'conformance.sqlite')
    return {
      // One database file for the run, like a server: every factory call opens it anew (so
      // data really goes through the file) and audits stay apart by unique object names.
      factory: () => new SqlDriver({ client: 'sqlite', connection: { filename } }),
      backend: { kind: 'embedded', detail: 'better-sqlite3 temp file' },
      cleanup: () => rm(dir, { recursive: true, force: true }),
    }
  }),
  server('sql:postgres', 'postgres'),
  server('sql:mysql', 'mysql'),
]

/**
 * The shipped driver with this name.
 *
 * @throws ObjectQLError `CONFIG_INVALID` listing the known names.
 */
export function findShippedDriver(name: string): ShippedDriver {
  const found = SHIPPED_DRIVERS.find((driver) => driver.name === name)
  if (found === undefined) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `unknown driver '${name}' (shipped: ${SHIPPED_DRIVERS.map((d) => d.name).join(', ')}; or give a module path)`,
    )
  }
  return found
}
