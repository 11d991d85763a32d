import { ObjectQLError } from '../../kernel/errors.js'

/** The SQL backends the driver speaks. `mysql` covers MySQL and MariaDB. */
export type SqlClient = 'sqlite' | 'postgres' | 'mysql' | 'mssql'

/** Every supported client, in documentation order. */
export const SQL_CLIENTS: readonly SqlClient[] = Object.freeze([
  'sqlite',
  'postgres',
  'mysql',
  'mssql',
])

/** A SQLite database: a file path or `:memory:`. */
export interface SqliteConnection {
  readonly filename: string
}

/** Connection pool limits (PostgreSQL, MySQL, MSSQL; SQLite always uses one connection). */
export interface SqlPoolConfig {
  readonly min?: number
  readonly max?: number
}

/** What {@link SqlDriver} needs to know. */
export interface SqlDriverConfig {
  readonly client: SqlClient
  /** A URL (`postgres://...`, `mysql://...`, `mssql://...`) or, for SQLite, `{ filename }`. */
  readonly connection: string | SqliteConnection
  readonly pool?: SqlPoolConfig
  /** Prepended to every table name, e.g. `app_`; letters, digits and `_` only. */
  readonly tablePrefix?: string
  /** How long to wait for a new connection before failing with DRIVER_UNAVAILABLE (ms). */
  readonly connectTimeoutMs?: number
  /** Client-side limit for one statement (ms); a stalled server fails instead of hanging. */
  readonly queryTimeoutMs?: number
  /**
   * SQLite has one connection: while a transaction holds it, other calls wait at most this long
   * (ms) and then fail with DRIVER_UNAVAILABLE instead of waiting forever.
   */
  readonly busyTimeoutMs?: number
  /** Compiled statements kept per object (oldest evicted first). */
  readonly statementCacheSize?: number
}

/** A config with every default applied; what the driver works with. */
export interface ResolvedSqlDriverConfig {
  readonly client: SqlClient
  readonly connection: string | SqliteConnection
  readonly pool: Required<SqlPoolConfig>
  readonly tablePrefix: string
  readonly connectTimeoutMs: number
  readonly queryTimeoutMs: number
  readonly busyTimeoutMs: number
  readonly statementCacheSize: number
}

const PREFIX_PATTERN = /^[A-Za-z0-9_]*$/

/**
 * Applies defaults and checks the config.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming the bad setting.
 */
export function resolveSqlDriverConfig(config: SqlDriverConfig): ResolvedSqlDriverConfig {
  if (!SQL_CLIENTS.includes(config.client)) {
    throw invalidConfig(`unknown SQL client '${String(config.client)}'`, 'client')
  }
  let connection = config.connection
  if (config.client === 'sqlite') {
    // A string is a path (or :memory:), or a sqlite: URL.
    if (typeof connection === 'string') {
      connection = /^sqlite3?:/.test(connection)
        ? parseSqlUrl(connection).connection
        : { filename: connection }
    }
    const filename: unknown = typeof connection === 'object' ? connection.filename : undefined
    if (typeof filename !== 'string' || filename === '') {
      throw invalidConfig(
        'SQLite needs `connection: { filename }` (a path or :memory:)',
        'connection',
      )
    }
  } else if (typeof connection !== 'string' || connection.length === 0) {
    throw invalidConfig(`${config.client} needs a connection URL string`, 'connection')
  }
  const tablePrefix = config.tablePrefix ?? ''
  if (!PREFIX_PATTERN.test(tablePrefix)) {
    throw invalidConfig('tablePrefix may hold only letters, digits and _', 'tablePrefix')
  }
  const min = config.pool?.min ?? 0
  const max = config.pool?.max ?? 10
  if (!isCount(min) || !isCount(max) || max < 1 || min > max) {
    throw invalidConfig('pool needs integers 0 <= min <= max and max >= 1', 'pool')
  }
  return {
    client: config.client,
    connection,
    pool: { min, max },
    tablePrefix,
    connectTimeoutMs: positive(config.connectTimeoutMs, 5_000, 'connectTimeoutMs'),
    queryTimeoutMs: positive(config.queryTimeoutMs, 60_000, 'queryTimeoutMs'),
    busyTimeoutMs: positive(config.busyTimeoutMs, 5_000, 'busyTimeoutMs'),
    statementCacheSize: positive(config.statementCacheSize, 500, 'statementCacheSize'),
  }
}

/**
 * Reads a connection URL into a config:
 * `sqlite::memory:`, `sqlite:/path/file.db` (also `sqlite:relative.db`, `sqlite:///abs.db`),
 * `postgres://` / `postgresql://`, `mysql://` / `mariadb://`, `mssql://` / `sqlserver://`.
 *
 * @throws ObjectQLError `CONFIG_INVALID` for an unknown scheme or an empty SQLite path.
 */
export function parseSqlUrl(
  url: string,
  options: Omit<SqlDriverConfig, 'client' | 'connection'> = {},
): SqlDriverConfig {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase()
  switch (scheme) {
    case 'sqlite':
    case 'sqlite3': {
      let filename = url.slice(scheme.length + 1)
      // sqlite:///abs/path keeps one leading slash; sqlite://rel/path is relative.
      if (filename.startsWith('//')) filename = filename.slice(2)
      if (filename.length === 0) throw invalidConfig('the SQLite URL has no path', 'url')
      return { ...options, client: 'sqlite', connection: { filename } }
    }
    case 'postgres':
    case 'postgresql':
      return { ...options, client: 'postgres', connection: url }
    case 'mysql':
    case 'mariadb':
      // mysql2 only understands mysql://.
      return { ...options, client: 'mysql', connection: url.replace(/^mariadb:/i, 'mysql:') }
    case 'mssql':
    case 'sqlserver':
      return { ...options, client: 'mssql', connection: url.replace(/^sqlserver:/i, 'mssql:') }
    default:
      throw invalidConfig(`unsupported SQL URL scheme in '${redactUrl(url)}'`, 'url')
  }
}

/** The URL with any password replaced by `***`, for messages and reports. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@')
}

function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value <= 0) {
    throw invalidConfig(`${name} must be a positive integer`, name)
  }
  return value
}

function invalidConfig(message: string, setting: string): ObjectQLError {
  return new ObjectQLError('CONFIG_INVALID', `sql driver: ${message}`, { details: { setting } })
}
