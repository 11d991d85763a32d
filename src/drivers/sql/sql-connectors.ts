import type { SqlConnector } from './sql-connection.js'
import { MssqlConnector } from './sql-connection-mssql.js'
import { MysqlConnector } from './sql-connection-mysql.js'
import { PostgresConnector } from './sql-connection-postgres.js'
import { SqliteConnector } from './sql-connection-sqlite.js'
import type { ResolvedSqlDriverConfig } from './sql-driver-config.js'

/** The connector (pool or single connection) of a config's client. */
export function createConnector(config: ResolvedSqlDriverConfig): SqlConnector {
  switch (config.client) {
    case 'sqlite': {
      const connection = config.connection
      const filename = typeof connection === 'string' ? connection : connection.filename
      return new SqliteConnector(filename, config.busyTimeoutMs, config.statementCacheSize)
    }
    case 'postgres':
      return new PostgresConnector(config)
    case 'mysql':
      return new MysqlConnector(config)
    case 'mssql':
      return new MssqlConnector(config)
  }
}
