import { standardAggregate } from './sql-dialect.js'
import type { SqlDialect } from './sql-dialect.js'

/**
 * SQLite. Text compares with the BINARY collation (memcmp of UTF-8 = code point order) and
 * NULLs sort first ascending already. LIKE folds ASCII case and GLOB stops at NUL, so string
 * operators compare bytes instead: the column is cast to a BLOB and matched with `substr` and
 * `instr`, which are byte-exact and see past NUL. Booleans are stored 0/1.
 */
export const SQLITE_DIALECT: SqlDialect = {
  client: 'sqlite',
  knexClient: 'better-sqlite3',
  encodesNul: false,
  nativeBoolean: false,
  maxParams: 32765,
  returning: true,
  // One connection, and SQLite transactions are serializable.
  isolationLevels: ['serializable'],
  quote: (identifier) => `"${identifier.replaceAll('"', '""')}"`,
  placeholder: () => '?',
  datetimeParam: (iso) => iso,
  compared: (column) => column,
  orderTerm: (expr, _storage, order) => `${expr} ${order === 'asc' ? 'ASC' : 'DESC'}`,
  textMatch(column, op, placeholder) {
    const bytes = `CAST(${column} AS BLOB)`
    // Every form first checks the tag prefix (empty for plain strings: substr(b,1,0) = x'').
    const prefix = `substr(${bytes}, 1, ${placeholder()}) = ${placeholder()}`
    switch (op) {
      case '$startsWith':
        return `(${prefix} AND substr(${bytes}, 1, ${placeholder()}) = ${placeholder()})`
      case '$endsWith':
        return (
          `(${prefix} AND length(${bytes}) >= ${placeholder()}` +
          ` AND substr(${bytes}, length(${bytes}) - ${placeholder()} + 1) = ${placeholder()})`
        )
      case '$contains':
        return `(${prefix} AND instr(substr(${bytes}, ${placeholder()}), ${placeholder()}) > 0)`
    }
  },
  textMatchParams(op, operand, prefix) {
    const tag = Buffer.from(prefix, 'utf8')
    const value = Buffer.from(operand, 'utf8')
    switch (op) {
      case '$startsWith':
        return [tag.length, tag, tag.length + value.length, Buffer.concat([tag, value])]
      case '$endsWith':
        return [tag.length, tag, tag.length + value.length, value.length, value]
      case '$contains':
        return [tag.length, tag, tag.length + 1, value]
    }
  },
  not: (expr) => `NOT COALESCE(${expr}, FALSE)`,
  paging(limit, offset, placeholder) {
    if (!limit && !offset) return { sql: '', order: [] }
    if (!limit) return { sql: `LIMIT -1 OFFSET ${placeholder()}`, order: ['offset'] }
    if (!offset) return { sql: `LIMIT ${placeholder()}`, order: ['limit'] }
    return { sql: `LIMIT ${placeholder()} OFFSET ${placeholder()}`, order: ['limit', 'offset'] }
  },
  aggregate: (fn, expr, _storage, distinct) => standardAggregate(fn, expr, distinct),
  // IMMEDIATE takes the write lock at once, so a transaction never fails half-way on SQLITE_BUSY.
  begin: () => ['BEGIN IMMEDIATE'],
  commitSql: 'COMMIT',
  rollbackSql: 'ROLLBACK',
  savepoint: (name) => `SAVEPOINT ${name}`,
  rollbackToSavepoint: (name) => `ROLLBACK TO SAVEPOINT ${name}`,
  releaseSavepoint: (name) => `RELEASE SAVEPOINT ${name}`,
  columnType(storage, isId) {
    if (isId) return 'text'
    switch (storage) {
      case 'number':
        // REAL affinity: integers come back as numbers, never as bigints.
        return 'real'
      case 'boolean':
        return 'integer'
      default:
        return 'text'
    }
  },
}
