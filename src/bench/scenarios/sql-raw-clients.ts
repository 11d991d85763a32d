import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import mysql from 'mysql2/promise'
import pg from 'pg'
import type { SqlDriverConfig } from '../../drivers/sql/index.js'
import type { ScenarioSkip } from '../scenario.js'
import { BENCH_COLUMNS, envUrl, uniqueSuffix } from './scenario-fixtures.js'

/**
 * The raw-client side of the SQL scenarios: the same SELECTs the driver runs, as prepared
 * statements of the native client. The driver exposes no handle on its own connection, so the
 * raw client opens its own (a second connection to the same SQLite file, a pool of the same
 * size on the same server), which sees the same data and the same server state.
 */
export interface RawSql {
  /** How the driver reaches the same database (client and connection). */
  readonly driverConfig: Pick<SqlDriverConfig, 'client' | 'connection'>
  /** Prepares the statements (the table must exist). */
  prepare(): Promise<void>
  findOne(id: string): unknown
  findPage(status: string): unknown
  close(): Promise<void>
  /** Removes what the fixture created outside the database (temp files). */
  cleanup(): Promise<void>
}

function selectSql(
  table: string,
  quote: (name: string) => string,
  placeholder: (n: number) => string,
) {
  const columns = BENCH_COLUMNS.map(quote).join(', ')
  return {
    findOne: `SELECT ${columns} FROM ${quote(table)} WHERE ${quote('id')} = ${placeholder(1)}`,
    findPage:
      `SELECT ${columns} FROM ${quote(table)} WHERE ${quote('status')} = ${placeholder(1)} ` +
      `ORDER BY ${quote('priority')} ASC, ${quote('id')} ASC LIMIT 100`,
  }
}

const doubleQuoted = (name: string): string => `"${name}"`
const backQuoted = (name: string): string => `\`${name}\``

function sqliteRaw(table: string): RawSql {
  const filename = join(tmpdir(), `objectql-bench-${uniqueSuffix()}.db`)
  const sql = selectSql(table, doubleQuoted, () => '?')
  let db: Database.Database | undefined
  let findOne: Database.Statement<[string]> | undefined
  let findPage: Database.Statement<[string]> | undefined
  return {
    driverConfig: { client: 'sqlite', connection: { filename } },
    async prepare() {
      db = new Database(filename)
      findOne = db.prepare<[string]>(sql.findOne)
      findPage = db.prepare<[string]>(sql.findPage)
    },
    findOne: (id) => findOne?.get(id),
    findPage: (status) => findPage?.all(status),
    async close() {
      db?.close()
    },
    async cleanup() {
      for (const suffix of ['', '-wal', '-shm']) await rm(`${filename}${suffix}`, { force: true })
    },
  }
}

function postgresRaw(url: string, table: string): RawSql {
  const sql = selectSql(table, doubleQuoted, (n) => `$${n}`)
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  pool.on('error', () => undefined) // an idle client's failure surfaces at the next query
  const names = {
    findOne: `bench_find_one_${uniqueSuffix()}`,
    findPage: `bench_find_page_${uniqueSuffix()}`,
  }
  return {
    driverConfig: { client: 'postgres', connection: url },
    async prepare() {
      await pool.query('SELECT 1')
    },
    findOne: (id) =>
      pool.query({ name: names.findOne, text: sql.findOne, values: [id] }).then((r) => r.rows[0]),
    findPage: (status) =>
      pool
        .query({ name: names.findPage, text: sql.findPage, values: [status] })
        .then((r) => r.rows),
    close: () => pool.end(),
    async cleanup() {},
  }
}

function mysqlRaw(url: string, table: string): RawSql {
  const sql = selectSql(table, backQuoted, () => '?')
  const pool = mysql.createPool({ uri: url, connectionLimit: 2 })
  return {
    driverConfig: { client: 'mysql', connection: url },
    async prepare() {
      await pool.query('SELECT 1')
    },
    findOne: (id) => pool.execute(sql.findOne, [id]).then(([rows]) => (rows as unknown[])[0]),
    findPage: (status) => pool.execute(sql.findPage, [status]).then(([rows]) => rows),
    close: () => pool.end(),
    async cleanup() {},
  }
}

/**
 * Opens the raw side for a client, or a skip when its server URL is not configured
 * (`OBJECTQL_POSTGRES_URL`, `OBJECTQL_MYSQL_URL`). SQLite always runs (a temp file).
 */
export async function openRawSql(
  client: 'sqlite' | 'postgres' | 'mysql',
  table: string,
): Promise<RawSql | ScenarioSkip> {
  if (client === 'sqlite') return sqliteRaw(table)
  const variable = client === 'postgres' ? 'OBJECTQL_POSTGRES_URL' : 'OBJECTQL_MYSQL_URL'
  const url = envUrl(variable)
  if (url === undefined) {
    const label = client === 'postgres' ? 'PostgreSQL' : 'MySQL'
    return { skip: `no ${label} URL; set ${variable} to measure it` }
  }
  return client === 'postgres' ? postgresRaw(url, table) : mysqlRaw(url, table)
}
