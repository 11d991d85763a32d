/**
 * The SQL driver: `objectql-toolkit/drivers/sql`.
 *
 * @example
 * import { sqlDriverFromUrl } from 'objectql-toolkit/drivers/sql'
 * const driver = sqlDriverFromUrl(process.env.DATABASE_URL ?? 'sqlite::memory:')
 */
export { SqlDriver, sqlDriverFromUrl } from './sql-driver.js'
export { SQL_CLIENTS, parseSqlUrl, redactUrl, resolveSqlDriverConfig } from './sql-driver-config.js'
export type {
  ResolvedSqlDriverConfig,
  SqlClient,
  SqlDriverConfig,
  SqlPoolConfig,
  SqliteConnection,
} from './sql-driver-config.js'
export type { SqlNativeClient, SqlPoolStats } from './sql-connection.js'
export { mapSqlError, sqlErrorCode } from './sql-error-map.js'
export { introspectedToObjects, fieldTypeOf } from './sql-introspector.js'
export { dropPrefixedTables } from './sql-table-cleanup.js'
export type { IntrospectedToObjectsOptions } from './sql-introspector.js'
export { MAX_ID_LENGTH } from './sql-object-model.js'
export type { StorageKind } from './sql-object-model.js'
export { dialectFor } from './sql-dialects.js'
export type { SqlDialect } from './sql-dialect.js'
