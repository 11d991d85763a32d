import type Database from 'better-sqlite3'
import type { Knex } from 'knex'
import type { Pool as MysqlPool } from 'mysql2/promise'
import type pg from 'pg'

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
  /**
   * Runs a SELECT and returns its rows as arrays in select-list order (no object per row on the
   * clients that can skip it). `columns` are the selected column names, for clients that only
   * return objects.
   */
  select(sql: string, params: readonly unknown[], columns: readonly string[]): Promise<unknown[][]>
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
  /** The native client this connector runs on (see {@link SqlNativeClient}). */
  native(): SqlNativeClient
}

/**
 * The native client under a connected SQL driver, tagged by dialect: the better-sqlite3
 * `Database` (SQLite's one connection), the `pg` Pool, the `mysql2/promise` Pool, or for SQL
 * Server the knex instance. The driver owns it: never close or end it.
 */
export type SqlNativeClient =
  | { readonly client: 'sqlite'; readonly database: Database.Database }
  | { readonly client: 'postgres'; readonly pool: pg.Pool }
  | { readonly client: 'mysql'; readonly pool: MysqlPool }
  | { readonly client: 'mssql'; readonly knex: Knex }
