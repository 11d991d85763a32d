import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Driver } from '../kernel/driver/driver.js'
import { ObjectQLError } from '../kernel/errors.js'
import { redactUrl } from '../compliance/common/backend-info.js'
import type { BackendInfo } from '../compliance/common/backend-info.js'
import { ExcelDriver } from '../drivers/excel/index.js'
import { FsDriver } from '../drivers/fs/index.js'
import { LocalStorageDriver, MemoryStorage } from '../drivers/local-storage/index.js'
import { MemoryDriver } from '../drivers/memory/index.js'
import { MongoDriver, dropPrefixedCollections } from '../drivers/mongo/index.js'
import type { MongoDriverConfig } from '../drivers/mongo/index.js'
import { RedisDriver } from '../drivers/redis/index.js'
import { SqlDriver, dropPrefixedTables } from '../drivers/sql/index.js'

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

/** A shipped driver that needs nothing but this process. */
function embedded(
  name: string,
  build: () => Promise<Omit<ReadyDriver, 'status' | 'name'>>,
): ShippedDriver {
  return { name, resolve: async () => ({ status: 'ready', name, ...(await build()) }) }
}

/** A server for a driver: its URL, how it was obtained, and how to give it back. */
export interface ServerSource {
  (
    service: 'postgres' | 'mysql' | 'redis' | 'mongo',
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

/**
 * A server-backed SQL driver, reported with the backend that really ran. Its tables live under
 * a prefix unique to this run and are dropped afterwards, so a shared server keeps nothing.
 */
function server(name: string, client: 'postgres' | 'mysql'): ShippedDriver {
  return {
    name,
    async resolve() {
      const found = await SERVERS(client)
      if (typeof found === 'string') return { status: 'unavailable', name, reason: found }
      const config = { client, connection: found.url, tablePrefix: `conform${process.pid}_` }
      return {
        status: 'ready',
        name,
        factory: () => new SqlDriver(config),
        backend: found.backend,
        cleanup: async () => {
          await dropPrefixedTables(config).finally(() => found.release())
        },
      }
    },
  }
}

/**
 * The MongoDB entry. Its collections live under a prefix unique to this run and are dropped
 * afterwards (then the server is given back, whether the drop worked or not; a failed drop is
 * still reported), so a shared server keeps nothing. `servers` and `drop` are parameters for
 * tests; `npm run conform` uses the harness and {@link dropPrefixedCollections}.
 */
export function mongoServer(
  servers: ServerSource = SERVERS,
  drop: (config: MongoDriverConfig) => Promise<unknown> = dropPrefixedCollections,
): ShippedDriver {
  const name = 'mongo'
  return {
    name,
    async resolve() {
      const found = await servers('mongo')
      if (typeof found === 'string') return { status: 'unavailable', name, reason: found }
      const config: MongoDriverConfig = {
        url: found.url,
        database: 'objectql_conformance',
        collectionPrefix: `conform${process.pid}_${Date.now().toString(36)}_`,
      }
      return {
        status: 'ready',
        name,
        factory: () => new MongoDriver(config),
        backend: found.backend,
        cleanup: async () => {
          await drop(config).finally(() => found.release())
        },
      }
    },
  }
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
  embedded('sql:sqlite-memory', async () => ({
    factory: () => new SqlDriver({ client: 'sqlite', connection: { filename: ':memory:' } }),
    backend: { kind: 'embedded', detail: 'better-sqlite3 :memory:' },
  })),
  embedded('sql:sqlite-file', async () => {
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
  embedded('fs', async () => {
    const root = await mkdtemp(join(tmpdir(), 'objectql-conform-fs-'))
    let next = 0
    return {
      // A fresh directory per factory call: each audit gets its own files and lock.
      factory: () => new FsDriver({ dir: join(root, String(next++)) }),
      backend: { kind: 'embedded', detail: 'JSON Lines files in a temp dir' },
      cleanup: () => rm(root, { recursive: true, force: true }),
    }
  }),
  embedded('excel', async () => {
    const root = await mkdtemp(join(tmpdir(), 'objectql-conform-excel-'))
    let next = 0
    return {
      factory: () => new ExcelDriver({ file: join(root, `${next++}.xlsx`) }),
      backend: { kind: 'embedded', detail: 'exceljs .xlsx workbooks in a temp dir' },
      cleanup: () => rm(root, { recursive: true, force: true }),
    }
  }),
  embedded('local-storage:node', async () => ({
    factory: () =>
      new LocalStorageDriver({ storage: new MemoryStorage(), namespace: 'objectql-conform' }),
    backend: { kind: 'embedded', detail: 'Web Storage shim in Node (Chromium: npm test)' },
  })),
  server('sql:postgres', 'postgres'),
  server('sql:mysql', 'mysql'),
  {
    name: 'redis',
    async resolve() {
      const found = await SERVERS('redis')
      if (typeof found === 'string') return { status: 'unavailable', name: 'redis', reason: found }
      // One key prefix per run, cleared afterwards: runs sharing a server never collide.
      const keyPrefix = `objectql-conform:${process.pid}:${Date.now()}`
      return {
        status: 'ready',
        name: 'redis',
        factory: () => new RedisDriver({ url: found.url, keyPrefix }),
        backend: found.backend,
        cleanup: async () => {
          const driver = new RedisDriver({ url: found.url, keyPrefix })
          await driver.connect()
          await driver.clear().finally(() => driver.disconnect())
          await found.release()
        },
      }
    },
  },
  mongoServer(),
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
