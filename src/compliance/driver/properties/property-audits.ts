import fc from 'fast-check'
import type { Driver } from '../../../kernel/driver/driver.js'
import type { ObjectConfig } from '../../../kernel/spec/object-config.js'
import type { QueryAST } from '../../../kernel/spec/query-ast.js'
import {
  aggregationArbitrary,
  filterArbitrary,
  objectConfigArbitrary,
  pageArbitrary,
  recordsArbitrary,
  sortArbitrary,
} from '../../model/index.js'
import type { DriverAuditContext } from '../audit-context.js'
import { defineAudits } from '../driver-audit.js'
import { idsOf, preview } from '../record-compare.js'
import { agreeWith, sameRecordSet, sameRows, sameSequence } from './agreement.js'
import { loadBoth, onFreshDriver, propertyObject, supportedFields } from './property-object.js'
import { checkLaw } from './property-runner.js'
import type { Law, LawFailure } from './property-runner.js'
import { roundTripLaw } from './round-trip-law.js'

const BY_ID = [{ field: 'id', order: 'asc' as const }]

/** Records plus a filter drawn from their values (so filters select something). */
const filtered = (object: ObjectConfig) =>
  recordsArbitrary(object).chain((records) =>
    fc.record({ records: fc.constant(records), where: filterArbitrary(object, records) }),
  )

/** The model's object (minus undeclared capabilities) under a name unique to this run. */
function propertyObjectFor(context: DriverAuditContext): ObjectConfig {
  return { ...propertyObject(context.capabilities), name: context.uniqueName('item') }
}

/** A law whose every case runs on a fresh driver holding only `object`. */
function lawOn<T>(
  context: DriverAuditContext,
  object: ObjectConfig,
  law: (driver: Driver, value: T) => Promise<string | LawFailure | undefined>,
): Law<T> {
  return (value) => onFreshDriver(context, [object], (driver) => law(driver, value))
}

