import type { SqlDialect } from './sql-dialect.js'
import type { SqlClient } from './sql-driver-config.js'
import { MSSQL_DIALECT } from './sql-dialect-mssql.js'
import { MYSQL_DIALECT } from './sql-dialect-mysql.js'
import { POSTGRES_DIALECT } from './sql-dialect-postgres.js'
import { SQLITE_DIALECT } from './sql-dialect-sqlite.js'

const DIALECTS: Readonly<Record<SqlClient, SqlDialect>> = {
  sqlite: SQLITE_DIALECT,
  postgres: POSTGRES_DIALECT,
  mysql: MYSQL_DIALECT,
  mssql: MSSQL_DIALECT,
}

/** The dialect of a client. */
export function dialectFor(client: SqlClient): SqlDialect {
  return DIALECTS[client]
}
