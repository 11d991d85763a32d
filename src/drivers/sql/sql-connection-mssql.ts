import knexFactory from 'knex'
import type { Knex } from 'knex'
import { ObjectQLError } from '../../kernel/errors.js'
import type {
  SqlConnector,
  SqlLease,
  SqlNativeClient,
  SqlPoolStats,
  SqlRow,
} from './sql-connection.js'
import type { ResolvedSqlDriverConfig } from './sql-driver-config.js'

/**
 * SQL Server through knex's `mssql` client (which loads `tedious`, not a dependency of this
 * package: install it to use this dialect). UNPROVEN: no SQL Server was available to run the
 * behaviour tests, so this connector is compiled and type-checked only.
 */
export class MssqlConnector implements SqlConnector {
  readonly #config: ResolvedSqlDriverConfig
  #knex: Knex | undefined

  constructor(config: ResolvedSqlDriverConfig) {
    this.#config = config
  }

  async open(): Promise<void> {
    const config = this.#config
    const knex = knexFactory({
      client: 'mssql',
      connection: mssqlConnection(config.connection as string, config.connectTimeoutMs),
      pool: { min: config.pool.min, max: config.pool.max },
      acquireConnectionTimeout: config.connectTimeoutMs,
    })
    try {
      await knex.raw('SELECT 1 AS ok')
    } catch (error) {
      // Cleanup of a pool that never worked; the connect error below is what the caller gets.
      await knex.destroy().catch(() => undefined)
      throw error
    }
    this.#knex = knex
  }

  async close(): Promise<void> {
    const knex = this.#knex
    this.#knex = undefined
    await knex?.destroy()
  }

  query(sql: string, params: readonly unknown[]): Promise<SqlRow[]> {
    return this.#run(undefined, sql, params)
  }

  async select(
    sql: string,
    params: readonly unknown[],
    columns: readonly string[],
  ): Promise<unknown[][]> {
    return asArrays(await this.#run(undefined, sql, params), columns)
  }

  async execute(sql: string, params: readonly unknown[]): Promise<number> {
    return affected(await this.#run(undefined, `${sql}; SELECT @@ROWCOUNT AS [n]`, params))
  }

  raw(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    return this.#run(undefined, sql, params)
  }

  async acquire(): Promise<SqlLease> {
    const knex = this.#live()
    const connection: unknown = await knex.client.acquireConnection()
    let released = false
    return {
      query: (sql, params) => this.#run(connection, sql, params),
      select: async (sql, params, columns) =>
        asArrays(await this.#run(connection, sql, params), columns),
      execute: async (sql, params) =>
        affected(await this.#run(connection, `${sql}; SELECT @@ROWCOUNT AS [n]`, params)),
      raw: (sql, params = []) => this.#run(connection, sql, params),
      release: async () => {
        if (released) return
        released = true
        await knex.client.releaseConnection(connection)
      },
    }
  }

  stats(): SqlPoolStats | undefined {
    return undefined
  }

  native(): SqlNativeClient {
    return { client: 'mssql', knex: this.#live() }
  }

  async #run(connection: unknown, sql: string, params: readonly unknown[]): Promise<SqlRow[]> {
    let query = this.#live().raw(sql, params as Knex.RawBinding[])
    if (connection !== undefined) query = query.connection(connection)
    const rows: unknown = await query
    return Array.isArray(rows) ? (rows as SqlRow[]) : []
  }

  #live(): Knex {
    if (this.#knex === undefined) {
      throw new ObjectQLError('DRIVER_NOT_CONNECTED', 'the SQL Server pool is closed')
    }
    return this.#knex
  }
}

/** Object rows as arrays in select-list order (knex's mssql client only returns objects). */
function asArrays(rows: readonly SqlRow[], columns: readonly string[]): unknown[][] {
  return rows.map((row) => columns.map((column) => row[column]))
}

function affected(rows: readonly SqlRow[]): number {
  const last = rows[rows.length - 1]
  return typeof last?.['n'] === 'number' ? last['n'] : 0
}

/** `mssql://user:password@host:port/database?encrypt=true` as tedious connection options. */
export function mssqlConnection(url: string, connectTimeoutMs: number): Knex.MsSqlConnectionConfig {
  const parsed = new URL(url)
  const encrypt = parsed.searchParams.get('encrypt')
  const trust = parsed.searchParams.get('trustServerCertificate')
  return {
    server: parsed.hostname,
    port: parsed.port === '' ? 1433 : Number(parsed.port),
    userName: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
    connectionTimeout: connectTimeoutMs,
    options: {
      encrypt: encrypt === null ? true : encrypt === 'true',
      trustServerCertificate: trust === 'true',
    },
  }
}
