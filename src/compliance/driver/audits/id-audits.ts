import { fail, pass } from '../../common/audit-result.js'
import { expectError, firstFailure } from '../checks.js'
import { defineAudits } from '../driver-audit.js'
import { SCALARS, seedObject } from '../fixtures.js'
import { preview } from '../record-compare.js'

// Ids that break naive storage: SQL quoting, path separators, numeric-looking strings (which
// must not become numbers), case twins (which a case-insensitive key would merge) and unicode.
const ODD_IDS = [
  'plain',
  'with space',
  'slash/and\\back',
  `quote'"`,
  'ünïcødé-😀',
  '%_*',
  '123',
  '00042',
  'UPPER',
  'upper',
  'a.b:c#d?e=f&g',
]

/** The DRV-ID audits. */
export const ID_AUDITS = defineAudits([
  {
    id: 'DRV-ID-001',
    level: 'MUST',
    group: 'ids',
    title: 'ids are strings',
    async run(context) {
      const object = await context.defineObject(SCALARS)
      const generated = await context.driver.create(object, { s: 'generated' })
      const given = await context.driver.create(object, { id: '7', s: 'given' })
      const listed = await context.driver.find(object, {
        object,
        orderBy: [{ field: 'id', order: 'asc' }],
      })
      const found = await context.driver.findOne(object, '7')
      const ids = [
        ['create without id', generated.id],
        ['create with id', given.id],
        ['findOne', found?.id],
        ...listed.map((row) => ['find', row.id] as const),
      ] as const
      const bad = ids.find(([, id]) => typeof id !== 'string')
      if (bad === undefined) return pass()
      return fail(`${bad[0]} returned id ${preview(bad[1])} (${typeof bad[1]}), not a string`, {
        minimalCase: { via: bad[0], id: bad[1] },
      })
    },
  },
  {
    id: 'DRV-ID-002',
    level: 'MUST',
    group: 'ids',
    title: 'a record created without an id gets a unique generated id',
    async run(context) {
      const object = await seedObject(context, SCALARS, [{ id: 'given-1', n: 0 }])
      const seen = new Set<string>(['given-1'])
      for (let i = 1; i <= 25; i++) {
        const created = await context.driver.create(object, { n: i })
        if (typeof created.id !== 'string' || created.id === '') {
          return fail(`create without id returned id ${preview(created.id)}`)
        }
        if (seen.has(created.id)) {
          return fail(`generated id '${created.id}' was already in use (record ${i} of 25)`, {
            minimalCase: { generated: created.id, existing: [...seen] },
          })
        }
        seen.add(created.id)
        const found = await context.driver.findOne(object, created.id)
        if (found?.['n'] !== i) {
          return fail(`findOne('${created.id}') after create returned ${preview(found)}`)
        }
      }
      const count = await context.driver.count(object, undefined)
      if (count !== 26) return fail(`after 26 creates count() is ${count}`)
      return pass('26 records')
    },
  },
  {
    id: 'DRV-ID-003',
    level: 'MUST',
    group: 'ids',
    title: 'a given id is kept exactly, whatever its characters',
    async run(context) {
      const object = await context.defineObject(SCALARS)
      return firstFailure(
        ODD_IDS,
        (id) => `create with id ${preview(id)}`,
        async (id) => {
          const created = await context.driver.create(object, { id, s: id })
          if (created.id !== id) {
            return fail(`create with id ${preview(id)} returned id ${preview(created.id)}`, {
              minimalCase: { given: id, returned: created.id },
            })
          }
          const found = await context.driver.findOne(object, id)
          if (found?.id !== id || found['s'] !== id) {
            return fail(`findOne(${preview(id)}) returned ${preview(found)}`, {
              minimalCase: { given: id, found },
            })
          }
          const listed = await context.driver.find(object, {
            object,
            where: { id: { $eq: id } },
            orderBy: [{ field: 'id', order: 'asc' }],
          })
          if (listed.length !== 1 || listed[0]?.id !== id) {
            return fail(`find where id = ${preview(id)} returned ${preview(listed)}`, {
              minimalCase: { given: id, listed },
            })
          }
          return undefined
        },
      )
    },
  },
  {
    id: 'DRV-ID-004',
    level: 'MUST',
    group: 'ids',
    title: 'creating an existing id fails with DUPLICATE_RECORD and changes nothing',
    async run(context) {
      const object = await seedObject(context, SCALARS, [{ id: 'dup', s: 'first', n: 1 }])
      const failure = await expectError(
        "create with existing id 'dup'",
        () => context.driver.create(object, { id: 'dup', s: 'second' }),
        ['DUPLICATE_RECORD'],
        { existing: { id: 'dup', s: 'first', n: 1 }, create: { id: 'dup', s: 'second' } },
      )
      if (failure !== undefined) return failure
      const found = await context.driver.findOne(object, 'dup')
      const count = await context.driver.count(object, undefined)
      if (found?.['s'] !== 'first' || found['n'] !== 1 || count !== 1) {
        return fail(
          `after the rejected duplicate, the record is ${preview(found)} and count() is ${count}`,
          { minimalCase: { existing: { id: 'dup', s: 'first', n: 1 }, after: found, count } },
        )
      }
      return pass()
    },
  },
])
