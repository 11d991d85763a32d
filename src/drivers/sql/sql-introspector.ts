import type {
  IntrospectedColumn,
  IntrospectedSchema,
  IntrospectedTable,
} from '../../kernel/driver/driver.js'
import type { FieldConfig, FieldType, ObjectConfig } from '../../kernel/spec/object-config.js'
import { readCatalog } from './sql-catalog-queries.js'
import type { SqlSession } from './sql-connection.js'
import type { SqlClient } from './sql-driver-config.js'

/**
 * Reads an existing database back as upstream's `IntrospectedSchema`. With a table prefix, only
 * tables carrying it are read and they are named without it (the names objects have), so
 * `introspect -> objects -> syncSchema` round-trips under the same prefix.
 */
export async function introspectDatabase(
  session: SqlSession,
  client: SqlClient,
  tablePrefix: string,
): Promise<IntrospectedSchema> {
  const catalog = await readCatalog(session, client)
  const strip = (table: string): string => table.slice(tablePrefix.length)
  const mine = (table: string): boolean => table.startsWith(tablePrefix)
  const tables: Record<string, IntrospectedTable> = {}
  for (const table of catalog.tables.filter(mine)) {
    const indexes = catalog.indexes.filter((index) => index.table === table)
    const primaryKeys = indexes.find((index) => index.primary)?.columns ?? []
    const uniqueColumns = new Set(
      indexes
        .filter((index) => index.unique && !index.primary && index.columns.length === 1)
        .map((index) => index.columns[0] as string),
    )
    const columns = catalog.columns
      .filter((column) => column.table === table)
      .map((column): IntrospectedColumn => ({
        name: column.name,
        type: column.type,
        nullable: column.nullable,
        ...(column.defaultValue === undefined ? {} : { defaultValue: column.defaultValue }),
        isPrimary: primaryKeys.includes(column.name),
        isUnique: uniqueColumns.has(column.name) || primaryKeys.includes(column.name),
        ...(column.maxLength === undefined || column.maxLength <= 0
          ? {}
          : { maxLength: column.maxLength }),
      }))
    const foreignKeys = catalog.foreignKeys
      .filter((fk) => fk.table === table)
      .map((fk) => ({
        columnName: fk.column,
        referencedTable: mine(fk.referencedTable) ? strip(fk.referencedTable) : fk.referencedTable,
        referencedColumn: fk.referencedColumn,
        ...(fk.name === undefined ? {} : { constraintName: fk.name }),
      }))
    const name = strip(table)
    tables[name] = { name, columns, foreignKeys, primaryKeys }
  }
  return { tables }
}

/** Options of {@link introspectedToObjects}. */
export interface IntrospectedToObjectsOptions {
  readonly includeTables?: readonly string[]
  readonly excludeTables?: readonly string[]
  /** Leave out `id`, `created_at`, `updated_at` (the kernel manages them). Default true. */
  readonly skipSystemColumns?: boolean
}

/**
 * Object metadata for introspected tables (upstream's `convertIntrospectedSchemaToObjects`):
 * native types become field types, NOT NULL becomes `required`, single-column unique
 * constraints `unique`, and foreign keys `lookup` fields referencing their table.
 */
export function introspectedToObjects(
  schema: IntrospectedSchema,
  options: IntrospectedToObjectsOptions = {},
): ObjectConfig[] {
  const skipSystem = options.skipSystemColumns ?? true
  return Object.values(schema.tables)
    .filter((table) => options.includeTables?.includes(table.name) ?? true)
    .filter((table) => !(options.excludeTables?.includes(table.name) ?? false))
    .map((table) => {
      const fields: Record<string, FieldConfig> = {}
      for (const column of table.columns) {
        if (column.name === 'id') continue
        if (skipSystem && (column.name === 'created_at' || column.name === 'updated_at')) continue
        const fk = table.foreignKeys.find((key) => key.columnName === column.name)
        const type: FieldType = fk === undefined ? fieldTypeOf(column.type) : 'lookup'
        fields[column.name] = {
          type,
          ...(fk === undefined ? {} : { reference: fk.referencedTable }),
          ...(column.nullable || column.isPrimary === true ? {} : { required: true }),
          ...(column.isUnique === true && column.isPrimary !== true ? { unique: true } : {}),
          ...(column.maxLength === undefined || type !== 'text'
            ? {}
            : { maxLength: column.maxLength }),
        }
      }
      return { name: table.name, fields }
    })
}

/** The field type of a native column type. */
export function fieldTypeOf(nativeType: string): FieldType {
  const type = nativeType.toLowerCase()
  if (type === 'tinyint(1)' || type === 'boolean' || type === 'bool' || type === 'bit') {
    return 'boolean'
  }
  if (/^(json|jsonb)\b/.test(type)) return 'json'
  if (/^(timestamp|datetime)/.test(type)) return 'datetime'
  if (type === 'date') return 'date'
  if (/^time\b/.test(type)) return 'time'
  if (/int|real|double|float|numeric|decimal|money/.test(type)) return 'number'
  // text, varchar, char, clob, uuid and anything unknown: text keeps every value.
  return 'text'
}
