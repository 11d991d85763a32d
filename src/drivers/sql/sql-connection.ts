/**
 * The thin layer between compiled SQL and a database client. Compiled statements go straight
 * to the native client (a better-sqlite3 prepared statement, a named `pg` statement, a `mysql2`
 * server-side prepared statement), so the hot path never meets a query builder.
 */

/** One result row, keyed by column name. */
export type SqlRow = Record<string, unknown>

/** Something statements can run on: the pool, or one leased connection. */
export interface SqlSession {
  /** Runs a statement that returns rows (SELECT, or a write with RETURNING). */
  query(sql: string, params: readonly unknown[]): Promise<SqlRow[]>
  /** Runs a write and returns how many rows it affected (matched, for UPDATE). */
  execute(sql: string, params: readonly unknown[]): Promise<number>
  /** Runs a one-off statement (DDL, catalog reads, transaction control): never cached. */
  raw(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>
}

/** A connection taken from the pool for a transaction or a multi-statement write. */
export interface SqlLease extends SqlSession {
  /** Returns the connection; `broken` destroys it instead (after a lost connection). */
  release(broken?: boolean): Promise<void>
}

/** Pool counters (upstream's `getPoolStats`). */
export interface SqlPoolStats {
  readonly total: number
  readonly idle: number
  readonly active: number
  readonly waiting: number
}

/** A connection pool (or SQLite's single connection) for one dialect. */
export interface SqlConnector extends SqlSession {
  /** Opens the pool and proves the server answers (a round trip). */
  open(): Promise<void>
  /** Closes every connection; statements afterwards fail. */
  close(): Promise<void>
  /** Leases one connection exclusively. */
  acquire(): Promise<SqlLease>
  stats(): SqlPoolStats | undefined
}
