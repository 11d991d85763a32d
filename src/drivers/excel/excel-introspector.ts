import { SYSTEM_FIELDS } from '../../kernel/spec/object-config.js'
import type {
  IntrospectedColumn,
  IntrospectedSchema,
  IntrospectedTable,
} from '../../kernel/driver/driver.js'
import type { DataRecord, ObjectConfig } from '../../kernel/spec/object-config.js'

/** A sheet nobody declared: its header and its records (read without a schema). */
export interface UndeclaredSheet {
  readonly columns: readonly string[]
  readonly records: Iterable<DataRecord>
}

/**
 * Describes a workbook as upstream's `IntrospectedSchema`. A synced object reports its declared
 * field types (`id` as the text primary key, the kernel's timestamps as `datetime`, lookups as
 * foreign keys); a sheet with an `id` column that no object declares reports its header, each
 * column typed from its first non-empty cell (`text`, `number`, `boolean`).
 */
export function introspectWorkbook(
  declared: ReadonlyMap<string, ObjectConfig>,
  undeclared: ReadonlyMap<string, UndeclaredSheet>,
): IntrospectedSchema {
  const tables: Record<string, IntrospectedTable> = {}
  for (const object of declared.values()) {
    const columns: IntrospectedColumn[] = [idColumn()]
    for (const [name, field] of Object.entries(object.fields)) {
      if (name === 'id') continue
      columns.push({
        name,
        type: field.multiple === true ? `${field.type}[]` : field.type,
        nullable: field.required !== true,
        isUnique: field.unique === true,
      })
    }
    for (const name of SYSTEM_FIELDS) {
      if (name !== 'id' && !(name in object.fields)) {
        columns.push({ name, type: 'datetime', nullable: true })
      }
    }
    const foreignKeys = Object.entries(object.fields).flatMap(([name, field]) => {
      const target = field.reference ?? field.reference_to
      const isLookup = field.type === 'lookup' || field.type === 'master_detail'
      return isLookup && target !== undefined
        ? [{ columnName: name, referencedTable: target, referencedColumn: 'id' }]
        : []
    })
    tables[object.name] = { name: object.name, columns, foreignKeys, primaryKeys: ['id'] }
  }
  for (const [name, sheet] of undeclared) {
    const records = [...sheet.records]
    const columns = sheet.columns.map((column): IntrospectedColumn => {
      if (column === 'id') return idColumn()
      const sample = records.find((record) => record[column] !== undefined)?.[column]
      const type =
        typeof sample === 'number' || typeof sample === 'boolean' ? typeof sample : 'text'
      return { name: column, type, nullable: true }
    })
    tables[name] = { name, columns, foreignKeys: [], primaryKeys: ['id'] }
  }
  return { tables }
}

function idColumn(): IntrospectedColumn {
  return { name: 'id', type: 'text', nullable: false, isPrimary: true, isUnique: true }
}
