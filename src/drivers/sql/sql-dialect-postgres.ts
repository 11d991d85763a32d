import { escapeLike } from './sql-text-codec.js'
import { ISOLATION_SQL, likePattern, standardAggregate } from './sql-dialect.js'
import type { SqlDialect } from './sql-dialect.js'
import type { StorageKind } from './sql-object-model.js'

const TEXT_STORAGE: ReadonlySet<StorageKind> = new Set(['string', 'tagged', 'time'])

/**
 * PostgreSQL. Text columns are created `COLLATE "C"` and every text comparison and ORDER BY
 * says `COLLATE "C"` again (so tables created elsewhere behave the same): byte order of UTF-8 is
 * code point order. The default NULLS LAST for ascending order is overridden. `text` cannot
 * hold U+0000, hence the NUL code of sql-text-codec.ts.
 */
export const POSTGRES_DIALECT: SqlDialect = {
  client: 'postgres',
  knexClient: 'pg',
  encodesNul: true,
  nativeBoolean: true,
  maxParams: 65534,
  returning: true,
  // PostgreSQL runs READ UNCOMMITTED as READ COMMITTED, so it is not declared.
  isolationLevels: ['read_committed', 'repeatable_read', 'serializable'],
  quote: (identifier) => `"${identifier.replaceAll('"', '""')}"`,
  placeholder: (index) => `$${index}`,
  datetimeParam: (iso) => iso,
  compared: (column, storage) => (TEXT_STORAGE.has(storage) ? `${column} COLLATE "C"` : column),
  groupable: (column, storage) => (storage === 'json' ? `CAST(${column} AS text)` : column),
  orderTerm(expr, storage, order) {
    const collated = TEXT_STORAGE.has(storage) ? `${expr} COLLATE "C"` : expr
    return order === 'asc' ? `${collated} ASC NULLS FIRST` : `${collated} DESC NULLS LAST`
  },
  textMatch: (column, _op, _tagged, placeholder) => `${column} LIKE ${placeholder()} ESCAPE '!'`,
  textMatchParams: (op, operand, prefix) => [likePattern(op, escapeLike(operand), prefix)],
  // `json` has no equality; an element's text is exactly what JSON.stringify wrote.
  arrayContains: (column, placeholder) =>
    `(CASE WHEN json_typeof(${column}) = 'array' THEN EXISTS (SELECT 1 FROM json_array_elements(${column}) AS e(v) WHERE e.v::text = ${placeholder()}) ELSE FALSE END)`,
  arrayContainsParam: (element) => JSON.stringify(element),
  not: (expr) => `NOT COALESCE(${expr}, FALSE)`,
  paging(limit, offset, placeholder) {
    const parts: string[] = []
    const order: ('limit' | 'offset')[] = []
    if (limit) {
      parts.push(`LIMIT ${placeholder()}`)
      order.push('limit')
    }
    if (offset) {
      parts.push(`OFFSET ${placeholder()}`)
      order.push('offset')
    }
    return { sql: parts.join(' '), order }
  },
  aggregate(fn, expr, storage, distinct) {
    // min/max do not exist for boolean; bool_and/bool_or are the same thing for false < true.
    if (storage === 'boolean' && fn === 'min') return `BOOL_AND(${expr})`
    if (storage === 'boolean' && fn === 'max') return `BOOL_OR(${expr})`
    if (TEXT_STORAGE.has(storage) && (fn === 'min' || fn === 'max')) {
      return `${fn.toUpperCase()}(${expr} COLLATE "C")`
    }
    return standardAggregate(fn, expr, distinct)
  },
  begin: (level) => [
    level === undefined ? 'BEGIN' : `BEGIN ISOLATION LEVEL ${ISOLATION_SQL[level]}`,
  ],
  commitSql: 'COMMIT',
  rollbackSql: 'ROLLBACK',
  savepoint: (name) => `SAVEPOINT ${name}`,
  rollbackToSavepoint: (name) => `ROLLBACK TO SAVEPOINT ${name}`,
  releaseSavepoint: (name) => `RELEASE SAVEPOINT ${name}`,
  columnType(storage, isId) {
    if (isId) return 'text COLLATE "C"'
    switch (storage) {
      case 'string':
      case 'tagged':
      case 'time':
        return 'text COLLATE "C"'
      case 'number':
        return 'double precision'
      case 'boolean':
        return 'boolean'
      case 'date':
        return 'date'
      case 'datetime':
        return 'timestamptz(3)'
      case 'json':
        // json (not jsonb) keeps the text as written: key order, number spelling, \u0000.
        return 'json'
    }
  },
}
