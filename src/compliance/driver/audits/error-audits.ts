import { ERROR_CODES, isObjectQLError } from '../../../kernel/errors.js'
import type { Driver } from '../../../kernel/driver/driver.js'
import type { DataRecord } from '../../../kernel/spec/object-config.js'
import { fail, pass } from '../../common/audit-result.js'
import type { DriverAuditContext } from '../audit-context.js'
import { attempt, describeError, firstFailure, settleWithin } from '../checks.js'
import { defineAudits } from '../driver-audit.js'
import { SCALARS, seedObject } from '../fixtures.js'
import { preview, recordsEqual } from '../record-compare.js'

interface Probe {
  readonly name: string
  readonly when?: (context: DriverAuditContext) => boolean
  readonly call: (driver: Driver, object: string) => Promise<unknown>
}

// Calls that must fail (or may fail, for undeclared capabilities). DRV-ERR-001 only judges the
// errors they raise; whether they should fail at all is each rule's own audit.
const PROBES: readonly Probe[] = [
  {
    name: 'find with an unknown operator',
    call: (d, o) => d.find(o, { object: o, where: { s: { $regex: 'x' } } }),
  },
  { name: 'count with an unknown field', call: (d, o) => d.count(o, { nope: { $eq: 1 } }) },
  {
    name: 'find with a malformed filter',
    call: (d, o) => d.find(o, { object: o, where: { $and: [] } }),
  },
  { name: 'create with an existing id', call: (d, o) => d.create(o, { id: 'e1', s: 'again' }) },
  { name: 'update of a missing id', call: (d, o) => d.update(o, 'missing', { s: 'x' }) },
  {
    name: 'aggregate without the capability',
    when: (c) => !c.capabilities.queryAggregations,
    call: (d, o) =>
      d.aggregate(o, { object: o, aggregations: [{ function: 'count', alias: 'n' }] }),
  },
  {
    name: 'aggregate on an unknown field',
    when: (c) => c.capabilities.queryAggregations,
    call: (d, o) =>
      d.aggregate(o, { object: o, aggregations: [{ function: 'sum', field: 'nope', alias: 'x' }] }),
  },
  {
    name: 'distinct without the capability',
    when: (c) => !c.capabilities.distinct,
    call: (d, o) => d.distinct(o, 's'),
  },
  {
    name: 'beginTransaction without the capability',
    when: (c) => !c.capabilities.transactions,
    call: (d) => d.beginTransaction(),
  },
]

/** Every record of `object`, sorted by id, for before/after comparison. */
async function snapshot(driver: Driver, object: string): Promise<DataRecord[]> {
  return driver.find(object, { object, orderBy: [{ field: 'id', order: 'asc' }] })
}

interface FailingWrite {
  readonly name: string
  readonly when?: (context: DriverAuditContext) => boolean
  readonly call: (driver: Driver, object: string) => Promise<unknown>
}

const FAILING_WRITES: readonly FailingWrite[] = [
  {
    name: "create with the existing id 'a'",
    call: (d, o) => d.create(o, { id: 'a', s: 'overwritten?', n: 99 }),
  },
  { name: "update of the missing id 'zz'", call: (d, o) => d.update(o, 'zz', { s: 'upserted?' }) },
  {
    name: "bulkCreate [new1, 'a' (exists), new2]",
    when: (c) => c.capabilities.bulkCreate,
    call: (d, o) =>
      d.bulkCreate(o, [
        { id: 'new1', n: 1 },
        { id: 'a', n: 2 },
        { id: 'new2', n: 3 },
      ]),
  },
  {
    name: "bulkCreate ['x', 'x']",
    when: (c) => c.capabilities.bulkCreate,
    call: (d, o) =>
      d.bulkCreate(o, [
        { id: 'x', n: 1 },
        { id: 'x', n: 2 },
      ]),
  },
  {
    name: "bulkUpdate ['a', 'zz' (missing)]",
    when: (c) => c.capabilities.bulkUpdate,
    call: (d, o) =>
      d.bulkUpdate(o, [
        { id: 'a', data: { s: 'half' } },
        { id: 'zz', data: { s: 'x' } },
      ]),
  },
]
const SEED = [
  { id: 'a', s: 'alpha', n: 1 },
  { id: 'b', s: 'beta', n: 2 },
]

/** DRV-ERR-001 and DRV-WRITE-006. */
export const ERROR_AUDITS = defineAudits([
  {
    id: 'DRV-ERR-001',
    level: 'MUST',
    group: 'errors',
    title: 'every error is an ObjectQLError with a catalog code',
    async run(context) {
      const object = await seedObject(context, SCALARS, [{ id: 'e1', s: 'one' }])
      const probes = PROBES.filter((probe) => probe.when?.(context) ?? true)
      const outcome = await firstFailure(
        probes,
        (probe) => probe.name,
        async (probe) => {
          const result = await attempt(() => probe.call(context.driver, object))
          if (result.ok) return undefined
          const error = result.error
          if (isObjectQLError(error) && ERROR_CODES.includes(error.code)) return undefined
          return fail(`${probe.name} threw ${describeError(error)}, not a coded ObjectQLError`, {
            minimalCase: { call: probe.name, error: describeError(error) },
          })
        },
      )
      if (outcome.status !== 'pass') return outcome
      const closed = await context.freshDriver()
      await closed.connect()
      await closed.syncSchema([{ name: object, fields: SCALARS.fields }])
      await closed.disconnect()
      const after = await settleWithin(() => closed.find(object, { object }), 5000)
      if (
        after.ok === false &&
        !(isObjectQLError(after.error) && ERROR_CODES.includes(after.error.code))
      ) {
        return fail(
          `find after disconnect() threw ${describeError(after.error)}, not a coded ObjectQLError`,
        )
      }
      return pass(`${probes.length + 1} error sources`)
    },
  },
  {
    id: 'DRV-WRITE-006',
    level: 'MUST',
    group: 'errors',
    title: 'a failed write changes nothing',
    async run(context) {
      const writes = FAILING_WRITES.filter((write) => write.when?.(context) ?? true)
      return firstFailure(
        writes,
        (write) => write.name,
        async (write) => {
          const object = await seedObject(context, SCALARS, SEED)
          const before = await snapshot(context.driver, object)
          const result = await attempt(() => write.call(context.driver, object))
          // A write that succeeded is judged by its own rule (DRV-ID-004, DRV-WRITE-003, ...).
          if (result.ok) return undefined
          const after = await snapshot(context.driver, object)
          const same =
            before.length === after.length &&
            before.every((row, i) => recordsEqual(row, after[i] ?? {}))
          if (same) return undefined
          return fail(
            `${write.name} failed (${describeError(result.error)}) but changed the data: before ${preview(before)}, after ${preview(after)}`,
            {
              minimalCase: { records: SEED, write: write.name, after },
            },
          )
        },
      )
    },
  },
])
