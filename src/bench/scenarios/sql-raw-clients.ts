import type { Statement } from 'better-sqlite3'
import type { SqlClient, SqlDriver, SqlDriverConfig } from '../../drivers/sql/index.js'
import { ObjectQLError } from '../../kernel/errors.js'
import type { ScenarioSkip } from '../scenario.js'
import { BENCH_COLUMNS, envUrl, uniqueSuffix } from './scenario-fixtures.js'

/** The SQL backends the scenarios run on. */
export type BenchSqlClient = Extract<SqlClient, 'sqlite' | 'postgres' | 'mysql'>

/**
 * The raw-client side of the SQL scenarios: the same SELECTs the driver runs, as prepared
 * statements of the native client, on the driver's own connection or pool
 * (`SqlDriver.nativeClient()`), so the figure holds only what the driver adds.
 */
export interface RawSql {
  findOne(id: string): unknown
  findPage(status: string): unknown
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
 * How the driver of a scenario reaches its database, or a skip when the server URL is not
 * configured (`OBJECTQL_POSTGRES_URL`, `OBJECTQL_MYSQL_URL`). SQLite always runs, in memory.
 */
export function benchSqlConfig(
  client: BenchSqlClient,
): Pick<SqlDriverConfig, 'client' | 'connection'> | ScenarioSkip {
  if (client === 'sqlite') return { client, connection: { filename: ':memory:' } }
  const variable = client === 'postgres' ? 'OBJECTQL_POSTGRES_URL' : 'OBJECTQL_MYSQL_URL'
  const url = envUrl(variable)
  if (url === undefined) {
    const label = client === 'postgres' ? 'PostgreSQL' : 'MySQL'
    return { skip: `no ${label} URL; set ${variable} to measure it` }
  }
  return { client, connection: url }
}

/**
 * The raw side on a connected driver whose table `table` exists and is filled: better-sqlite3
 * statements on the driver's one connection, named `pg` statements on the driver's pool,
 * `mysql2` prepared statements on the driver's pool.
 */
export function openRawSql(driver: SqlDriver, table: string): RawSql {
  const native = driver.nativeClient()
  switch (native.client) {
    case 'sqlite': {
      const sql = selectSql(table, doubleQuoted, () => '?')
      const findOne: Statement<[string]> = native.database.prepare<[string]>(sql.findOne)
      const findPage: Statement<[string]> = native.database.prepare<[string]>(sql.findPage)
      return { findOne: (id) => findOne.get(id), findPage: (status) => findPage.all(status) }
    }
    case 'postgres': {
      const sql = selectSql(table, doubleQuoted, (n) => `$${n}`)
      const pool = native.pool
      const names = {
        findOne: `bench_find_one_${uniqueSuffix()}`,
        findPage: `bench_find_page_${uniqueSuffix()}`,
      }
      return {
        findOne: (id) =>
          pool
            .query({ name: names.findOne, text: sql.findOne, values: [id] })
            .then((r) => r.rows[0]),
        findPage: (status) =>
          pool
            .query({ name: names.findPage, text: sql.findPage, values: [status] })
            .then((r) => r.rows),
      }
    }
    case 'mysql': {
      const sql = selectSql(table, backQuoted, () => '?')
      const pool = native.pool
      return {
        findOne: (id) => pool.execute(sql.findOne, [id]).then(([rows]) => (rows as unknown[])[0]),
        findPage: (status) => pool.execute(sql.findPage, [status]).then(([rows]) => rows),
      }
    }
    case 'mssql':
      throw new ObjectQLError('NOT_SUPPORTED', 'the SQL scenarios do not run on SQL Server')
  }
}
