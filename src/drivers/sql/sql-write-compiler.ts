import type { SqlDialect } from './sql-dialect.js'
import { padToPowerOfTwo } from './sql-filter-compiler.js'
import type { ObjectModel } from './sql-object-model.js'
import type { CompiledStatement } from './sql-query-compiler.js'
import { StatementCache, namesKey } from './sql-statement-cache.js'

/**
 * Compiles writes (INSERT, UPDATE, DELETE) by id. Like reads, the SQL text is cached per shape
 * (table, column list, row count); values are always bound, never spliced into the text.
 */
export class SqlWriteCompiler {
  readonly #dialect: SqlDialect
  readonly #cacheSize: number
  readonly #caches = new WeakMap<ObjectModel, StatementCache<string>>()

  constructor(dialect: SqlDialect, cacheSize: number) {
    this.#dialect = dialect
    this.#cacheSize = cacheSize
  }

  /** How many rows of `columnCount` values fit in one statement. */
  rowsPerStatement(columnCount: number): number {
    return Math.max(1, Math.floor(this.#dialect.maxParams / Math.max(1, columnCount)))
  }

  /** `INSERT INTO t (columns) VALUES (...), (...)`; `rows` hold values in column order. */
  insert(
    model: ObjectModel,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ): CompiledStatement {
    const key = `I${namesKey(columns)}|${rows.length}`
    const sql = this.#cached(model, key, () => {
      const d = this.#dialect
      let index = 0
      const tuple = (): string => `(${columns.map(() => d.placeholder(++index)).join(', ')})`
      const values = rows.map(() => tuple()).join(', ')
      const list = columns.map((c) => d.quote(c)).join(', ')
      return `INSERT INTO ${d.quote(model.table)} (${list}) VALUES ${values}`
    })
    return { sql, params: rows.flat() }
  }

  /**
   * `UPDATE t SET ... WHERE id = ?`, with `RETURNING` of every column where the dialect has it
   * (otherwise the driver reads the record back in the same session).
   */
  update(
    model: ObjectModel,
    columns: readonly string[],
    values: readonly unknown[],
    id: unknown,
  ): CompiledStatement {
    const key = `U${namesKey(columns)}`
    const sql = this.#cached(model, key, () => {
      const d = this.#dialect
      let index = 0
      const sets = columns.map((c) => `${d.quote(c)} = ${d.placeholder(++index)}`).join(', ')
      const where = `${d.quote('id')} = ${d.placeholder(++index)}`
      const returning = d.returning
        ? ` RETURNING ${[...model.columns.values()].map((c) => d.quote(c.column)).join(', ')}`
        : ''
      return `UPDATE ${d.quote(model.table)} SET ${sets} WHERE ${where}${returning}`
    })
    return { sql, params: [...values, id] }
  }

  /** `DELETE FROM t WHERE id = ?`. */
  deleteOne(model: ObjectModel, id: unknown): CompiledStatement {
    const sql = this.#cached(model, 'X1', () => {
      const d = this.#dialect
      return `DELETE FROM ${d.quote(model.table)} WHERE ${d.quote('id')} = ${d.placeholder(1)}`
    })
    return { sql, params: [id] }
  }

  /** `DELETE FROM t WHERE id IN (...)`; the list is padded so few shapes exist. */
  deleteMany(model: ObjectModel, ids: readonly unknown[]): CompiledStatement {
    const params = padToPowerOfTwo([...ids])
    const sql = this.#cached(model, `XN${params.length}`, () => {
      const d = this.#dialect
      const list = params.map((_, i) => d.placeholder(i + 1)).join(', ')
      return `DELETE FROM ${d.quote(model.table)} WHERE ${d.quote('id')} IN (${list})`
    })
    return { sql, params }
  }

  #cached(model: ObjectModel, key: string, build: () => string): string {
    let cache = this.#caches.get(model)
    if (cache === undefined) {
      cache = new StatementCache<string>(this.#cacheSize)
      this.#caches.set(model, cache)
    }
    return cache.get(key) ?? cache.set(key, build())
  }
}
