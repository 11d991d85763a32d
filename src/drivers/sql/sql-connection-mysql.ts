import mysql from 'mysql2/promise'
import type {
  ExecuteValues,
  Pool,
  PoolConnection,
  QueryValues,
  ResultSetHeader,
} from 'mysql2/promise'
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
 * Bytes of a string that ORDER BY / GROUP BY / DISTINCT compare. The server default (1024) ties
 * long strings that share a prefix; 64 KiB is exact for strings up to 16,384 astral characters
 * and still fits several text sort keys into the sort buffer below.
 */
export const MYSQL_MAX_SORT_LENGTH = 65_536

// Every connection gets the same session, whatever the server defaults are: UTC for DATETIME,
// strict writes (a value that does not fit fails instead of being truncated), and long sort
// keys with a sort buffer large enough for three of them.
const SESSION_SETUP =
  "SET time_zone = '+00:00', " +
  "sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', " +
  `max_sort_length = ${MYSQL_MAX_SORT_LENGTH}, sort_buffer_size = 8388608`

interface CoreConnection {
  query(sql: string, callback: (error: unknown) => void): unknown
  on(event: 'error', listener: (error: unknown) => void): unknown
}

/**
 * MySQL / MariaDB through a `mysql2` pool. Compiled statements run as server-side prepared
 * statements (`execute`, cached per connection by SQL text). mysql2's pool has no acquire
 * timeout, so this class adds one: an exhausted pool fails with DRIVER_UNAVAILABLE.
 */
export class MysqlConnector implements SqlConnector {
  readonly #config: ResolvedSqlDriverConfig
  #pool: Pool | undefined
  #waiting = 0
  #lastIdleError: unknown

  constructor(config: ResolvedSqlDriverConfig) {
    this.#config = config
  }

  /** The error an idle pooled connection last reported. */
  get lastIdleError(): unknown {
    return this.#lastIdleError
  }

  async open(): Promise<void> {
    const config = this.#config
    const pool = mysql.createPool({
      uri: config.connection as string,
      connectionLimit: config.pool.max,
      maxIdle: Math.max(config.pool.min, 1),
      idleTimeout: 30_000,
      connectTimeout: config.connectTimeoutMs,
      // utf8mb4 end to end: emoji and every other astral character survive.
      charset: 'UTF8MB4_BIN',
      dateStrings: true,
      decimalNumbers: true,
      supportBigNumbers: true,
      enableKeepAlive: true,
      multipleStatements: false,
    })
    pool.pool.on('connection', (connection: CoreConnection) => {
      connection.on('error', (error) => {
        this.#lastIdleError = error
      })
      connection.query(SESSION_SETUP, (error) => {
        if (error) this.#lastIdleError = error
      })
    })
    this.#pool = pool
    try {
      await this.raw('SELECT 1')
    } catch (error) {
      this.#pool = undefined
      // Cleanup of a pool that never worked; the connect error below is what the caller gets.
      await pool.end().catch(() => undefined)
      throw error
    }
  }

  async close(): Promise<void> {
    const pool = this.#pool
    this.#pool = undefined
    await pool?.end()
  }

  async query(sql: string, params: readonly unknown[]): Promise<SqlRow[]> {
    return this.#withConnection((c) => this.#execute<SqlRow[]>(c, sql, params))
  }

  async select(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    return this.#withConnection((c) => this.#execute<unknown[][]>(c, sql, params, true))
  }

  async execute(sql: string, params: readonly unknown[]): Promise<number> {
    const header = await this.#withConnection((c) => this.#execute<ResultSetHeader>(c, sql, params))
    return header.affectedRows
  }

  async raw(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    return this.#withConnection(async (c) => rowsOf(await c.query(sql, params as QueryValues)))
  }

  async acquire(): Promise<SqlLease> {
    const connection = await this.#connection()
    let released = false
    return {
      query: (sql, params) => this.#execute<SqlRow[]>(connection, sql, params),
      select: (sql, params) => this.#execute<unknown[][]>(connection, sql, params, true),
      execute: async (sql, params) =>
        (await this.#execute<ResultSetHeader>(connection, sql, params)).affectedRows,
      raw: async (sql, params = []) => rowsOf(await connection.query(sql, params as QueryValues)),
      release: async (broken = false) => {
        if (released) return
        released = true
        if (broken) connection.destroy()
        else connection.release()
      },
    }
  }

  stats(): SqlPoolStats | undefined {
    const pool = this.#pool
    if (pool === undefined) return undefined
    // mysql2 keeps these counters on its callback pool only.
    const core = pool.pool as unknown as {
      _allConnections?: unknown[]
      _freeConnections?: unknown[]
    }
    const total = core._allConnections?.length ?? 0
    const idle = core._freeConnections?.length ?? 0
    return { total, idle, active: total - idle, waiting: this.#waiting }
  }

  native(): SqlNativeClient {
    const pool = this.#pool
    if (pool === undefined) {
      throw new ObjectQLError('DRIVER_NOT_CONNECTED', 'the MySQL pool is closed')
    }
    return { client: 'mysql', pool }
  }

  async #execute<T>(
    connection: PoolConnection,
    sql: string,
    params: readonly unknown[],
    rowsAsArray = false,
  ): Promise<T> {
    const [result] = await connection.execute(
      { sql, timeout: this.#config.queryTimeoutMs, rowsAsArray },
      params as ExecuteValues[],
    )
    return result as T
  }

  async #withConnection<T>(run: (connection: PoolConnection) => Promise<T>): Promise<T> {
    const connection = await this.#connection()
    try {
      const result = await run(connection)
      connection.release()
      return result
    } catch (error) {
      // A fatal error means the socket is gone; never hand that connection out again.
      if ((error as { fatal?: unknown }).fatal === true) connection.destroy()
      else connection.release()
      throw error
    }
  }

  #connection(): Promise<PoolConnection> {
    const pool = this.#pool
    if (pool === undefined) {
      return Promise.reject(new ObjectQLError('DRIVER_NOT_CONNECTED', 'the MySQL pool is closed'))
    }
    const timeoutMs = this.#config.connectTimeoutMs
    this.#waiting++
    return new Promise<PoolConnection>((resolve, reject) => {
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        this.#waiting--
        reject(
          new ObjectQLError(
            'DRIVER_UNAVAILABLE',
            `no MySQL connection became free within ${timeoutMs} ms (pool max ${this.#config.pool.max})`,
          ),
        )
      }, timeoutMs)
      pool.getConnection().then(
        (connection) => {
          if (timedOut) return connection.release()
          clearTimeout(timer)
          this.#waiting--
          resolve(connection)
        },
        (error: unknown) => {
          if (timedOut) return
          clearTimeout(timer)
          this.#waiting--
          reject(error instanceof Error ? error : new Error(String(error)))
        },
      )
    })
  }
}

function rowsOf(result: [unknown, unknown]): SqlRow[] {
  return Array.isArray(result[0]) ? (result[0] as SqlRow[]) : []
}
