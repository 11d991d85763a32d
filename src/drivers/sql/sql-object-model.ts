import { ObjectQLError } from '../../kernel/errors.js'
import { specOf } from '../../kernel/spec/field-set.js'
import type { FieldConfig, ObjectConfig } from '../../kernel/spec/object-config.js'

/**
 * How one field is stored, decided once from its declared type (through the kernel's own field
 * classification, so the driver and the normalizer never disagree about a field):
 * - `string`, `number`, `boolean`, `date`, `datetime`, `time`: one native column type;
 * - `json`: JSON text (structured values and every multi-value field);
 * - `tagged`: a field whose values may be strings, numbers or booleans (a select without
 *   options, an untyped formula): stored as order-preserving tagged text, see sql-value-codec.ts.
 */
export type StorageKind =
  'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'time' | 'json' | 'tagged'

/** One column of an object's table. */
export interface ColumnModel {
  /** The field name (record key). */
  readonly name: string
  /** The SQL column: the field name, unless a case-insensitive dialect needs another one. */
  readonly column: string
  readonly storage: StorageKind
  /** Holds arrays (stored as JSON). */
  readonly multiple: boolean
  /** `$contains`, `$startsWith`, ... apply. */
  readonly textual: boolean
  /** Comparisons and sorting apply (not JSON). */
  readonly orderable: boolean
  readonly unique: boolean
  readonly index: boolean
}

/** An object as the SQL driver sees it: its table and typed columns. */
export interface ObjectModel {
  readonly name: string
  /** The table name, prefix included. */
  readonly table: string
  readonly columns: ReadonlyMap<string, ColumnModel>
  /** Field names in declaration order, `id` first: the default select list. */
  readonly columnNames: readonly string[]
  readonly fieldNames: ReadonlySet<string>
  readonly indexes: readonly IndexModel[]
  readonly config: ObjectConfig
}

/** An index or unique constraint to create. */
export interface IndexModel {
  readonly name: string
  /** SQL column names. */
  readonly columns: readonly string[]
  readonly unique: boolean
}

/** Identifier length limits: PostgreSQL 63 bytes, MySQL 64 characters, MSSQL 128. */
export const MAX_IDENTIFIER_BYTES = 63

/** Maximum id length (UTF-16 units) every dialect can index; see README of the sql driver. */
export const MAX_ID_LENGTH = 768

/**
 * Builds the model of one object. On dialects whose column names ignore case (SQLite, MySQL,
 * SQL Server), a field whose name differs only in case from an earlier-declared field (`Name`
 * after `name`) is stored in the column `<name>_<hash of the exact name>`; every other field's
 * column is its own name.
 *
 * @throws ObjectQLError `METADATA_INVALID` for names no SQL dialect can hold.
 */
export function buildObjectModel(
  object: ObjectConfig,
  tablePrefix: string,
  caseInsensitiveColumns = true,
): ObjectModel {
  const table = tablePrefix + (object.tableName ?? object.name)
  checkIdentifier(table, `table of object '${object.name}'`)
  const columns = new Map<string, ColumnModel>()
  const taken = new Set<string>()
  const key = (column: string): string => (caseInsensitiveColumns ? column.toLowerCase() : column)
  const add = (name: string, config: FieldConfig): void => {
    checkIdentifier(name, `field '${name}' of object '${object.name}'`)
    let column = name
    if (taken.has(key(column))) column = shortened(`${name}_${hash36(name)}`)
    if (taken.has(key(column))) {
      throw metadataError(`field '${name}' has no free column name`, object.name)
    }
    taken.add(key(column))
    columns.set(name, { ...columnOf(name, config), column })
  }
  add('id', { type: 'text' })
  for (const [name, config] of Object.entries(object.fields)) {
    if (name !== 'id') add(name, config)
  }
  for (const name of ['created_at', 'updated_at']) {
    if (!columns.has(name)) add(name, { type: 'datetime' })
  }
  const columnNames = [...columns.keys()]
  return {
    name: object.name,
    table,
    columns,
    columnNames,
    fieldNames: new Set(columnNames),
    indexes: indexesOf(object, table, columns),
    config: object,
  }
}

