import type { SqlSession } from './sql-connection.js'
import type { SqlClient } from './sql-driver-config.js'

/** One column as the catalog reports it. */
export interface CatalogColumn {
  readonly table: string
  readonly name: string
  readonly type: string
  readonly nullable: boolean
  readonly defaultValue: unknown
  readonly maxLength: number | undefined
  readonly collation: string | undefined
}

/** One index (or primary key / unique constraint) with its columns in order. */
export interface CatalogIndex {
  readonly table: string
  readonly name: string
  readonly unique: boolean
  readonly primary: boolean
  readonly columns: readonly string[]
}

/** One foreign-key column. */
export interface CatalogForeignKey {
  readonly table: string
  readonly column: string
  readonly referencedTable: string
  readonly referencedColumn: string
  readonly name: string | undefined
}

/** What the database says about its tables (all of them, or one). */
export interface Catalog {
  readonly tables: readonly string[]
  readonly columns: readonly CatalogColumn[]
  readonly indexes: readonly CatalogIndex[]
  readonly foreignKeys: readonly CatalogForeignKey[]
}

/**
 * Reads the catalog of the current schema/database through each dialect's own catalog views
 * (knex has no introspection API). `table` restricts it to one table (schema sync uses that).
 */
export async function readCatalog(
  session: SqlSession,
  client: SqlClient,
  table?: string,
): Promise<Catalog> {
  switch (client) {
    case 'sqlite':
      return sqliteCatalog(session, table)
    case 'postgres':
      return standardCatalog(session, POSTGRES, table)
    case 'mysql':
      return standardCatalog(session, MYSQL, table)
    case 'mssql':
      return standardCatalog(session, MSSQL, table)
  }
}

async function sqliteCatalog(session: SqlSession, only?: string): Promise<Catalog> {
  const tableRows = await session.raw(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'" +
      (only === undefined ? '' : ' AND name = ?') +
      ' ORDER BY name',
    only === undefined ? [] : [only],
  )
  const tables = tableRows.map((row) => text(row['name']))
  const columns: CatalogColumn[] = []
  const indexes: CatalogIndex[] = []
  const foreignKeys: CatalogForeignKey[] = []
  for (const table of tables) {
    const pk: { name: string; order: number }[] = []
    for (const row of await session.raw(
      'SELECT name, type, "notnull" AS nn, dflt_value, pk FROM pragma_table_info(?)',
      [table],
    )) {
      const name = text(row['name'])
      columns.push({
        table,
        name,
        type: text(row['type']).toLowerCase(),
        nullable: Number(row['nn']) === 0 && Number(row['pk']) === 0,
        defaultValue: row['dflt_value'] ?? undefined,
        maxLength: undefined,
        collation: undefined,
      })
      if (Number(row['pk']) > 0) pk.push({ name, order: Number(row['pk']) })
    }
    if (pk.length > 0) {
      const ordered = pk.sort((a, b) => a.order - b.order).map((p) => p.name)
      indexes.push({ table, name: `${table}_pkey`, unique: true, primary: true, columns: ordered })
    }
    for (const row of await session.raw(
      'SELECT name, "unique" AS u, origin FROM pragma_index_list(?)',
      [table],
    )) {
      if (row['origin'] === 'pk') continue
      const name = text(row['name'])
      const cols = await session.raw('SELECT name FROM pragma_index_info(?) ORDER BY seqno', [name])
      indexes.push({
        table,
        name,
        unique: Number(row['u']) === 1,
        primary: false,
        columns: cols.map((c) => text(c['name'])),
      })
    }
    for (const row of await session.raw(
      'SELECT "from" AS col, "table" AS ref, "to" AS refcol, id FROM pragma_foreign_key_list(?)',
      [table],
    )) {
      foreignKeys.push({
        table,
        column: text(row['col']),
        referencedTable: text(row['ref']),
        referencedColumn: text(row['refcol'] ?? 'id'),
        name: `${table}_fk_${text(row['id'])}`,
      })
    }
  }
  return { tables, columns, indexes, foreignKeys }
}

/** Catalog SQL of a dialect with information_schema; `?`/`$1` is the optional table filter. */
interface CatalogSql {
  readonly tables: string
  readonly tableFilter: string
  readonly columns: string
  readonly columnOrder: string
  readonly indexes: string
  readonly foreignKeys: string
}

const POSTGRES: CatalogSql = {
  tables:
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  tableFilter: ' AND table_name = $1',
  columns:
    'SELECT table_name AS t, column_name AS c, data_type AS type, is_nullable AS nullable, column_default AS dflt,' +
    ' character_maximum_length AS len, collation_name AS coll FROM information_schema.columns' +
    ' WHERE table_schema = current_schema()',
  columnOrder: ' ORDER BY table_name, ordinal_position',
  indexes:
    'SELECT t.relname AS t, i.relname AS name, ix.indisunique AS uniq, ix.indisprimary AS prim,' +
    ' (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(ix.indkey) WITH ORDINALITY AS k(num, ord)' +
    ' JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.num) AS cols' +
    ' FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid' +
    ' JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()',
  foreignKeys:
    'SELECT t.relname AS t, a.attname AS c, ft.relname AS ref, fa.attname AS refcol, c.conname AS name' +
    ' FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class ft ON ft.oid = c.confrelid' +
    ' JOIN pg_namespace n ON n.oid = t.relnamespace' +
    ' CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, fcol)' +
    ' JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col' +
    ' JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = k.fcol' +
    " WHERE c.contype = 'f' AND n.nspname = current_schema()",
}

