import type { RecordInput } from '../../../kernel/spec/object-config.js'
import { fail } from '../../common/audit-result.js'
import type { AuditOutcome } from '../../common/audit-result.js'
import type { DriverAuditContext, ObjectFixture } from '../audit-context.js'
import { firstFailure } from '../checks.js'
import { defineAudits } from '../driver-audit.js'
import { MULTI, SCALARS, STRUCTURED } from '../fixtures.js'
import { deepEqual, preview } from '../record-compare.js'

/**
 * Writes each record and reads it back three ways (the value `create` returned, `findOne`,
 * `find`), demanding `accept(stored, returned)` for `field` every time.
 */
async function roundTrip(
  context: DriverAuditContext,
  fixture: ObjectFixture,
  field: string,
  records: readonly RecordInput[],
  accept: (stored: unknown, returned: unknown) => boolean = deepEqual,
): Promise<AuditOutcome> {
  const object = await context.defineObject(fixture)
  return firstFailure(
    records,
    (record) => `round-trip of ${field}=${preview(record[field])}`,
    async (record) => {
      const created = await context.driver.create(object, structuredClone(record))
      const id = created.id
      const found = await context.driver.findOne(object, id)
      const listed = await context.driver.find(object, {
        object,
        where: { id: { $eq: id } },
        orderBy: [{ field: 'id', order: 'asc' }],
      })
      const reads: [string, unknown][] = [
        ['create', created[field]],
        ['findOne', found?.[field]],
        ['find', listed[0]?.[field]],
      ]
      for (const [via, value] of reads) {
        if (!accept(record[field], value)) {
          return fail(
            `${field}=${preview(record[field])} came back from ${via} as ${preview(value)} (${typeof value})`,
            { minimalCase: { field, stored: record[field], returned: value, via } },
          )
        }
      }
      return undefined
    },
  )
}

const NUMBERS = [0, 1, -1, 42, 3.14159, -2.5e-7, 0.1 + 0.2, 1e15, 2 ** 53 - 1, -(2 ** 53 - 1)]
const DATETIMES = [
  '2024-02-29T23:59:59.999Z',
  '1970-01-01T00:00:00.000Z',
  '1969-12-31T23:59:59.999Z',
  '2038-01-19T03:14:08.000Z',
  '2000-06-15T12:00:00.123Z',
]
const DATES = ['2024-02-29', '1999-12-31', '2000-01-01']
const JSON_VALUES: unknown[] = [
  { a: { b: [1, 'two', true, null, { c: 3.5 }] }, 'ü😀': 'x', empty: {}, list: [] },
  [1, 2, 3, { nested: ['deep', { deeper: false }] }],
  { text: 'quote " and \\ backslash', n: -0.5, big: 9007199254740991 },
]
const LISTS: Record<string, unknown[]> = {
  tags: [['alpha', 'beta'], [], ['one, two', 'three']],
  choices: [['red', 'blue'], ['green']],
  boxes: [['x'], ['a,b', 'c']],
  many: [
    ['one', 'two, three'],
    ['😀', ''],
  ],
}

/** The DRV-TYPE audits. */
export const TYPE_AUDITS = defineAudits([
  {
    id: 'DRV-TYPE-001',
    level: 'MUST',
    group: 'types',
    title: 'booleans come back as booleans',
    run: (context) => roundTrip(context, SCALARS, 'b', [{ b: true }, { b: false }]),
  },
  {
    id: 'DRV-TYPE-002',
    level: 'MUST',
    group: 'types',
    title: 'numbers come back as equal numbers',
    run: (context) =>
      roundTrip(
        context,
        SCALARS,
        'n',
        NUMBERS.map((n) => ({ n })),
      ),
  },
  {
    id: 'DRV-TYPE-003',
    level: 'MUST',
    group: 'types',
    title: 'datetimes come back as the stored ISO-8601 UTC string, dates as YYYY-MM-DD',
    async run(context) {
      const datetimes = await roundTrip(
        context,
        SCALARS,
        'dt',
        DATETIMES.map((dt) => ({ dt })),
      )
      if (datetimes.status !== 'pass') return datetimes
      return roundTrip(
        context,
        SCALARS,
        'd',
        DATES.map((d) => ({ d })),
      )
    },
  },
  {
    id: 'DRV-TYPE-004',
    level: 'MUST',
    group: 'types',
    title: 'json and object values come back deep-equal',
    requires: 'jsonFields',
    async run(context) {
      const json = await roundTrip(
        context,
        STRUCTURED,
        'meta',
        JSON_VALUES.map((meta) => ({ meta })),
      )
      if (json.status !== 'pass') return json
      return roundTrip(context, STRUCTURED, 'extra', [{ extra: { k: 'v', n: [1, { m: null }] } }])
    },
  },
  {
    id: 'DRV-TYPE-005',
    level: 'MUST',
    group: 'types',
    title: 'multi-value fields come back as equal arrays',
    requires: 'arrayFields',
    async run(context) {
      for (const [field, values] of Object.entries(LISTS)) {
        const outcome = await roundTrip(
          context,
          MULTI,
          field,
          values.map((value) => ({ [field]: value })),
        )
        if (outcome.status !== 'pass') return outcome
      }
      return { status: 'pass', note: `${Object.keys(LISTS).length} multi-value field types` }
    },
  },
  {
    id: 'DRV-TYPE-006',
    level: 'MUST',
    group: 'types',
    title: "null comes back as null or absent, never '', 0 or false",
    async run(context) {
      const isNull = (_stored: unknown, value: unknown) => value === null || value === undefined
      for (const field of Object.keys(SCALARS.fields)) {
        const outcome = await roundTrip(context, SCALARS, field, [{ [field]: null }], isNull)
        if (outcome.status !== 'pass') return outcome
      }
      return { status: 'pass', note: `${Object.keys(SCALARS.fields).length} field types` }
    },
  },
])
