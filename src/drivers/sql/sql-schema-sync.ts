import knexFactory from 'knex'
import type { Knex } from 'knex'
import { ObjectQLError } from '../../kernel/errors.js'
import { readCatalog } from './sql-catalog-queries.js'
import type { Catalog } from './sql-catalog-queries.js'
import type { SqlSession } from './sql-connection.js'
import type { SqlDialect } from './sql-dialect.js'
import { MYSQL_TEXT_COLLATION } from './sql-dialect-mysql.js'
import type { ColumnModel, IndexModel, ObjectModel, StorageKind } from './sql-object-model.js'

/** One DDL statement with its (usually empty) bindings. */
export interface DdlStatement {
  readonly sql: string
  readonly bindings: readonly unknown[]
}

/** How long a MySQL index prefix on a text column is (255 x 4 bytes fits InnoDB's limit). */
const MYSQL_INDEX_PREFIX = 255

/**
 * Creates and alters tables from object metadata. DDL is rendered by knex's schema builder
 * (no knex connection: the statements run on the driver's own session, so SQLite `:memory:`
 * databases and transactions work). A missing table is created with every column, its primary
 * key, indexes and unique constraints; an existing one gets the missing columns and indexes.
 * Existing columns whose type cannot hold the field are reported (`METADATA_INVALID`), never
 * silently used or rewritten.
 */
export class SqlSchemaSync {
  readonly #dialect: SqlDialect
  readonly #knex: Knex

  constructor(dialect: SqlDialect) {
    this.#dialect = dialect
    // A connectionless knex renders SQL only; it never loads a database client.
    this.#knex = knexFactory({ client: dialect.knexClient, useNullAsDefault: true })
  }

  /** The DDL that brings one table in line with its model (empty when it already is). */
  async plan(session: SqlSession, model: ObjectModel): Promise<DdlStatement[]> {
    const catalog = await readCatalog(session, this.#dialect.client, model.table)
    if (!catalog.tables.includes(model.table)) {
      return [...this.#createTable(model), ...model.indexes.flatMap((i) => this.#index(model, i))]
    }
    const existing = new Map(catalog.columns.map((column) => [column.name, column]))
    const problems: string[] = []
    const missing: ColumnModel[] = []
    for (const column of model.columns.values()) {
      const found = existing.get(column.column)
      if (found === undefined) missing.push(column)
      else {
        const problem = this.#incompatibility(column, found.type, found.collation)
        if (problem !== undefined) problems.push(problem)
      }
    }
    if (problems.length > 0) {
      throw new ObjectQLError(
        'METADATA_INVALID',
        `sql:${this.#dialect.client} table '${model.table}' does not fit object '${model.name}': ` +
          `${problems.join('; ')}. Migrate these columns or rename the fields.`,
        { details: { object: model.name, table: model.table, problems } },
      )
    }
    const statements: DdlStatement[] = []
    if (missing.length > 0) {
      statements.push(
        ...this.#knex.schema
          .alterTable(model.table, (table) => {
            for (const column of missing) this.#column(table, column)
          })
          .toSQL(),
      )
    }
    const indexNames = new Set(indexNamesOf(catalog))
    for (const index of model.indexes) {
      if (!indexNames.has(index.name)) statements.push(...this.#index(model, index))
    }
    return statements
  }

  /** Runs the plan of every model on one session (the caller makes it atomic). */
  async apply(session: SqlSession, models: readonly ObjectModel[]): Promise<void> {
    for (const model of models) {
      for (const statement of await this.plan(session, model)) {
        await session.raw(statement.sql, statement.bindings)
      }
    }
  }

  /** `DROP TABLE IF EXISTS`. */
  dropTableSql(table: string): string {
    return this.#knex.schema.dropTableIfExists(table).toString()
  }

  #createTable(model: ObjectModel): DdlStatement[] {
    const d = this.#dialect
    return this.#knex.schema
      .createTable(model.table, (table) => {
        // NOT NULL: SQLite would otherwise accept NULL in a non-integer primary key.
        table.specificType('id', d.columnType('string', true)).notNullable().primary()
        for (const column of model.columns.values()) {
          if (column.name !== 'id') this.#column(table, column)
        }
        if (d.client === 'mysql') {
          table.charset('utf8mb4')
          table.collate(MYSQL_TEXT_COLLATION)
        }
      })
      .toSQL()
  }

  #column(table: Knex.CreateTableBuilder, column: ColumnModel): void {
    table.specificType(column.column, this.#dialect.columnType(column.storage, false)).nullable()
  }

  #index(model: ObjectModel, index: IndexModel): DdlStatement[] {
    const d = this.#dialect
    const byColumn = new Map([...model.columns.values()].map((c) => [c.column, c]))
    const textual = index.columns.some((name) => isTextStorage(byColumn.get(name)?.storage))
    if (d.client === 'mysql' && textual && !index.unique) {
      // LONGTEXT needs a key prefix; MariaDB enforces long UNIQUE keys with a hash instead.
      const parts = index.columns.map((name) => {
        const text = isTextStorage(byColumn.get(name)?.storage) && name !== 'id'
        return text ? `${d.quote(name)}(${MYSQL_INDEX_PREFIX})` : d.quote(name)
      })
      const sql = `CREATE INDEX ${d.quote(index.name)} ON ${d.quote(model.table)} (${parts.join(', ')})`
      return [{ sql, bindings: [] }]
    }
    return this.#knex.schema
      .alterTable(model.table, (table) => {
        if (index.unique) table.unique([...index.columns], { indexName: index.name })
        else table.index([...index.columns], index.name)
      })
      .toSQL()
  }

  #incompatibility(
    column: ColumnModel,
    nativeType: string,
    collation: string | undefined,
  ): string | undefined {
    const type = nativeType.toLowerCase()
    const family = FAMILIES[column.storage]
    const ok =
      family.test(type) ||
      // SQLite keeps dates, times and JSON in TEXT columns.
      (this.#dialect.client === 'sqlite' && /text/.test(type))
    if (!ok) return `column '${column.column}' is ${nativeType}, field needs ${column.storage}`
    if (
      this.#dialect.client === 'mysql' &&
      isTextStorage(column.storage) &&
      collation !== undefined &&
      !collation.endsWith('_bin')
    ) {
      return `column '${column.column}' has collation ${collation}, which folds case or pads; it needs a binary collation (${MYSQL_TEXT_COLLATION})`
    }
    return undefined
  }
}

const FAMILIES: Readonly<Record<StorageKind, RegExp>> = {
  string: /char|text|clob|string/,
  tagged: /char|text|clob|string/,
  time: /char|text|clob|string|time/,
  json: /json|text|char|clob/,
  number: /int|real|double|float|numeric|decimal/,
  boolean: /bool|tinyint|bit|int/,
  date: /^date$|text|char/,
  datetime: /timestamp|datetime|text|char/,
}

function isTextStorage(storage: StorageKind | undefined): boolean {
  return storage === 'string' || storage === 'tagged' || storage === 'time'
}

function indexNamesOf(catalog: Catalog): string[] {
  return catalog.indexes.map((index) => index.name)
}
