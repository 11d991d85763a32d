import type { Driver } from '../../../kernel/driver/driver.js'
import { isObjectQLError } from '../../../kernel/errors.js'
import { fail, pass } from '../../common/audit-result.js'
import { describeError, firstFailure, settleWithin } from '../checks.js'
import { defineAudits } from '../driver-audit.js'
import { SCALARS } from '../fixtures.js'
import { preview } from '../record-compare.js'

const LIMIT_MS = 5000
const CLOSED_CODES = ['DRIVER_NOT_CONNECTED', 'DRIVER_UNAVAILABLE']

/** Data operations a closed driver must refuse. */
function operations(object: string): [string, (driver: Driver) => Promise<unknown>][] {
  return [
    ['find', (d) => d.find(object, { object })],
    ['findOne', (d) => d.findOne(object, 'l1')],
    ['count', (d) => d.count(object, undefined)],
    ['create', (d) => d.create(object, { id: 'l2', s: 'after close' })],
    ['update', (d) => d.update(object, 'l1', { s: 'after close' })],
    ['delete', (d) => d.delete(object, 'l1')],
  ]
}

/** The DRV-LIFE audits. Each uses its own driver from the factory, so closing it hurts no one. */
export const LIFECYCLE_AUDITS = defineAudits([
  {
    id: 'DRV-LIFE-001',
    level: 'MUST',
    group: 'lifecycle',
    title: 'after connect(), checkHealth() resolves true',
    async run(context) {
      const driver = await context.freshDriver()
      try {
        await driver.connect()
        const health = await settleWithin(() => driver.checkHealth(), LIMIT_MS)
        if (health.ok === 'timeout')
          return fail(`checkHealth() did not settle within ${LIMIT_MS} ms`)
        if (!health.ok) return fail(`checkHealth() threw ${describeError(health.error)}`)
        if (health.value !== true)
          return fail(`checkHealth() resolved ${preview(health.value)}, not true`)
        return pass()
      } finally {
        await driver.disconnect()
      }
    },
  },
  {
    id: 'DRV-LIFE-002',
    level: 'MUST',
    group: 'lifecycle',
    title:
      'before connect() and after disconnect(), data operations fail with a not-connected code',
    async run(context) {
      // A unique name from the main driver keeps shared backends collision-free.
      const object = await context.defineObject(SCALARS)
      const driver = await context.freshDriver()
      await driver.connect()
      await driver.syncSchema([{ name: object, fields: SCALARS.fields }])
      await driver.create(object, { id: 'l1', s: 'before close' })
      await driver.disconnect()
      const unopened = await context.freshDriver()
      const uses = [
        ...operations(object).map(([name, call]) => ({
          when: 'after disconnect()',
          name,
          call,
          driver,
        })),
        // DRIVER_NOT_CONNECTED covers both ends of the lifecycle (see the error catalog).
        ...operations(object).map(([name, call]) => ({
          when: 'before connect()',
          name,
          call,
          driver: unopened,
        })),
      ]
      return firstFailure(
        uses,
        (use) => `${use.name} ${use.when}`,
        async (use) => {
          const label = `${use.name} ${use.when}`
          const settled = await settleWithin(() => use.call(use.driver), LIMIT_MS)
          if (settled.ok === 'timeout') return fail(`${label} hung for ${LIMIT_MS} ms`)
          if (settled.ok) {
            return fail(`${label} succeeded with ${preview(settled.value, 120)}`, {
              minimalCase: {
                steps:
                  use.when === 'before connect()'
                    ? [use.name]
                    : ['connect', 'create l1', 'disconnect', use.name],
              },
            })
          }
          const error = settled.error
          if (isObjectQLError(error) && CLOSED_CODES.includes(error.code)) return undefined
          return fail(
            `${label} threw ${describeError(error)}; expected ${CLOSED_CODES.join(' or ')}`,
          )
        },
      )
    },
  },
])