/** The storage of one declared field (its column named like the field). */
export function columnOf(name: string, config: FieldConfig): ColumnModel {
  if (name === 'id') {
    return {
      ...BASE,
      name,
      column: name,
      storage: 'string',
      textual: true,
      orderable: true,
      unique: false,
    }
  }
  const spec = specOf(name, config)
  const storage = spec.multiple ? 'json' : storageOfKind(spec.kind, spec.optionTypes)
  // Dates and times have their own storage, so only strings and tagged scalars are textual.
  const textual = !spec.multiple && (storage === 'string' || storage === 'tagged')
  return {
    name,
    column: name,
    storage,
    multiple: spec.multiple,
    textual,
    orderable: storage !== 'json',
    unique: config.unique === true,
    index: config.index === true,
  }
}

const BASE = { multiple: false, index: false } as const

function storageOfKind(
  kind: ReturnType<typeof specOf>['kind'],
  optionTypes: ReadonlySet<'string' | 'number'>,
): StorageKind {
  switch (kind) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'time':
      return kind
    case 'select':
      if (optionTypes.size === 1) return optionTypes.has('number') ? 'number' : 'string'
      return 'tagged'
    case 'scalar':
      return 'tagged'
    case 'structured':
      return 'json'
  }
}

function indexesOf(
  object: ObjectConfig,
  table: string,
  columns: ReadonlyMap<string, ColumnModel>,
): IndexModel[] {
  const indexes: IndexModel[] = []
  const seen = new Set<string>()
  const push = (fields: readonly string[], unique: boolean, name?: string): void => {
    for (const field of fields) {
      const column = columns.get(field)
      if (column === undefined) {
        throw metadataError(`index on unknown field '${field}'`, object.name)
      }
      if (column.storage === 'json') {
        throw metadataError(`field '${field}' holds JSON and cannot be indexed`, object.name)
      }
    }
    const key = `${unique ? 'u' : 'i'}:${fields.join(',')}`
    if (seen.has(key) || fields.length === 0) return
    seen.add(key)
    const sqlColumns = fields.map((field) => (columns.get(field) as ColumnModel).column)
    const indexName = indexNameOf(table, sqlColumns, unique, name)
    indexes.push({ name: indexName, columns: sqlColumns, unique })
  }
  for (const column of columns.values()) {
    if (column.name === 'id') continue
    if (column.unique) push([column.name], true)
    else if (column.index) push([column.name], false)
  }
  for (const index of object.indexes ?? []) push(index.fields, index.unique === true, index.name)
  return indexes
}

// Index names are global per schema in PostgreSQL and SQLite, so they carry the table name; a
// name too long for PostgreSQL is shortened with a hash so two long names never collide.
function indexNameOf(
  table: string,
  fields: readonly string[],
  unique: boolean,
  given: string | undefined,
): string {
  const name = given ?? `${table}_${fields.join('_')}_${unique ? 'uniq' : 'idx'}`
  return shortened(name)
}

/** The name itself when short enough, else its head plus a hash of the whole name. */
function shortened(name: string): string {
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES) return name
  const suffix = `_${hash36(name)}`
  let head = name.slice(0, MAX_IDENTIFIER_BYTES - suffix.length)
  while (Buffer.byteLength(head) + suffix.length > MAX_IDENTIFIER_BYTES) head = head.slice(0, -1)
  return head + suffix
}

/** FNV-1a of the UTF-16 units, base 36: a stable, short fingerprint of a name. */
function hash36(name: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(36)
}

function checkIdentifier(name: string, what: string): void {
  if (name.length === 0 || Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES) {
    throw new ObjectQLError(
      'METADATA_INVALID',
      `sql driver: the ${what} needs a name of 1..${MAX_IDENTIFIER_BYTES} bytes, got '${name}'`,
    )
  }
  // A NUL cannot be quoted in any dialect's identifiers.
  if (name.includes('\u0000')) {
    throw new ObjectQLError('METADATA_INVALID', `sql driver: the ${what} contains NUL`)
  }
}

function metadataError(message: string, object: string): ObjectQLError {
  return new ObjectQLError('METADATA_INVALID', `sql driver: object '${object}': ${message}`, {
    details: { object },
  })
}
