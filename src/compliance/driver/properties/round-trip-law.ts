import type { DataRecord, ObjectConfig } from '../../../kernel/spec/object-config.js'
import type { DriverAuditContext } from '../audit-context.js'
import { preview, recordsEqual, withoutNulls } from '../record-compare.js'
import { onFreshDriver } from './property-object.js'
import type { Law } from './property-runner.js'

/**
 * DRV-PROP-005: declares the generated object, writes the generated records and reads each one
 * back with `findOne` and the whole set with `find`; every value must come back equal.
 */
export function roundTripLaw(
  context: DriverAuditContext,
): Law<{ object: ObjectConfig; records: DataRecord[] }> {
  return async ({ object, records }) => {
    const name = context.uniqueName('gen')
    return onFreshDriver(context, [{ ...object, name }], async (driver) => {
      for (const record of records) {
        const created = await driver.create(name, structuredClone(record))
        if (!recordsEqual(created, record)) {
          return `create returned ${preview(withoutNulls(created))} for ${preview(withoutNulls(record))}`
        }
      }
      for (const record of records) {
        const found = await driver.findOne(name, record.id)
        if (found === null || !recordsEqual(found, record)) {
          return `findOne('${record.id}') returned ${preview(found === null ? null : withoutNulls(found))}; stored ${preview(withoutNulls(record))}`
        }
      }
      const all = await driver.find(name, {
        object: name,
        orderBy: [{ field: 'id', order: 'asc' }],
      })
      return all.length === records.length
        ? undefined
        : `find returned ${all.length} of ${records.length} stored records`
    })
  }
}
