import { ObjectQLError, isObjectQLError } from '../../kernel/errors.js'
import type { ErrorCode } from '../../kernel/errors.js'
import type { SqlClient } from './sql-driver-config.js'

/**
 * Native database errors -> the error catalog, keeping the native error as `cause`:
 * PostgreSQL SQLSTATEs, MySQL/MariaDB errnos, SQLite extended result codes, SQL Server error
 * numbers, and Node socket errnos. Anything unknown becomes `DRIVER_ERROR`; coded errors pass
 * through unchanged.
 */

/** Socket-level failures: the server cannot be reached or the connection dropped. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ESOCKET',
  'ETIMEOUT',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_ACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
])

const POSTGRES_CLASSES: Readonly<Record<string, ErrorCode>> = {
  '08': 'DRIVER_UNAVAILABLE', // connection exception
  '28': 'DRIVER_UNAVAILABLE', // invalid authorization
  '3D': 'DRIVER_UNAVAILABLE', // invalid catalog (database does not exist)
  '53': 'DRIVER_UNAVAILABLE', // insufficient resources (too many connections, disk full)
  '57': 'DRIVER_UNAVAILABLE', // operator intervention (admin shutdown, query canceled)
  '40': 'TRANSACTION_FAILED', // serialization failure, deadlock
  '25': 'TRANSACTION_FAILED', // invalid transaction state (aborted transaction)
}

const POSTGRES_STATES: Readonly<Record<string, ErrorCode>> = {
  '23505': 'DUPLICATE_RECORD',
  '23502': 'VALIDATION_FAILED',
  '23503': 'VALIDATION_FAILED',
  '23514': 'VALIDATION_FAILED',
  '22001': 'VALIDATION_FAILED',
  '22003': 'VALIDATION_FAILED',
  '22007': 'VALIDATION_FAILED',
  '22008': 'VALIDATION_FAILED',
  '22P02': 'VALIDATION_FAILED',
  '42703': 'INVALID_FIELD',
  '42P01': 'OBJECT_NOT_FOUND',
  '54000': 'LIMIT_EXCEEDED',
}

const MYSQL_ERRNOS: Readonly<Record<number, ErrorCode>> = {
  1062: 'DUPLICATE_RECORD', // ER_DUP_ENTRY
  1586: 'DUPLICATE_RECORD', // ER_DUP_ENTRY_WITH_KEY_NAME
  1048: 'VALIDATION_FAILED', // ER_BAD_NULL_ERROR
  1264: 'VALIDATION_FAILED', // ER_WARN_DATA_OUT_OF_RANGE
  1292: 'VALIDATION_FAILED', // ER_TRUNCATED_WRONG_VALUE
  1366: 'VALIDATION_FAILED', // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
  1406: 'VALIDATION_FAILED', // ER_DATA_TOO_LONG
  1452: 'VALIDATION_FAILED', // ER_NO_REFERENCED_ROW_2
  1054: 'INVALID_FIELD', // ER_BAD_FIELD_ERROR
  1146: 'OBJECT_NOT_FOUND', // ER_NO_SUCH_TABLE
  1071: 'LIMIT_EXCEEDED', // ER_TOO_LONG_KEY
  1038: 'LIMIT_EXCEEDED', // ER_OUT_OF_SORTMEMORY (too many long text sort keys)
  1213: 'TRANSACTION_FAILED', // ER_LOCK_DEADLOCK
  1205: 'TRANSACTION_FAILED', // ER_LOCK_WAIT_TIMEOUT
  1040: 'DRIVER_UNAVAILABLE', // ER_CON_COUNT_ERROR
  1045: 'DRIVER_UNAVAILABLE', // ER_ACCESS_DENIED_ERROR
  1049: 'DRIVER_UNAVAILABLE', // ER_BAD_DB_ERROR
  1053: 'DRIVER_UNAVAILABLE', // ER_SERVER_SHUTDOWN
  2002: 'DRIVER_UNAVAILABLE',
  2003: 'DRIVER_UNAVAILABLE',
  2006: 'DRIVER_UNAVAILABLE', // server has gone away
  2013: 'DRIVER_UNAVAILABLE', // lost connection during query
}

const SQLITE_CODES: Readonly<Record<string, ErrorCode>> = {
  SQLITE_CONSTRAINT_PRIMARYKEY: 'DUPLICATE_RECORD',
  SQLITE_CONSTRAINT_UNIQUE: 'DUPLICATE_RECORD',
  SQLITE_CONSTRAINT_NOTNULL: 'VALIDATION_FAILED',
  SQLITE_CONSTRAINT_CHECK: 'VALIDATION_FAILED',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'VALIDATION_FAILED',
  SQLITE_TOOBIG: 'LIMIT_EXCEEDED',
  SQLITE_BUSY: 'DRIVER_UNAVAILABLE',
  SQLITE_LOCKED: 'DRIVER_UNAVAILABLE',
  SQLITE_CANTOPEN: 'DRIVER_UNAVAILABLE',
  SQLITE_NOTADB: 'DRIVER_UNAVAILABLE',
  SQLITE_IOERR: 'DRIVER_UNAVAILABLE',
}

const MSSQL_NUMBERS: Readonly<Record<number, ErrorCode>> = {
  2627: 'DUPLICATE_RECORD',
  2601: 'DUPLICATE_RECORD',
  515: 'VALIDATION_FAILED',
  547: 'VALIDATION_FAILED',
  8152: 'VALIDATION_FAILED',
  207: 'INVALID_FIELD',
  208: 'OBJECT_NOT_FOUND',
  1205: 'TRANSACTION_FAILED',
  3960: 'TRANSACTION_FAILED',
  4060: 'DRIVER_UNAVAILABLE',
  18456: 'DRIVER_UNAVAILABLE',
}

// Messages of client libraries that report a dead connection without an errno.
const LOST_CONNECTION =
  /connection terminated|terminating connection|connection (is )?closed|not (yet )?connected|cannot enqueue|pool is closed|timeout exceeded when trying to connect|can't add new command when connection is in closed state|the database connection is not open|query read timeout|not queryable/i

/** The catalog code for a native error of this dialect. */
export function sqlErrorCode(error: unknown, client: SqlClient): ErrorCode {
  if (isObjectQLError(error)) return error.code
  const native = (typeof error === 'object' && error !== null ? error : {}) as Record<
    string,
    unknown
  >
  const code = typeof native['code'] === 'string' ? native['code'] : undefined
  if (code !== undefined && NETWORK_CODES.has(code)) return 'DRIVER_UNAVAILABLE'
  if (hasNetworkCause(error)) return 'DRIVER_UNAVAILABLE'
  switch (client) {
    case 'postgres':
      if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) {
        return POSTGRES_STATES[code] ?? POSTGRES_CLASSES[code.slice(0, 2)] ?? 'DRIVER_ERROR'
      }
      break
    case 'mysql': {
      const errno = native['errno']
      if (typeof errno === 'number' && MYSQL_ERRNOS[errno] !== undefined) return MYSQL_ERRNOS[errno]
      if (native['fatal'] === true) return 'DRIVER_UNAVAILABLE'
      break
    }
    case 'sqlite':
      if (code !== undefined) {
        const mapped = SQLITE_CODES[code] ?? SQLITE_CODES[code.replace(/_[A-Z]+$/, '')]
        if (mapped !== undefined) return mapped
      }
      break
    case 'mssql': {
      const number = native['number']
      if (typeof number === 'number' && MSSQL_NUMBERS[number] !== undefined) {
        return MSSQL_NUMBERS[number]
      }
      break
    }
  }
  const message = error instanceof Error ? error.message : String(error)
  if (LOST_CONNECTION.test(message)) return 'DRIVER_UNAVAILABLE'
  return 'DRIVER_ERROR'
}

