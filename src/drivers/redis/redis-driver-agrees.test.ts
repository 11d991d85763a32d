import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  MODEL_OBJECT,
  aggregationArbitrary,
  fieldsArbitrary,
  filterArbitrary,
  objectConfigArbitrary,
  pageArbitrary,
  recordArbitrary,
  recordsArbitrary,
  sortArbitrary,
} from '../../compliance/model/index.js'
import { MemoryDriver } from '../memory/memory-driver.js'
import { RedisTestBed, REDIS_URL, suiteTitle } from './redis-driver.test-utils.js'
import type { RedisDriver } from './redis-driver.js'
import type { Driver } from '../../kernel/driver/driver.js'
import type { DataRecord, ObjectConfig } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST } from '../../kernel/spec/query-ast.js'

/** Fixed so CI is reproducible; set OBJECTQL_SEED to explore (fast-check reports it on failure). */
const SEED = Number(process.env['OBJECTQL_SEED'] ?? 20_260_303)

/** Marks every number field `index: true` or not, so both the index plan and the scan run. */
function withIndexes(object: ObjectConfig, indexed: boolean): ObjectConfig {
  const fields = Object.fromEntries(
    Object.entries(object.fields).map(([name, field]) => [
      name,
      field.type === 'number' ? { ...field, index: indexed } : field,
    ]),
  )
  return { ...object, fields }
}

/**
 * Filters aimed at the query planner: one to three comparisons of a number field (operands from
 * the stored values, so bounds hit records exactly), sometimes beside an id lookup or another
 * generated filter, all as top-level conjuncts.
 */
function planTarget(
  object: ObjectConfig,
  records: readonly DataRecord[],
): fc.Arbitrary<FilterCondition> {
  const numeric = Object.keys(object.fields).filter(
    (name) => object.fields[name]?.type === 'number',
  )
  if (numeric.length === 0) return filterArbitrary(object, records)
  const stored = records.flatMap((r) =>
    numeric.map((f) => r[f]).filter((v) => typeof v === 'number'),
  )
  const value =
    stored.length > 0
      ? fc.oneof(fc.constantFrom(...stored), fc.integer({ min: -3, max: 3 }))
      : fc.integer({ min: -3, max: 3 })
  const leaf = fc
    .tuple(fc.constantFrom(...numeric), fc.constantFrom('$eq', '$gt', '$gte', '$lt', '$lte'), value)
    .map(([field, op, v]): FilterCondition => ({ [field]: { [op]: v } }))
  const extra = fc.oneof(
    filterArbitrary(object, records),
    fc
      .constantFrom(...records.map((r) => r.id), 'none')
      .map((id): FilterCondition => ({ id: { $in: [id, 'x'] } })),
  )
  return fc
    .tuple(fc.array(leaf, { minLength: 1, maxLength: 3 }), fc.option(extra, { nil: undefined }))
    .map(([leaves, more]) => ({ $and: more === undefined ? leaves : [...leaves, more] }))
}

const scenario = fc
  .tuple(
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(MODEL_OBJECT) },
      { weight: 1, arbitrary: objectConfigArbitrary() },
    ),
    fc.boolean(),
  )
  .map(([object, indexed]) => withIndexes(object, indexed))
  .chain((object) =>
    recordsArbitrary(object).chain((records) =>
      fc.record({
        object: fc.constant(object),
        records: fc.constant(records),
        where: fc.oneof(
          {
            weight: 4,
            arbitrary: fc.option(filterArbitrary(object, records), { nil: undefined, freq: 6 }),
          },
          { weight: 2, arbitrary: planTarget(object, records) },
        ),
        orderBy: sortArbitrary(object),
        page: pageArbitrary(),
        fields: fieldsArbitrary(object),
        aggregation: aggregationArbitrary(object),
        distinctField: fc.constantFrom('id', ...Object.keys(object.fields)),
      }),
    ),
  )

/** Runs an operation on both drivers: the same result, or the same error code. */
async function agree<T>(
  label: string,
  memory: () => Promise<T>,
  redis: () => Promise<T>,
): Promise<void> {
  const settle = async (run: () => Promise<T>): Promise<{ value?: T; code?: unknown }> => {
    try {
      return { value: await run() }
    } catch (error) {
      return { code: (error as { code?: unknown }).code ?? error }
    }
  }
  expect(await settle(redis), label).toEqual(await settle(memory))
}

async function memoryWith(object: ObjectConfig): Promise<MemoryDriver> {
  const memory = new MemoryDriver()
  await memory.connect()
  await memory.syncSchema([object])
  return memory
}