/** The DRV-PROP audits: laws checked on generated data against the SpecModel. */
export const PROPERTY_AUDITS = defineAudits([
  {
    id: 'DRV-PROP-001',
    level: 'MUST',
    group: 'properties',
    title: 'find returns the records the model returns, for generated filters',
    timeoutMs: 90_000,
    async run(context) {
      const object = propertyObjectFor(context)
      return checkLaw(
        context,
        filtered(object),
        lawOn(context, object, async (driver, { records, where }) => {
          const model = await loadBoth(driver, object, records)
          const query = { object: object.name, where, orderBy: BY_ID }
          return agreeWith(
            `find where ${preview(where)}`,
            () => driver.find(object.name, query),
            () => model.find(object.name, query),
            sameRecordSet,
          )
        }),
      )
    },
  },
  {
    id: 'DRV-PROP-002',
    level: 'MUST',
    group: 'properties',
    title: 'count equals the model count and the unpaged find length',
    timeoutMs: 90_000,
    async run(context) {
      const object = propertyObjectFor(context)
      return checkLaw(
        context,
        filtered(object),
        lawOn(context, object, async (driver, { records, where }) => {
          const model = await loadBoth(driver, object, records)
          const label = `count where ${preview(where)}`
          const differs = await agreeWith(
            label,
            () => driver.count(object.name, where),
            () => model.count(object.name, where),
            (a, e) => (a === e ? undefined : `the driver counts ${a}, the model ${e}`),
          )
          if (differs !== undefined) return differs
          const rows = await driver.find(object.name, {
            object: object.name,
            where,
            orderBy: BY_ID,
          })
          const count = await driver.count(object.name, where)
          return rows.length === count
            ? undefined
            : `${label} is ${count} but find returns ${rows.length} records`
        }),
      )
    },
  },
  {
    id: 'DRV-PROP-003',
    level: 'MUST',
    group: 'properties',
    title: 'find orders records as the model does, for generated sort keys',
    timeoutMs: 90_000,
    async run(context) {
      const object = propertyObjectFor(context)
      const arbitrary = recordsArbitrary(object).chain((records) =>
        fc.record({
          records: fc.constant(records),
          orderBy: sortArbitrary(object),
          where: fc.option(filterArbitrary(object, records), { nil: undefined, freq: 3 }),
        }),
      )
      return checkLaw(
        context,
        arbitrary,
        lawOn(context, object, async (driver, { records, orderBy, where }) => {
          const model = await loadBoth(driver, object, records)
          const query: QueryAST = {
            object: object.name,
            orderBy,
            ...(where === undefined ? {} : { where }),
          }
          const keys = orderBy.map((k) => `${k.field} ${k.order}`).join(', ')
          return agreeWith(
            `find${where === undefined ? '' : ` where ${preview(where)}`} orderBy ${keys}`,
            () => driver.find(object.name, query),
            () => model.find(object.name, query),
            sameSequence,
          )
        }),
      )
    },
  },
  {
    id: 'DRV-PROP-004',
    level: 'MUST',
    group: 'properties',
    title: 'limit/offset pages match the model and partition the ordered result',
    timeoutMs: 90_000,
    async run(context) {
      const object = propertyObjectFor(context)
      const arbitrary = recordsArbitrary(object).chain((records) =>
        fc.record({
          records: fc.constant(records),
          orderBy: sortArbitrary(object),
          page: pageArbitrary(),
          size: fc.integer({ min: 1, max: 5 }),
        }),
      )
      return checkLaw(
        context,
        arbitrary,
        lawOn(context, object, async (driver, { records, orderBy, page, size }) => {
          const model = await loadBoth(driver, object, records)
          const name = object.name
          const paged: QueryAST = { object: name, orderBy, ...page }
          const differs = await agreeWith(
            `find with offset/limit ${preview(page)}`,
            () => driver.find(name, paged),
            () => model.find(name, paged),
            sameSequence,
          )
          if (differs !== undefined) return differs
          const all = idsOf(await driver.find(name, { object: name, orderBy }))
          const pages: string[] = []
          for (let offset = 0; offset <= all.length; offset += size) {
            pages.push(
              ...idsOf(await driver.find(name, { object: name, orderBy, offset, limit: size })),
            )
          }
          if (pages.join('\u0000') === all.join('\u0000')) return undefined
          return `pages of limit ${size} at offsets 0, ${size}, ... concatenate to [${pages.join(', ')}] but the unpaged result is [${all.join(', ')}]`
        }),
      )
    },
  },
  {
    id: 'DRV-PROP-005',
    level: 'MUST',
    group: 'properties',
    title: 'generated records of generated objects read back equal',
    timeoutMs: 90_000,
    run: (context) =>
      checkLaw(
        context,
        objectConfigArbitrary()
          .map((object) => supportedFields(object, context.capabilities))
          .filter((object) => Object.keys(object.fields).length > 0)
          .chain((object) =>
            fc.record({ object: fc.constant(object), records: recordsArbitrary(object, 6) }),
          ),
        roundTripLaw(context),
        // A new object per case: bounded so backends with real DDL stay fast.
        { maxRuns: 30 },
      ),
  },
  {
    id: 'DRV-PROP-006',
    level: 'MUST',
    group: 'properties',
    title: 'a filter and its $not partition the records (no model needed)',
    timeoutMs: 90_000,
    async run(context) {
      const object = propertyObjectFor(context)
      return checkLaw(
        context,
        filtered(object),
        lawOn(context, object, async (driver, { records, where }) => {
          await loadBoth(driver, object, records)
          const name = object.name
          const yes = new Set(
            idsOf(await driver.find(name, { object: name, where, orderBy: BY_ID })),
          )
          const no = idsOf(
            await driver.find(name, { object: name, where: { $not: where }, orderBy: BY_ID }),
          )
          const both = no.find((id) => yes.has(id))
          if (both !== undefined)
            return `record '${both}' matches both where ${preview(where)} and its $not`
          const covered = new Set([...yes, ...no])
          const neither = records.find((record) => !covered.has(record.id))
          return neither === undefined
            ? undefined
            : `record ${preview(neither)} matches neither where ${preview(where)} nor its $not`
        }),
      )
    },
  },
  {
    id: 'DRV-PROP-007',
    level: 'MUST',
    group: 'properties',
    title: 'aggregate returns the model rows, for generated groupings',
    requires: 'queryAggregations',
    timeoutMs: 90_000,
    async run(context) {
      const object = propertyObjectFor(context)
      const arbitrary = recordsArbitrary(object).chain((records) =>
        fc.record({
          records: fc.constant(records),
          aggregation: aggregationArbitrary(object),
          where: fc.option(filterArbitrary(object, records), { nil: undefined, freq: 3 }),
        }),
      )
      return checkLaw(
        context,
        arbitrary,
        lawOn(context, object, async (driver, { records, aggregation, where }) => {
          const model = await loadBoth(driver, object, records)
          const query: QueryAST = {
            object: object.name,
            ...aggregation,
            ...(where === undefined ? {} : { where }),
          }
          return agreeWith(
            `aggregate ${preview(aggregation)}`,
            () => driver.aggregate(object.name, query),
            () => model.aggregate(object.name, query),
            sameRows,
          )
        }),
      )
    },
  },
])
