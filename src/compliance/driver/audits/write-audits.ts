import { fail, pass } from '../../common/audit-result.js'
import { expectError, firstFailure } from '../checks.js'
import { defineAudits } from '../driver-audit.js'
import { SCALARS, seedObject } from '../fixtures.js'
import { preview, recordsEqual } from '../record-compare.js'

const INPUTS = [
  { id: 'w1', s: 'one', n: 1, b: true, dt: '2024-05-05T10:00:00.000Z', d: '2024-05-05' },
  { s: 'no id', n: 2.5, b: false },
  { id: 'w3', s: '', n: 0, b: null },
]

/** The DRV-WRITE-001 to 004 audits (CRUD and merge semantics). */
export const WRITE_AUDITS = defineAudits([
  {
    id: 'DRV-WRITE-001',
    level: 'MUST',
    group: 'crud',
    title: 'create returns the stored record: the given values plus the id',
    async run(context) {
      const object = await context.defineObject(SCALARS)
      return firstFailure(
        INPUTS,
        (input) => `create ${preview(input)}`,
        async (input) => {
          const created = await context.driver.create(object, { ...input })
          const expected = { ...input, id: input.id ?? created.id }
          if (!recordsEqual(created, expected)) {
            return fail(`create ${preview(input)} returned ${preview(created)}`, {
              minimalCase: { input, returned: created },
            })
          }
          const found = await context.driver.findOne(object, created.id)
          if (found === null || !recordsEqual(found, expected)) {
            return fail(`after create ${preview(input)}, findOne returned ${preview(found)}`, {
              minimalCase: { input, found },
            })
          }
          return undefined
        },
      )
    },
  },
  {
    id: 'DRV-WRITE-002',
    level: 'MUST',
    group: 'writes',
    title: 'update merges shallowly and returns the whole new record',
    async run(context) {
      const original = { id: 'u1', s: 'keep', n: 1, b: true, d: '2024-01-01' }
      const object = await seedObject(context, SCALARS, [original])
      const steps = [
        { data: { n: 2 }, after: { ...original, n: 2 } },
        { data: { s: null, b: false }, after: { ...original, n: 2, s: null, b: false } },
        {
          data: { dt: '2024-02-02T02:02:02.000Z' },
          after: { ...original, n: 2, s: null, b: false, dt: '2024-02-02T02:02:02.000Z' },
        },
      ]
      return firstFailure(
        steps,
        (step) => `update u1 with ${preview(step.data)}`,
        async (step) => {
          const returned = await context.driver.update(object, 'u1', { ...step.data })
          const found = await context.driver.findOne(object, 'u1')
          if (!recordsEqual(returned, step.after)) {
            return fail(
              `update ${preview(step.data)} returned ${preview(returned)}; expected ${preview(step.after)}`,
              {
                minimalCase: { update: step.data, expected: step.after, returned },
              },
            )
          }
          if (found === null || !recordsEqual(found, step.after)) {
            return fail(
              `after update ${preview(step.data)} the record is ${preview(found)}; expected ${preview(step.after)}`,
              {
                minimalCase: { update: step.data, expected: step.after, stored: found },
              },
            )
          }
          return undefined
        },
      )
    },
  },
  {
    id: 'DRV-WRITE-003',
    level: 'MUST',
    group: 'writes',
    title: 'update of a missing id fails with NOT_FOUND and creates nothing',
    async run(context) {
      const object = await seedObject(context, SCALARS, [{ id: 'here', n: 1 }])
      const failure = await expectError(
        "update('missing')",
        () => context.driver.update(object, 'missing', { n: 2 }),
        ['NOT_FOUND'],
        { existing: ['here'], update: { id: 'missing', data: { n: 2 } } },
      )
      if (failure !== undefined) return failure
      const found = await context.driver.findOne(object, 'missing')
      const count = await context.driver.count(object, undefined)
      if (found !== null || count !== 1) {
        return fail(
          `after the rejected update, findOne('missing') is ${preview(found)} and count() is ${count}`,
        )
      }
      return pass()
    },
  },
  {
    id: 'DRV-WRITE-004',
    level: 'MUST',
    group: 'crud',
    title: 'delete returns true when the record existed, false otherwise; it is gone after',
    async run(context) {
      const object = await seedObject(context, SCALARS, [
        { id: 'd1', n: 1 },
        { id: 'd2', n: 2 },
      ])
      const first = await context.driver.delete(object, 'd1')
      if (first !== true)
        return fail(`delete('d1') of an existing record returned ${preview(first)}`)
      const found = await context.driver.findOne(object, 'd1')
      if (found !== null)
        return fail(`after delete('d1'), findOne('d1') returned ${preview(found)}`)
      const listed = await context.driver.find(object, {
        object,
        orderBy: [{ field: 'id', order: 'asc' }],
      })
      if (listed.length !== 1 || listed[0]?.id !== 'd2') {
        return fail(`after delete('d1'), find returned ${preview(listed)}; expected only d2`)
      }
      const again = await context.driver.delete(object, 'd1')
      if (again !== false)
        return fail(`a second delete('d1') returned ${preview(again)}; expected false`)
      const never = await context.driver.delete(object, 'never-existed')
      if (never !== false)
        return fail(`delete('never-existed') returned ${preview(never)}; expected false`)
      const count = await context.driver.count(object, undefined)
      if (count !== 1) return fail(`after deleting 1 of 2 records count() is ${count}`)
      return pass()
    },
  },
])
