import type { RecordInput } from '../../kernel/spec/object-config.js'
import type { DriverAuditContext, ObjectFixture } from './audit-context.js'

/**
 * Objects the example audits store. Each audit declares its own copy under a unique name, so
 * audits never see each other's records. Field names are short and lower-case so every backend
 * (SQL identifiers, Redis keys, Excel headers) can store them unchanged.
 */

/** Scalars of every comparable type: text, number, boolean, datetime, date. */
export const SCALARS: ObjectFixture = {
  name: 'scalars',
  fields: {
    s: { type: 'text' },
    n: { type: 'number' },
    b: { type: 'boolean' },
    dt: { type: 'datetime' },
    d: { type: 'date' },
  },
}

/** Structured values: `json` and the runtime `object` type. */
export const STRUCTURED: ObjectFixture = {
  name: 'structured',
  fields: { meta: { type: 'json' }, extra: { type: 'object' }, s: { type: 'text' } },
}

/** Multi-value fields in every form SPEC.md DRV-TYPE-005 names. */
export const MULTI: ObjectFixture = {
  name: 'multi',
  fields: {
    tags: { type: 'tags' },
    choices: {
      type: 'multiselect',
      options: [
        { label: 'Red', value: 'red' },
        { label: 'Green', value: 'green' },
        { label: 'Blue', value: 'blue' },
      ],
    },
    boxes: { type: 'checkboxes' },
    many: { type: 'text', multiple: true },
  },
}

/** Rows to group and aggregate. */
export const LEDGER: ObjectFixture = {
  name: 'ledger',
  fields: {
    category: { type: 'text' },
    region: { type: 'text' },
    amount: { type: 'number' },
    qty: { type: 'number' },
  },
}

/** Declares `fixture` and creates `records` in it (in order), returning the object's name. */
export async function seedObject(
  context: DriverAuditContext,
  fixture: ObjectFixture,
  records: readonly RecordInput[],
): Promise<string> {
  const object = await context.defineObject(fixture)
  for (const record of records) await context.driver.create(object, { ...record })
  return object
}
