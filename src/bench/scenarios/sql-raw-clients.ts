import Database from 'better-sqlite3'
import mysql from 'mysql2/promise'
import pg from 'pg'
import type { SqlDriver, SqlDriverConfig } from '../../drivers/sql/index.js'
import type { ScenarioSkip } from '../scenario.js'
import { BENCH_COLUMNS, envUrl, uniqueSuffix } from './scenario-fixtures.js'

/**
 * The raw-client side of the SQL scenarios: the same SELECTs the driver runs, as prepared
 * statements of the native client. The driver exposes no handle on its own connection, so the
 * raw client opens its own: a pool of the same size on the same server and database, or for
 * SQLite in memory an exact replica (see sqliteRaw).
 */
export interface RawSql {
  /** How the driver reaches the same database (client and connection). */
  readonly driverConfig: Pick<SqlDriverConfig, 'client' | 'connection'>
  /** Prepares the statements once the driver has created and filled the table. */
  prepare(driver: SqlDriver): Promise<void>
  findOne(id: string): unknown
  findPage(status: string): unknown
  close(): Promise<void>
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

/**
 * SQLite runs on `:memory:` (the embedded default), where no second connection can see the
 * driver's database. The raw side is therefore an exact replica built through the driver's own
 * connection: the same DDL (read from sqlite_master) and the same stored rows, in a second
 * in-memory database of the same engine.
 */
function sqliteRaw(table: string): RawSql {
  const sql = selectSql(table, doubleQuoted, () => '?')
  let db: Database.Database | undefined
  let findOne: Database.Statement<[string]> | undefined
  let findPage: Database.Statement<[string]> | undefined
  return {
    driverConfig: { client: 'sqlite', connection: { filename: ':memory:' } },
    async prepare(driver) {
      const replica = new Database(':memory:')
      db = replica
      const ddl = await driver.execute(
        'SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL ORDER BY type DESC',
        [table],
      )
      for (const row of ddl) replica.exec(String(row['sql']))
      const rows = await driver.execute(`SELECT * FROM ${doubleQuoted(table)}`)
      const columns = Object.keys(rows[0] ?? {})
      const insert = replica.prepare(
        `INSERT INTO ${doubleQuoted(table)} (${columns.map(doubleQuoted).join(', ')}) ` +
          `VALUES (${columns.map(() => '?').join(', ')})`,
      )
      replica.transaction(() => {
        for (const row of rows) insert.run(...columns.map((column) => row[column]))
      })()
      findOne = replica.prepare<[string]>(sql.findOne)
      findPage = replica.prepare<[string]>(sql.findPage)
    },
    findOne: (id) => findOne?.get(id),
    findPage: (status) => findPage?.all(status),
    async close() {
      db?.close()
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
