import pg from 'pg'
import { ObjectQLError } from '../../kernel/errors.js'
import type {
  SqlConnector,
  SqlLease,
  SqlNativeClient,
  SqlPoolStats,
  SqlRow,
  SqlSession,
} from './sql-connection.js'
import type { ResolvedSqlDriverConfig } from './sql-driver-config.js'
import { POSTGRES_TYPES } from './sql-postgres-types.js'

const { Pool } = pg

/**
 * PostgreSQL through a `pg` Pool. Compiled statements run as named prepared statements (one
 * name per SQL text), so each pooled connection parses and plans a shape once. Reads of records
 * come back in pg's array row mode: no object per row that the driver would copy anyway.
 */
export class PostgresConnector implements SqlConnector {
  readonly #config: ResolvedSqlDriverConfig
  readonly #names = new Map<string, string>()
  #pool: pg.Pool | undefined
  #lastIdleError: unknown

  constructor(config: ResolvedSqlDriverConfig) {
    this.#config = config
  }

  /** The error a pooled connection last reported outside a statement (already discarded). */
  get lastIdleError(): unknown {
    return this.#lastIdleError
  }

  async open(): Promise<void> {
    const config = this.#config
    const pool = new Pool({
      connectionString: config.connection as string,
      min: config.pool.min,
      max: config.pool.max,
      connectionTimeoutMillis: config.connectTimeoutMs,
      query_timeout: config.queryTimeoutMs,
      idleTimeoutMillis: 30_000,
      allowExitOnIdle: true,
      types: POSTGRES_TYPES,
    })
    // pg emits idle-connection failures on the pool; without a listener they crash the process.
    // The broken connection is already discarded; the next statement gets a fresh one or fails.
    pool.on('error', (error) => {
      this.#lastIdleError = error
    })
    try {
      await pool.query('SELECT 1')
    } catch (error) {
      // Cleanup of a pool that never worked; the connect error below is what the caller gets.
      await pool.end().catch(() => undefined)
      throw error
    }
    this.#pool = pool
  }

  async close(): Promise<void> {
    const pool = this.#pool
    this.#pool = undefined
    this.#names.clear()
    await pool?.end()
  }

  query(sql: string, params: readonly unknown[]): Promise<SqlRow[]> {
    return this.#prepared(this.#live(), sql, params).then((r) => r.rows)
  }

  select(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    return this.#arrays(this.#live(), sql, params)
  }

  execute(sql: string, params: readonly unknown[]): Promise<number> {
    return this.#prepared(this.#live(), sql, params).then((r) => r.rowCount ?? 0)
  }

  async raw(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    return (await this.#live().query<SqlRow>(sql, params as unknown[])).rows
  }

  async acquire(): Promise<SqlLease> {
    const client = await this.#live().connect()
    let released = false
    // A leased client is not watched by the pool: without a listener, a connection that dies
    // while leased (server restart, terminated backend) would crash the process. The failure
    // still reaches the caller through the next statement on this lease.
    const onError = (error: Error): void => {
      this.#lastIdleError = error
    }
    client.on('error', onError)
    const session: SqlSession = {
      query: async (sql, params) => (await this.#prepared(client, sql, params)).rows,
      select: (sql, params) => this.#arrays(client, sql, params),
      execute: async (sql, params) => (await this.#prepared(client, sql, params)).rowCount ?? 0,
      raw: async (sql, params = []) => (await client.query<SqlRow>(sql, params as unknown[])).rows,
    }
    return {
      ...session,
      release: async (broken = false) => {
        if (released) return
        released = true
        client.off('error', onError)
        client.release(broken)
      },
    }
  }

  stats(): SqlPoolStats | undefined {
    const pool = this.#pool
    if (pool === undefined) return undefined
    const total = pool.totalCount
    return {
      total,
      idle: pool.idleCount,
      active: total - pool.idleCount,
      waiting: pool.waitingCount,
    }
  }

  native(): SqlNativeClient {
    return { client: 'postgres', pool: this.#live() }
  }

  #prepared(
    target: pg.Pool | pg.PoolClient,
    text: string,
    params: readonly unknown[],
  ): Promise<pg.QueryResult<SqlRow>> {
    return target.query<SqlRow>({ name: this.#name(text), text, values: params as unknown[] })
  }

  #arrays(
    target: pg.Pool | pg.PoolClient,
    text: string,
    params: readonly unknown[],
  ): Promise<unknown[][]> {
    const config: pg.QueryArrayConfig = {
      name: this.#name(text),
      text,
      values: params as unknown[],
      rowMode: 'array',
    }
    return target.query(config).then((r) => r.rows)
  }

  /** The prepared-statement name of a SQL text (one per text, so a shape is parsed once). */
  #name(text: string): string {
    let name = this.#names.get(text)
    if (name === undefined) {
      name = `oq_${this.#names.size.toString(36)}`
      this.#names.set(text, name)
    }
    return name
  }

  #live(): pg.Pool {
    if (this.#pool === undefined) {
      throw new ObjectQLError('DRIVER_NOT_CONNECTED', 'the PostgreSQL pool is closed')
    }
    return this.#pool
  }
}
