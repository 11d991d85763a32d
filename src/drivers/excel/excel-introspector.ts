import { describeDeclaredObject } from '../common/record-introspector.js'
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
 * field types ({@link describeDeclaredObject}); a sheet with an `id` column that no object declares reports its header, each
 * column typed from its first non-empty cell (`text`, `number`, `boolean`).
 */
export function introspectWorkbook(
  declared: ReadonlyMap<string, ObjectConfig>,
  undeclared: ReadonlyMap<string, UndeclaredSheet>,
): IntrospectedSchema {
  const tables: Record<string, IntrospectedTable> = {}
  for (const object of declared.values()) tables[object.name] = describeDeclaredObject(object)
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
