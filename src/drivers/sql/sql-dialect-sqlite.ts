import { standardAggregate } from './sql-dialect.js'
import type { SqlDialect } from './sql-dialect.js'

/**
 * SQLite. Text compares with the BINARY collation (memcmp of UTF-8 = code point order) and
 * NULLs sort first ascending already. LIKE folds ASCII case, and LIKE, GLOB and text substr()
 * stop at NUL, so string operators compare bytes instead: the column is cast to a BLOB and
 * matched with `instr`/`substr`/`length`, which are byte-exact and see past NUL. Booleans are
 * stored 0/1.
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
  groupable: (column) => column,
  orderTerm: (expr, _storage, order) => `${expr} ${order === 'asc' ? 'ASC' : 'DESC'}`,
  textMatch(column, op, tagged, placeholder) {
    const b = `CAST(${column} AS BLOB)`
    // substr() of an empty BLOB is NULL, so plain strings (which may be '') use instr() and
    // length() only; tagged values are never empty (they start with the tag).
    const tag = tagged ? `instr(${b}, ${placeholder()}) = 1 AND ` : ''
    switch (op) {
      case '$startsWith':
        return `(${tag}instr(${b}, ${placeholder()}) = 1)`
      case '$endsWith': {
        // Placeholders are created in text order: their values are bound by position.
        const minLength = `length(${b}) >= ${placeholder()}`
        const empty = `${placeholder()} = 0`
        const suffix = `substr(${b}, length(${b}) - ${placeholder()} + 1) = ${placeholder()}`
        return `(${tag}${minLength} AND (${empty} OR ${suffix}))`
      }
      case '$contains':
        return tagged
          ? `(${tag}instr(substr(${b}, ${placeholder()}), ${placeholder()}) > 0)`
          : `(instr(${b}, ${placeholder()}) > 0)`
    }
  },
  textMatchParams(op, operand, prefix) {
    const tag = Buffer.from(prefix, 'utf8')
    const value = Buffer.from(operand, 'utf8')
    const tagged = tag.length > 0 ? [tag] : []
    switch (op) {
      case '$startsWith':
        return [...tagged, Buffer.concat([tag, value])]
      case '$endsWith':
        return [...tagged, tag.length + value.length, value.length, value.length, value]
      case '$contains':
        return tag.length > 0 ? [tag, tag.length + 1, value] : [value]
    }
  },
  // json_each decodes \u0000 into the text; comparing as BLOBs sees past it.
  arrayContains: (column, placeholder) =>
    `EXISTS (SELECT 1 FROM json_each(${column}) AS e WHERE e.type = 'text' AND CAST(e.value AS BLOB) = ${placeholder()})`,
  arrayContainsParam: (element) => Buffer.from(element, 'utf8'),
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
