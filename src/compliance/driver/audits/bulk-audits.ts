import { fail, pass } from '../../common/audit-result.js'
import { expectError } from '../checks.js'
import { defineAudits } from '../driver-audit.js'
import { SCALARS, seedObject } from '../fixtures.js'
import { idsOf, preview, recordsEqual } from '../record-compare.js'

const INPUTS = [
  { id: 'bk3', s: 'three', n: 3 },
  { s: 'generated', n: 1 },
  { id: 'bk1', s: 'one', n: 1, b: true },
  { id: 'bk2', s: 'two', n: 2 },
]

/** The DRV-BULK audits. */
export const BULK_AUDITS = defineAudits([
  {
    id: 'DRV-BULK-001',
    level: 'MUST',
    group: 'bulk',
    title: 'bulkCreate creates every record and returns them in input order',
    async run(context) {
      const object = await context.defineObject(SCALARS)
      const created = await context.driver.bulkCreate(
        object,
        INPUTS.map((input) => ({ ...input })),
      )
      if (created.length !== INPUTS.length) {
        return fail(`bulkCreate of ${INPUTS.length} records returned ${created.length}`)
      }
      for (const [i, input] of INPUTS.entries()) {
        const row = created[i]
        const expected = { ...input, id: input.id ?? row?.id }
        if (row === undefined || typeof row.id !== 'string' || !recordsEqual(row, expected)) {
          return fail(
            `bulkCreate returned ${preview(row)} at position ${i}; expected ${preview(expected)}`,
            {
              minimalCase: { input: INPUTS, returned: created },
            },
          )
        }
      }
      const count = await context.driver.count(object, undefined)
      if (count !== INPUTS.length)
        return fail(`after bulkCreate of ${INPUTS.length} records count() is ${count}`)
      return pass()
    },
  },
  {
    id: 'DRV-BULK-002',
    level: 'MUST',
    group: 'bulk',
    title: 'a failing bulkCreate creates none of its records',
    onlyWith: 'bulkCreate',
    async run(context) {
      const object = await seedObject(context, SCALARS, [{ id: 'old', s: 'kept' }])
      const batch = [
        { id: 'new1', s: 'a' },
        { id: 'old', s: 'clash' },
        { id: 'new2', s: 'b' },
      ]
      const failure = await expectError(
        'bulkCreate [new1, old (exists), new2]',
        () => context.driver.bulkCreate(object, batch),
        ['DUPLICATE_RECORD'],
        {
          existing: ['old'],
          bulkCreate: batch,
        },
      )
      if (failure !== undefined) return failure
      const ids = idsOf(
        await context.driver.find(object, { object, orderBy: [{ field: 'id', order: 'asc' }] }),
      )
      const old = await context.driver.findOne(object, 'old')
      if (ids.length !== 1 || old?.['s'] !== 'kept') {
        return fail(
          `after the failed bulkCreate the object holds [${ids.join(', ')}] and old=${preview(old)}; expected only the unchanged 'old'`,
          {
            minimalCase: { existing: [{ id: 'old', s: 'kept' }], bulkCreate: batch, after: ids },
          },
        )
      }
      return pass()
    },
  },
  {
    id: 'DRV-BULK-003',
    level: 'MUST',
    group: 'bulk',
    title: 'bulkUpdate updates every record; with the capability a missing id updates none',
    async run(context) {
      const object = await seedObject(context, SCALARS, [
        { id: 'u1', s: 'a', n: 1 },
        { id: 'u2', s: 'b', n: 2 },
      ])
      const updated = await context.driver.bulkUpdate(object, [
        { id: 'u1', data: { n: 10 } },
        { id: 'u2', data: { s: 'B' } },
      ])
      const u1 = await context.driver.findOne(object, 'u1')
      const u2 = await context.driver.findOne(object, 'u2')
      const ok =
        updated.length === 2 &&
        recordsEqual(u1 ?? {}, { id: 'u1', s: 'a', n: 10 }) &&
        recordsEqual(u2 ?? {}, { id: 'u2', s: 'B', n: 2 })
      if (!ok)
        return fail(
          `after bulkUpdate u1=${preview(u1)}, u2=${preview(u2)}; returned ${preview(updated)}`,
        )
      if (!context.capabilities.bulkUpdate)
        return pass('without the bulkUpdate capability atomicity is not required')
      const failure = await expectError(
        "bulkUpdate ['u1', 'ghost' (missing)]",
        () =>
          context.driver.bulkUpdate(object, [
            { id: 'u1', data: { n: 99 } },
            { id: 'ghost', data: { n: 1 } },
          ]),
        ['NOT_FOUND'],
      )
      if (failure !== undefined) return failure
      const after = await context.driver.findOne(object, 'u1')
      if (after?.['n'] !== 10)
        return fail(`a failed bulkUpdate still changed u1 to ${preview(after)}`)
      return pass()
    },
  },
  {
    id: 'DRV-BULK-004',
    level: 'MUST',
    group: 'bulk',
    title: 'bulkDelete deletes the records that exist and returns how many',
    async run(context) {
      const object = await seedObject(context, SCALARS, [{ id: 'x1' }, { id: 'x2' }, { id: 'x3' }])
      const deleted = await context.driver.bulkDelete(object, ['x1', 'x3', 'missing'])
      if (deleted !== 2)
        return fail(`bulkDelete ['x1', 'x3', 'missing'] returned ${preview(deleted)}; expected 2`)
      const ids = idsOf(
        await context.driver.find(object, { object, orderBy: [{ field: 'id', order: 'asc' }] }),
      )
      if (ids.length !== 1 || ids[0] !== 'x2')
        return fail(`after bulkDelete the object holds [${ids.join(', ')}]; expected [x2]`)
      return pass()
    },
  },
])
