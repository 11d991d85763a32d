import { escapeLike } from './sql-text-codec.js'
import { ISOLATION_SQL, likePattern, standardAggregate } from './sql-dialect.js'
import type { SqlDialect } from './sql-dialect.js'

/** Collation of every text column: exact, case-sensitive, no padding, code point order. */
export const MYSQL_TEXT_COLLATION = 'utf8mb4_nopad_bin'

/**
 * MySQL / MariaDB. Tables are created `utf8mb4` + `utf8mb4_nopad_bin`: equality is exact
 * (trailing spaces count), LIKE is case-sensitive and utf8mb4 binary order is code point order.
 * NULLs already sort first ascending. Booleans are TINYINT(1), read back as booleans.
 */
export const MYSQL_DIALECT: SqlDialect = {
  client: 'mysql',
  knexClient: 'mysql2',
  encodesNul: false,
  nativeBoolean: false,
  maxParams: 65534,
  returning: false,
  isolationLevels: ['read_uncommitted', 'read_committed', 'repeatable_read', 'serializable'],
  quote: (identifier) => `\`${identifier.replaceAll('`', '``')}\``,
  placeholder: () => '?',
  // DATETIME(3) literals have no zone designator; the session time zone is UTC.
  datetimeParam: (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 23)}`,
  compared: (column) => column,
  groupable: (column) => column,
  orderTerm: (expr, _storage, order) => `${expr} ${order === 'asc' ? 'ASC' : 'DESC'}`,
  textMatch: (column, _op, _tagged, placeholder) => `${column} LIKE ${placeholder()} ESCAPE '!'`,
  textMatchParams: (op, operand, prefix) => [likePattern(op, escapeLike(operand), prefix)],
  arrayContains: (column, placeholder) =>
    `COALESCE(JSON_CONTAINS(${column}, ${placeholder()}), FALSE)`,
  arrayContainsParam: (element) => JSON.stringify(element),
  not: (expr) => `NOT COALESCE(${expr}, FALSE)`,
  paging(limit, offset, placeholder) {
    if (!limit && !offset) return { sql: '', order: [] }
    if (!limit)
      return { sql: `LIMIT 18446744073709551615 OFFSET ${placeholder()}`, order: ['offset'] }
    if (!offset) return { sql: `LIMIT ${placeholder()}`, order: ['limit'] }
    return { sql: `LIMIT ${placeholder()} OFFSET ${placeholder()}`, order: ['limit', 'offset'] }
  },
  aggregate: (fn, expr, _storage, distinct) => standardAggregate(fn, expr, distinct),
  begin: (level) =>
    level === undefined
      ? ['START TRANSACTION']
      : [`SET TRANSACTION ISOLATION LEVEL ${ISOLATION_SQL[level]}`, 'START TRANSACTION'],
  commitSql: 'COMMIT',
  rollbackSql: 'ROLLBACK',
  savepoint: (name) => `SAVEPOINT ${name}`,
  rollbackToSavepoint: (name) => `ROLLBACK TO SAVEPOINT ${name}`,
  releaseSavepoint: (name) => `RELEASE SAVEPOINT ${name}`,
  columnType(storage, isId) {
    // 768 characters x 4 bytes = 3072 bytes, InnoDB's index key limit.
    if (isId) return 'varchar(768)'
    switch (storage) {
      case 'string':
      case 'tagged':
      case 'time':
      case 'json':
        return 'longtext'
      case 'number':
        return 'double'
      case 'boolean':
        return 'tinyint(1)'
      case 'date':
        return 'date'
      case 'datetime':
        return 'datetime(3)'
    }
  },
}
