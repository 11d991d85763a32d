import type { IsolationLevel } from '../../kernel/driver/driver-capabilities.js'
import type { AggregateFunction } from '../../kernel/spec/query-ast.js'
import type { SqlClient } from './sql-driver-config.js'
import type { StorageKind } from './sql-object-model.js'

/** The three string operators (negation is built on top of them). */
export type TextMatchOp = '$contains' | '$startsWith' | '$endsWith'

/** Where the paging parameters go and in which order they are bound. */
export interface PagingClause {
  readonly sql: string
  readonly order: readonly ('limit' | 'offset')[]
}

/**
 * Everything that differs between SQL backends, so the compilers stay dialect-free. Each
 * method returns SQL text only; values are always bound. The semantic rules it must keep
 * (docs/SPEC.md): strings compare and sort by code point, case-sensitively and without padding;
 * nulls sort first ascending and last descending; `NOT` is two-valued.
 */
export interface SqlDialect {
  readonly client: SqlClient
  /** knex client name used to render DDL (no connection is opened through knex). */
  readonly knexClient: string
  /** Strings must go through the NUL code of sql-text-codec.ts (PostgreSQL). */
  readonly encodesNul: boolean
  /** Booleans are bound as booleans; otherwise as 1/0. */
  readonly nativeBoolean: boolean
  /** Most values one statement may bind (bulk writes are split below it). */
  readonly maxParams: number
  /** UPDATE ... RETURNING is available (otherwise the record is read back). */
  readonly returning: boolean
  readonly isolationLevels: readonly IsolationLevel[]

  /** Quotes an identifier (escaping the quote character). */
  quote(identifier: string): string
  /** The placeholder of the n-th bound value (1-based). */
  placeholder(index: number): string
  /** A datetime in canonical ISO-8601 form as the backend wants it bound. */
  datetimeParam(iso: string): string
  /** The column as used in `<`/`>` comparisons (PostgreSQL forces byte order for text). */
  compared(column: string, storage: StorageKind): string
  /** The column as grouped and counted distinctly (PostgreSQL's `json` has no equality). */
  groupable(column: string, storage: StorageKind): string
  /** One ORDER BY term with spec null placement. */
  orderTerm(expr: string, storage: StorageKind, order: 'asc' | 'desc'): string
  /**
   * A test that a non-null `column` matches a string operator; never NULL for a non-null column
   * (the caller's NOT relies on that). `tagged` columns carry the `s:` prefix before the text.
   */
  textMatch(column: string, op: TextMatchOp, tagged: boolean, placeholder: () => string): string
  /** The bound values for {@link SqlDialect.textMatch}; `prefix` is the tagged-string tag. */
  textMatchParams(op: TextMatchOp, operand: string, prefix: string): unknown[]
  /** A never-NULL test that a JSON array column has the string element bound at `placeholder`. */
  arrayContains(column: string, placeholder: () => string): string
  /** The bound value for {@link SqlDialect.arrayContains}. */
  arrayContainsParam(element: string): unknown
  /** The two-valued complement of a boolean expression that may be NULL. */
  not(expr: string): string
  /** LIMIT/OFFSET (or OFFSET/FETCH) with placeholders; `ordered` says an ORDER BY exists. */
  paging(limit: boolean, offset: boolean, placeholder: () => string, ordered: boolean): PagingClause
  /** An aggregate call over an expression (or `*` for a row count). */
  aggregate(fn: AggregateFunction, expr: string, storage: StorageKind, distinct: boolean): string
  /** Statements that open a transaction. */
  begin(level: IsolationLevel | undefined): string[]
  readonly commitSql: string
  readonly rollbackSql: string
  savepoint(name: string): string
  rollbackToSavepoint(name: string): string
  /** `undefined` where the dialect has no RELEASE (SQL Server). */
  releaseSavepoint(name: string): string | undefined
  /** Native column type for DDL. */
  columnType(storage: StorageKind, isId: boolean): string
}

/** Always-true and always-false conditions every dialect accepts. */
export const TRUE_SQL = '(1=1)'
/** See {@link TRUE_SQL}. */
export const FALSE_SQL = '(1=0)'

/** SQL spelling of the isolation levels. */
export const ISOLATION_SQL: Readonly<Record<IsolationLevel, string>> = {
  read_uncommitted: 'READ UNCOMMITTED',
  read_committed: 'READ COMMITTED',
  repeatable_read: 'REPEATABLE READ',
  serializable: 'SERIALIZABLE',
  snapshot: 'SNAPSHOT',
}

/** LIKE patterns for the ANSI dialects, built from an escaped literal and the tag prefix. */
export function likePattern(op: TextMatchOp, escaped: string, prefix: string): string {
  switch (op) {
    case '$startsWith':
      return `${prefix}${escaped}%`
    case '$endsWith':
      return prefix === '' ? `%${escaped}` : `${prefix}%${escaped}`
    case '$contains':
      return prefix === '' ? `%${escaped}%` : `${prefix}%${escaped}%`
  }
}

/** Generic aggregate rendering shared by the dialects. */
export function standardAggregate(fn: AggregateFunction, expr: string, distinct: boolean): string {
  const d = distinct ? 'DISTINCT ' : ''
  switch (fn) {
    case 'count':
      return expr === '*' ? 'COUNT(*)' : `COUNT(${d}${expr})`
    case 'count_distinct':
      return `COUNT(DISTINCT ${expr})`
    case 'sum':
      return `SUM(${d}${expr})`
    case 'avg':
      return `AVG(${d}${expr})`
    case 'min':
      return `MIN(${expr})`
    case 'max':
      return `MAX(${expr})`
  }
}