describe.skipIf(REDIS_URL === undefined)(
  suiteTitle('redis driver agrees with the memory driver'),
  () => {
    const bed = new RedisTestBed('agrees')
    let redis: RedisDriver
    let run = 0
    beforeAll(async () => {
      redis = await bed.driver([], [])
    })
    afterAll(() => bed.close())

    /** The scenario's object under a fresh name on Redis (runs share one prefix). */
    async function fresh(object: ObjectConfig): Promise<ObjectConfig> {
      run++
      const renamed = { ...object, name: `${object.name}${run}` }
      await redis.syncSchema([renamed])
      return renamed
    }

    it(`find, count, aggregate, distinct and findOne agree on generated data (seed ${SEED})`, async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const object = await fresh(s.object)
          const { name } = object
          const memory = await memoryWith(object)
          await agree(
            'bulkCreate',
            () => memory.bulkCreate(name, s.records),
            () => redis.bulkCreate(name, s.records),
          )
          const query: QueryAST = {
            object: name,
            where: s.where,
            orderBy: s.orderBy,
            ...s.page,
            fields: s.fields,
          }
          const both = async (
            label: string,
            run: (driver: Driver) => Promise<unknown>,
          ): Promise<void> =>
            agree(
              label,
              () => run(memory),
              () => run(redis),
            )
          await both('find', (d) => d.find(name, query))
          await both('find unpaged', (d) =>
            d.find(name, { object: name, where: s.where, orderBy: s.orderBy }),
          )
          await both('count', (d) => d.count(name, s.where))
          await both('aggregate', (d) =>
            d.aggregate(name, { object: name, where: s.where, ...s.aggregation }),
          )
          await both('distinct', (d) => d.distinct(name, s.distinctField, s.where))
          for (const record of s.records.slice(0, 2))
            await both('findOne', (d) => d.findOne(name, record.id, query))
        }),
        { seed: SEED, numRuns: 200 },
      )
    })

    it(`random write sequences leave both drivers in the same state (seed ${SEED})`, async () => {
      const object = withIndexes(MODEL_OBJECT, true)
      const ids = fc.constantFrom('a', 'b', 'c', 'a:b', '%', '\u{1F600}')
      const body = recordArbitrary(object)
      const op = fc.oneof(
        fc.record({ kind: fc.constant('create' as const), id: ids, body }),
        fc.record({ kind: fc.constant('update' as const), id: ids, body }),
        fc.record({ kind: fc.constant('delete' as const), id: ids }),
        fc.record({
          kind: fc.constant('bulkCreate' as const),
          items: fc.array(fc.tuple(ids, body), { maxLength: 3 }),
        }),
        fc.record({
          kind: fc.constant('bulkUpdate' as const),
          items: fc.array(fc.tuple(ids, body), { maxLength: 3 }),
        }),
        fc.record({
          kind: fc.constant('bulkDelete' as const),
          list: fc.array(ids, { maxLength: 3 }),
        }),
      )
      const probes: (FilterCondition | undefined)[] = [
        undefined,
        { n: { $gte: 0 } },
        { $and: [{ n: { $gt: -2 } }, { n: { $lte: 2 } }] },
        { n: { $eq: 1 } },
        { id: { $in: ['a', 'b', '%'] } },
      ]
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
          const { name } = await fresh(object)
          const memory = await memoryWith({ ...object, name })
          for (const step of ops) {
            const label = JSON.stringify(step)
            const apply = (d: Driver): Promise<unknown> => {
              switch (step.kind) {
                case 'create':
                  return d.create(name, { ...step.body, id: step.id })
                case 'update':
                  return d.update(name, step.id, step.body)
                case 'delete':
                  return d.delete(name, step.id)
                case 'bulkCreate':
                  return d.bulkCreate(
                    name,
                    step.items.map(([id, data]) => ({ ...data, id })),
                  )
                case 'bulkUpdate':
                  return d.bulkUpdate(
                    name,
                    step.items.map(([id, data]) => ({ id, data })),
                  )
                case 'bulkDelete':
                  return d.bulkDelete(name, step.list)
              }
            }
            await agree(
              label,
              () => apply(memory),
              () => apply(redis),
            )
          }
          // Without orderBy both return creation order (updates keep a record's place).
          await agree(
            'find unordered',
            () => memory.find(name, { object: name }),
            () => redis.find(name, { object: name }),
          )
          const orderBy = [{ field: 'id', order: 'asc' as const }]
          for (const where of probes) {
            await agree(
              `find ${JSON.stringify(where)}`,
              () => memory.find(name, { object: name, where, orderBy }),
              () => redis.find(name, { object: name, where, orderBy }),
            )
          }
        }),
        { seed: SEED, numRuns: 150 },
      )
    })
  },
)