/** Maps any error to an {@link ObjectQLError}; the native error stays reachable as `cause`. */
export function mapSqlError(error: unknown, client: SqlClient, operation: string): ObjectQLError {
  if (isObjectQLError(error)) return error
  const code = sqlErrorCode(error, client)
  const message = error instanceof Error ? error.message : String(error)
  const native = (typeof error === 'object' && error !== null ? error : {}) as Record<
    string,
    unknown
  >
  const nativeCode = [native['code'], native['errno'], native['number']].find(
    (v): v is string | number => typeof v === 'string' || typeof v === 'number',
  )
  return new ObjectQLError(code, `sql:${client} ${operation} failed: ${message}`, {
    cause: error,
    details: {
      operation,
      ...(nativeCode === undefined ? {} : { nativeCode: String(nativeCode) }),
      ...(code === 'DUPLICATE_RECORD' && typeof native['constraint'] === 'string'
        ? { constraint: native['constraint'] }
        : {}),
    },
  })
}

// pg wraps connect timeouts and AggregateErrors (IPv4 + IPv6 attempts) around the real errno.
function hasNetworkCause(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const inner: unknown[] = []
  if (error.cause !== undefined) inner.push(error.cause)
  if (error instanceof AggregateError) inner.push(...(error.errors as unknown[]))
  return inner.some((item) => {
    const code = (item as { code?: unknown } | null)?.code
    return (typeof code === 'string' && NETWORK_CODES.has(code)) || hasNetworkCause(item)
  })
}
