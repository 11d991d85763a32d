import type { TransactionHandle } from '../../../kernel/driver/driver.js'
import { fail, pass } from '../../common/audit-result.js'
import { expectError, firstFailure } from '../checks.js'
import { defineAudits } from '../driver-audit.js'
import { SCALARS, seedObject } from '../fixtures.js'
import { preview } from '../record-compare.js'

const SEED = [
  { id: 't0', s: 'before', n: 0 },
  { id: 't00', s: 'doomed', n: 1 },
]

/** The DRV-TX audits; the rules only apply to drivers that declare `transactions`. */
export const TRANSACTION_AUDITS = defineAudits([
  {
    id: 'DRV-TX-001',
    level: 'MUST',
    group: 'transactions',
    title: 'writes made in a transaction are visible after commit',
    onlyWith: 'transactions',
    async run(context) {
      const object = await seedObject(context, SCALARS, SEED)
      const transaction = await context.driver.beginTransaction()
      const options = { transaction }
      await context.driver.create(object, { id: 't1', s: 'created' }, options)
      await context.driver.update(object, 't0', { s: 'updated' }, options)
      await context.driver.delete(object, 't00', options)
      await context.driver.commit(transaction)
      const created = await context.driver.findOne(object, 't1')
      const updated = await context.driver.findOne(object, 't0')
      const deleted = await context.driver.findOne(object, 't00')
      if (created?.['s'] !== 'created' || updated?.['s'] !== 'updated' || deleted !== null) {
        return fail(
          `after commit: t1=${preview(created)}, t0=${preview(updated)}, t00=${preview(deleted)}; expected t1 created, t0 updated, t00 deleted`,
          {
            minimalCase: {
              records: SEED,
              inTransaction: ['create t1', 'update t0', 'delete t00'],
              then: 'commit',
            },
          },
        )
      }
      return pass()
    },
  },
  {
    id: 'DRV-TX-002',
    level: 'MUST',
    group: 'transactions',
    title: 'after rollback none of the transaction writes remain',
    onlyWith: 'transactions',
    async run(context) {
      const object = await seedObject(context, SCALARS, SEED)
      const transaction = await context.driver.beginTransaction()
      const options = { transaction }
      await context.driver.create(object, { id: 't2', s: 'created' }, options)
      await context.driver.update(object, 't0', { s: 'updated' }, options)
      await context.driver.delete(object, 't00', options)
      await context.driver.rollback(transaction)
      const created = await context.driver.findOne(object, 't2')
      const updated = await context.driver.findOne(object, 't0')
      const deleted = await context.driver.findOne(object, 't00')
      if (created !== null || updated?.['s'] !== 'before' || deleted?.['s'] !== 'doomed') {
        return fail(
          `after rollback: t2=${preview(created)}, t0=${preview(updated)}, t00=${preview(deleted)}; expected all as before`,
          {
            minimalCase: {
              records: SEED,
              inTransaction: ['create t2', 'update t0', 'delete t00'],
              then: 'rollback',
            },
          },
        )
      }
      return pass()
    },
  },
  {
    id: 'DRV-TX-003',
    level: 'SHOULD',
    group: 'transactions',
    title: 'reads inside a transaction see its own writes',
    onlyWith: 'transactions',
    async run(context) {
      const object = await seedObject(context, SCALARS, SEED)
      const transaction = await context.driver.beginTransaction()
      const options = { transaction }
      try {
        await context.driver.create(object, { id: 't3', s: 'mine', n: 5 }, options)
        const found = await context.driver.findOne(object, 't3', undefined, options)
        const listed = await context.driver.find(
          object,
          { object, where: { n: { $eq: 5 } } },
          options,
        )
        const count = await context.driver.count(object, undefined, options)
        if (found?.['s'] !== 'mine' || listed.length !== 1 || count !== 3) {
          return fail(
            `inside the transaction: findOne=${preview(found)}, find n=5 -> ${listed.length} rows, count=${count}; expected the new record visible`,
          )
        }
        return pass()
      } finally {
        await context.driver.rollback(transaction)
      }
    },
  },
  {
    id: 'DRV-TX-004',
    level: 'MUST',
    group: 'transactions',
    title: 'a committed or rolled-back handle fails with TRANSACTION_FAILED',
    onlyWith: 'transactions',
    async run(context) {
      const object = await seedObject(context, SCALARS, SEED)
      const committed = await context.driver.beginTransaction()
      await context.driver.commit(committed)
      const rolledBack = await context.driver.beginTransaction()
      await context.driver.rollback(rolledBack)
      const uses = [
        ['committed', committed],
        ['rolled-back', rolledBack],
      ] as const
      const calls = uses.flatMap(([state, handle]: readonly [string, TransactionHandle]) => [
        {
          label: `create with a ${state} handle`,
          call: () =>
            context.driver.create(object, { id: `late-${state}` }, { transaction: handle }),
        },
        {
          label: `find with a ${state} handle`,
          call: () => context.driver.find(object, { object }, { transaction: handle }),
        },
        { label: `commit of a ${state} handle`, call: () => context.driver.commit(handle) },
        { label: `rollback of a ${state} handle`, call: () => context.driver.rollback(handle) },
      ])
      const outcome = await firstFailure(
        calls,
        (item) => item.label,
        (item) =>
          expectError(item.label, item.call, ['TRANSACTION_FAILED'], {
            steps: ['begin', 'commit or rollback', item.label],
          }),
      )
      if (outcome.status !== 'pass') return outcome
      const count = await context.driver.count(object, undefined)
      if (count !== SEED.length)
        return fail(`writes through finished handles changed the data: count() is ${count}`)
      return outcome
    },
  },
])
