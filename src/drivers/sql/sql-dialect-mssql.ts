import { escapeLike } from './sql-text-codec.js'
import { ISOLATION_SQL, likePattern, standardAggregate } from './sql-dialect.js'
import type { SqlDialect } from './sql-dialect.js'

/** UTF-8 binary collation (SQL Server 2019+): byte order of UTF-8 is code point order. */
export const MSSQL_TEXT_COLLATION = 'Latin1_General_100_BIN2_UTF8'

/**
 * SQL Server. UNPROVEN: it compiles and renders SQL, but no server was available to run the
 * behaviour tests (see the driver README). Text is `varchar COLLATE Latin1_General_100_BIN2_UTF8`
 * (nvarchar BIN2 would sort by UTF-16 code unit, not code point). Placeholders are `?` because
 * statements run through knex, which numbers them for tedious; a literal `?` in an identifier is
 * escaped for knex.
 */
export const MSSQL_DIALECT: SqlDialect = {
  client: 'mssql',
  knexClient: 'mssql',
  encodesNul: false,
  nativeBoolean: false,
  maxParams: 2000,
  returning: false,
  isolationLevels: [
    'read_uncommitted',
    'read_committed',
    'repeatable_read',
    'serializable',
    'snapshot',
  ],
  quote: (identifier) => `[${identifier.replaceAll(']', ']]').replaceAll('?', '\\?')}]`,
  placeholder: () => '?',
  datetimeParam: (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 23)}`,
  compared: (column) => column,
  groupable: (column) => column,
  orderTerm: (expr, _storage, order) => `${expr} ${order === 'asc' ? 'ASC' : 'DESC'}`,
  textMatch: (column, _op, _tagged, placeholder) => `${column} LIKE ${placeholder()} ESCAPE '!'`,
  textMatchParams: (op, operand, prefix) => [likePattern(op, escapeLike(operand), prefix)],
  arrayContains: (column, placeholder) =>
    `EXISTS (SELECT 1 FROM OPENJSON(${column}) WHERE [type] = 1 AND [value] COLLATE ${MSSQL_TEXT_COLLATION} = ${placeholder()})`,
  arrayContainsParam: (element) => element,
  // T-SQL has no boolean values, only predicates.
  not: (expr) => `(CASE WHEN ${expr} THEN 0 ELSE 1 END = 1)`,
  paging(limit, offset, placeholder, ordered) {
    if (!limit && !offset) return { sql: '', order: [] }
    const orderBy = ordered ? '' : 'ORDER BY (SELECT NULL) '
    if (!limit) return { sql: `${orderBy}OFFSET ${placeholder()} ROWS`, order: ['offset'] }
    if (!offset) {
      return {
        sql: `${orderBy}OFFSET 0 ROWS FETCH NEXT ${placeholder()} ROWS ONLY`,
        order: ['limit'],
      }
    }
    return {
      sql: `${orderBy}OFFSET ${placeholder()} ROWS FETCH NEXT ${placeholder()} ROWS ONLY`,
      order: ['offset', 'limit'],
    }
  },
  aggregate(fn, expr, storage, distinct) {
    if (storage === 'boolean' && (fn === 'min' || fn === 'max' || fn === 'sum' || fn === 'avg')) {
      return standardAggregate(fn, `CAST(${expr} AS int)`, distinct)
    }
    return standardAggregate(fn, expr, distinct)
  },
  begin: (level) =>
    level === undefined
      ? ['BEGIN TRANSACTION']
      : [`SET TRANSACTION ISOLATION LEVEL ${ISOLATION_SQL[level]}`, 'BEGIN TRANSACTION'],
  commitSql: 'COMMIT TRANSACTION',
  rollbackSql: 'ROLLBACK TRANSACTION',
  savepoint: (name) => `SAVE TRANSACTION ${name}`,
  rollbackToSavepoint: (name) => `ROLLBACK TRANSACTION ${name}`,
  releaseSavepoint: () => undefined,
  columnType(storage, isId) {
    if (isId) return `varchar(768) COLLATE ${MSSQL_TEXT_COLLATION}`
    switch (storage) {
      case 'string':
      case 'tagged':
      case 'time':
        return `varchar(max) COLLATE ${MSSQL_TEXT_COLLATION}`
      case 'json':
        return 'nvarchar(max)'
      case 'number':
        return 'float'
      case 'boolean':
        return 'bit'
      case 'date':
        return 'date'
      case 'datetime':
        return 'datetime2(3)'
    }
  },
}
