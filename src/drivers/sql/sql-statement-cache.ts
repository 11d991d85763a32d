import type { SqlDialect } from './sql-dialect.js'
import type { FilterScope, ScopedColumn } from './sql-filter-compiler.js'
import type { ObjectModel } from './sql-object-model.js'

/**
 * SQL text per query shape, bounded: the oldest entry goes first when the cache is full (a hit
 * does not reorder, which keeps the hot path to one Map lookup).
 */
export class StatementCache<T> {
  readonly #entries = new Map<string, T>()
  readonly #capacity: number

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  get size(): number {
    return this.#entries.size
  }

  get(key: string): T | undefined {
    return this.#entries.get(key)
  }

  set(key: string, value: T): T {
    if (this.#entries.size >= this.#capacity) {
      const oldest = this.#entries.keys().next()
      if (oldest.done !== true) this.#entries.delete(oldest.value)
    }
    this.#entries.set(key, value)
    return value
  }
}

/** Hands out placeholders in order: `$1, $2, ...` or `?, ?, ...`. */
export function placeholders(dialect: SqlDialect, start = 0): () => string {
  let index = start
  return () => dialect.placeholder(++index)
}

/** A filter scope over the columns of one table. */
export function tableScope(model: ObjectModel, dialect: SqlDialect): FilterScope {
  const resolved = new Map<string, ScopedColumn>()
  for (const [name, column] of model.columns) {
    resolved.set(name, { expr: dialect.quote(column.column), column })
  }
  return { resolve: (name) => resolved.get(name) }
}

/** A length-prefixed list of names for cache keys (names may contain any character). */
export function namesKey(names: readonly string[]): string {
  let key = ''
  for (const name of names) key += `${name.length}:${name}`
  return key
}
