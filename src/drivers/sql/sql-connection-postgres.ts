import pg from 'pg'
import { ObjectQLError } from '../../kernel/errors.js'
import type { SqlConnector, SqlLease, SqlPoolStats, SqlRow, SqlSession } from './sql-connection.js'
import type { ResolvedSqlDriverConfig } from './sql-driver-config.js'

const { Pool, types } = pg

// Result parsing for this pool only (never the process-wide pg.types): counts (int8) and
// numerics become numbers, `date` stays the YYYY-MM-DD text instead of a local-time Date, and
// `json` stays text, so the codec parses every JSON column the same way on every dialect.
const INT8 = 20
const NUMERIC = 1700
const DATE = 1082
const JSON_OID = 114
const parseNumber = (text: string): number => Number(text)
const keepText = (text: string): string => text

const TYPES: pg.CustomTypesConfig = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return parseNumber
    if (oid === DATE || oid === JSON_OID) return keepText
    return format === 'binary' ? types.getTypeParser(oid, 'binary') : types.getTypeParser(oid)
  },
}

/**
 * PostgreSQL through a `pg` Pool. Compiled statements run as named prepared statements (one
 * name per SQL text), so each pooled connection parses and plans a shape once.
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
      types: TYPES,
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

  #prepared(
    target: pg.Pool | pg.PoolClient,
    text: string,
    params: readonly unknown[],
  ): Promise<pg.QueryResult<SqlRow>> {
    let name = this.#names.get(text)
    if (name === undefined) {
      name = `oq_${this.#names.size.toString(36)}`
      this.#names.set(text, name)
    }
    return target.query<SqlRow>({ name, text, values: params as unknown[] })
  }

  #live(): pg.Pool {
    if (this.#pool === undefined) {
      throw new ObjectQLError('DRIVER_NOT_CONNECTED', 'the PostgreSQL pool is closed')
    }
    return this.#pool
  }
}