const MYSQL: CatalogSql = {
  tables:
    "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
  tableFilter: ' AND TABLE_NAME = ?',
  columns:
    'SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS type, IS_NULLABLE AS nullable,' +
    ' COLUMN_DEFAULT AS dflt, CHARACTER_MAXIMUM_LENGTH AS len, COLLATION_NAME AS coll' +
    ' FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()',
  columnOrder: ' ORDER BY TABLE_NAME, ORDINAL_POSITION',
  indexes:
    "SELECT TABLE_NAME AS t, INDEX_NAME AS name, NON_UNIQUE = 0 AS uniq, INDEX_NAME = 'PRIMARY' AS prim," +
    ' COLUMN_NAME AS col, SEQ_IN_INDEX AS seq FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()' +
    ' ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX',
  foreignKeys:
    'SELECT TABLE_NAME AS t, COLUMN_NAME AS c, REFERENCED_TABLE_NAME AS ref, REFERENCED_COLUMN_NAME AS refcol,' +
    ' CONSTRAINT_NAME AS name FROM information_schema.KEY_COLUMN_USAGE' +
    ' WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL',
}

const MSSQL: CatalogSql = {
  tables:
    "SELECT TABLE_NAME AS t FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_TYPE = 'BASE TABLE'",
  tableFilter: ' AND TABLE_NAME = ?',
  columns:
    'SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS type, IS_NULLABLE AS nullable,' +
    ' COLUMN_DEFAULT AS dflt, CHARACTER_MAXIMUM_LENGTH AS len, COLLATION_NAME AS coll' +
    ' FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = SCHEMA_NAME()',
  columnOrder: ' ORDER BY TABLE_NAME, ORDINAL_POSITION',
  indexes:
    'SELECT t.name AS t, i.name AS name, i.is_unique AS uniq, i.is_primary_key AS prim, c.name AS col,' +
    ' ic.key_ordinal AS seq FROM sys.indexes i JOIN sys.tables t ON t.object_id = i.object_id' +
    ' JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id' +
    ' JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id' +
    ' WHERE t.schema_id = SCHEMA_ID() AND i.name IS NOT NULL ORDER BY t.name, i.name, ic.key_ordinal',
  foreignKeys:
    'SELECT tp.name AS t, cp.name AS c, tr.name AS ref, cr.name AS refcol, fk.name AS name' +
    ' FROM sys.foreign_keys fk JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id' +
    ' JOIN sys.tables tp ON tp.object_id = fkc.parent_object_id JOIN sys.tables tr ON tr.object_id = fkc.referenced_object_id' +
    ' JOIN sys.columns cp ON cp.object_id = fkc.parent_object_id AND cp.column_id = fkc.parent_column_id' +
    ' JOIN sys.columns cr ON cr.object_id = fkc.referenced_object_id AND cr.column_id = fkc.referenced_column_id',
}

async function standardCatalog(
  session: SqlSession,
  sql: CatalogSql,
  only?: string,
): Promise<Catalog> {
  const params = only === undefined ? [] : [only]
  const filter = only === undefined ? '' : sql.tableFilter
  // The filter names table_name; index and FK queries alias the table as t and filter in JS.
  const tableRows = await session.raw(sql.tables + filter, params)
  const tables = tableRows.map((row) => text(row['t'])).sort()
  const wanted = new Set(tables)
  const columns = (await session.raw(sql.columns + filter + sql.columnOrder, params))
    .filter((row) => wanted.has(text(row['t'])))
    .map((row): CatalogColumn => ({
      table: text(row['t']),
      name: text(row['c']),
      type: text(row['type']).toLowerCase(),
      nullable: row['nullable'] === 'YES',
      defaultValue: row['dflt'] === null || row['dflt'] === 'NULL' ? undefined : row['dflt'],
      maxLength: row['len'] === null || row['len'] === undefined ? undefined : Number(row['len']),
      collation: row['coll'] === null || row['coll'] === undefined ? undefined : text(row['coll']),
    }))
  const indexRows = (await session.raw(sql.indexes)).filter((row) => wanted.has(text(row['t'])))
  const indexes = new Map<string, CatalogIndex & { columns: string[] }>()
  for (const row of indexRows) {
    const key = `${text(row['t'])}\u0000${text(row['name'])}`
    // PostgreSQL lists the columns as json_agg text (its json results stay text in this pool).
    const cols: unknown = row['cols']
    const listed: unknown = typeof cols === 'string' ? JSON.parse(cols) : cols
    let entry = indexes.get(key)
    if (entry === undefined) {
      entry = {
        table: text(row['t']),
        name: text(row['name']),
        unique: truthy(row['uniq']),
        primary: truthy(row['prim']),
        columns: Array.isArray(listed) ? listed.map(String) : [],
      }
      indexes.set(key, entry)
    }
    // MySQL and SQL Server list one row per index column, in seq order after sorting.
    if (!Array.isArray(listed) && row['col'] !== undefined) entry.columns.push(text(row['col']))
  }
  const foreignKeys = (await session.raw(sql.foreignKeys))
    .filter((row) => wanted.has(text(row['t'])))
    .map((row): CatalogForeignKey => ({
      table: text(row['t']),
      column: text(row['c']),
      referencedTable: text(row['ref']),
      referencedColumn: text(row['refcol']),
      name: row['name'] === null ? undefined : text(row['name']),
    }))
  return { tables, columns, indexes: [...indexes.values()], foreignKeys }
}

/** Catalog values are strings (numbers for some counters; Buffers from some MySQL views). */
function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString()
  if (Buffer.isBuffer(value)) return value.toString('utf8')
  return JSON.stringify(value) ?? ''
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't'
}
