import { SYSTEM_FIELDS } from '../../kernel/spec/object-config.js'
import type {
  IntrospectedColumn,
  IntrospectedForeignKey,
  IntrospectedSchema,
  IntrospectedTable,
} from '../../kernel/driver/driver.js'
import type { DataRecord, ObjectConfig } from '../../kernel/spec/object-config.js'

/**
 * Describes a store without native column types (memory, files) as upstream's
 * `IntrospectedSchema`: a synced object reports its declared field types (`id` as the text
 * primary key, the kernel's timestamps as `datetime`, lookups as foreign keys to the referenced
 * object's `id`); records of an object nobody declared report the keys they use, typed from the
 * first non-null value (`text`, `number`, `boolean`, `json`).
 */
export function introspectRecords(
  declared: ReadonlyMap<string, ObjectConfig>,
  undeclared: ReadonlyMap<string, Iterable<DataRecord>>,
): IntrospectedSchema {
  const tables: Record<string, IntrospectedTable> = {}
  for (const object of declared.values()) tables[object.name] = describeDeclaredObject(object)
  for (const [name, records] of undeclared) tables[name] = describeData(name, records)
  return { tables }
}

/**
 * The table of a declared object: its field types as declared, the kernel's system fields, and
 * lookups as foreign keys to the referenced object's `id`.
 */
export function describeDeclaredObject(object: ObjectConfig): IntrospectedTable {
  const columns: IntrospectedColumn[] = [systemColumn('id')]
  const foreignKeys: IntrospectedForeignKey[] = []
  for (const [name, field] of Object.entries(object.fields)) {
    if (name === 'id') continue
    columns.push({
      name,
      type: field.multiple === true ? `${field.type}[]` : field.type,
      nullable: field.required !== true,
      isUnique: field.unique === true,
      ...(field.maxLength === undefined ? {} : { maxLength: field.maxLength }),
    })
    const target = field.reference ?? field.reference_to
    if ((field.type === 'lookup' || field.type === 'master_detail') && target !== undefined) {
      foreignKeys.push({ columnName: name, referencedTable: target, referencedColumn: 'id' })
    }
  }
  for (const name of SYSTEM_FIELDS) {
    if (name !== 'id' && !(name in object.fields)) columns.push(systemColumn(name))
  }
  return { name: object.name, columns, foreignKeys, primaryKeys: ['id'] }
}

function describeData(name: string, records: Iterable<DataRecord>): IntrospectedTable {
  const types = new Map<string, string | undefined>([['id', 'text']])
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      if (types.get(key) === undefined) types.set(key, typeOfValue(value))
    }
  }
  const columns = [...types].map(([column, type]): IntrospectedColumn =>
    column === 'id' ? systemColumn('id') : { name: column, type: type ?? 'text', nullable: true },
  )
  return { name, columns, foreignKeys: [], primaryKeys: ['id'] }
}

function systemColumn(name: string): IntrospectedColumn {
  return name === 'id'
    ? { name, type: 'text', nullable: false, isPrimary: true, isUnique: true }
    : { name, type: 'datetime', nullable: true }
}

function typeOfValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string') return 'text'
  if (typeof value === 'number' || typeof value === 'boolean') return typeof value
  return 'json'
}
