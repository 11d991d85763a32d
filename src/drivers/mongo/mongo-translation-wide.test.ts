import fc from 'fast-check'
import { describe, it } from 'vitest'
import {
  MODEL_OBJECT,
  SpecModel,
  TRICKY_STRINGS,
  objectConfigArbitrary,
  recordsArbitrary,
} from '../../compliance/model/index.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import { agree } from './mongo-agree.test-utils.js'
import { mongoFieldMap } from './mongo-field-map.js'
import { mingoPort } from './mongo-mingo-port.test-utils.js'
import { mongoAggregate, mongoCount, mongoFind } from './mongo-read-operations.js'
import {
  LOOSE_OBJECT,
  looseRecordsArbitrary,
  wideAggregationArbitrary,
  wideFilterArbitrary,
  slice,
  wideLeafArbitrary,
  wideSortArbitrary,
} from './mongo-wide-arbitraries.test-utils.js'
import type { ReadContext } from './mongo-read-operations.js'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import type { FilterCondition, SortNode } from '../../kernel/spec/query-ast.js'

/**
 * The Mongo translation on queries the kernel never sends but the driver must still answer
 * exactly (any operator on any field, sorts and groups on json and multi-value fields), and on
 * date ranges whose operand has the other ISO shape (a date against a datetime). Fixed seed;
 * set OBJECTQL_SEED to explore.
 */
const SEED = Number(process.env['OBJECTQL_SEED'] ?? 20_260_101)
const NUM_RUNS = 300
const LEAF_RUNS = 1_000

function contextOf(object: ObjectConfig): ReadContext {
  return { schema: querySchemaFor(object), fields: mongoFieldMap(object) }
}

const wide = fc
  .oneof(
    { weight: 2, arbitrary: fc.constant(MODEL_OBJECT) },
    { weight: 1, arbitrary: objectConfigArbitrary() },
  )
  .chain((object: ObjectConfig) =>
    recordsArbitrary(object).chain((records) =>
      fc.record({
        object: fc.constant(object),
        records: fc.constant(records),
        where: fc.option(wideFilterArbitrary(object, records), { nil: undefined, freq: 8 }),
        orderBy: wideSortArbitrary(object),
        aggregation: wideAggregationArbitrary(object, records),
      }),
    ),
  )

const INSTANTS = [
  '2024-01-01T00:00:00.000Z',
  '2024-01-01T12:30:00.000Z',
  '2023-12-31T23:59:59.999Z',
  '2024-01-02T00:00:00.000Z',
]
const DATED: ObjectConfig = {
  name: 'dated',
  fields: { day: { type: 'date' }, at: { type: 'datetime' } },
}
const datedRecords = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 2 }),
    day: fc.option(fc.constantFrom(...INSTANTS.map((instant) => instant.slice(0, 10)))),
    at: fc.option(fc.constantFrom(...INSTANTS)),
  }),
  { maxLength: 8, selector: (record) => record.id },
)
const dateRange: fc.Arbitrary<FilterCondition> = fc
  .tuple(
    fc.constantFrom('day', 'at'),
    fc.constantFrom('$gt', '$gte', '$lt', '$lte', '$eq', '$ne'),
    fc.constantFrom(...INSTANTS, ...INSTANTS.map((instant) => instant.slice(0, 10))),
  )
  .map(([field, op, operand]) => ({ [field]: { [op]: operand } }))
const dateSort: fc.Arbitrary<SortNode[]> = fc
  .tuple(fc.constantFrom('day', 'at'), fc.constantFrom('asc' as const, 'desc' as const))
  .map(([field, order]) => [
    { field, order },
    { field: 'id', order: 'asc' },
  ])

const TEXTS = [...TRICKY_STRINGS, 'a\n', 'a\nb', 'x.y', 'xay', '(a)', '{1}', 'a|b', '+?', 'a\0b']
const TEXTED: ObjectConfig = { name: 'texted', fields: { title: { type: 'text' } } }
const textedRecords = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 2 }),
    title: fc.option(fc.constantFrom(...TEXTS)),
  }),
  { maxLength: 10, selector: (record) => record.id },
)
const stringLeaf = fc
  .tuple(
    fc.constantFrom('$contains', '$notContains', '$startsWith', '$endsWith', '$eq', '$gt'),
    fc.constantFrom(...TEXTS).chain(slice),
  )
  .map(([op, operand]): FilterCondition => ({ title: { [op]: operand } }))

describe('mongo translation on queries beyond the kernel normal use', () => {
  it(`any operator on any field, sorts and aggregations on every field kind (seed ${SEED}, ${NUM_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(wide, async (s) => {
        const { name } = s.object
        const model = new SpecModel([s.object])
        model.bulkCreate(name, s.records)
        const port = mingoPort(s.records)
        const context = contextOf(s.object)
        const query = { object: name, where: s.where, orderBy: s.orderBy }
        await agree(
          'find',
          () => model.find(name, query),
          () => mongoFind(port, query, context),
        )
        await agree(
          'count',
          () => model.count(name, s.where),
          () => mongoCount(port, s.where, context),
        )
        const aggregate = { object: name, where: s.where, ...s.aggregation }
        await agree(
          'aggregate',
          () => model.aggregate(name, aggregate),
          () => mongoAggregate(port, aggregate, context),
        )
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    )
  })

  it(`DRV-FLT-004 DRV-FLT-007 single leaves and their $not: every operator on every field (seed ${SEED}, ${LEAF_RUNS} runs)`, async () => {
    const leaves = fc
      .oneof(
        { weight: 2, arbitrary: fc.constant(MODEL_OBJECT) },
        { weight: 1, arbitrary: objectConfigArbitrary() },
        { weight: 2, arbitrary: fc.constant(LOOSE_OBJECT) },
      )
      .chain((object: ObjectConfig) =>
        (object === LOOSE_OBJECT ? looseRecordsArbitrary : recordsArbitrary(object)).chain(
          (records) =>
            fc.record({
              object: fc.constant(object),
              records: fc.constant(records),
              leaf: wideLeafArbitrary(object, records),
              negate: fc.boolean(),
            }),
        ),
      )
    await fc.assert(
      fc.asyncProperty(leaves, async (s) => {
        const { name } = s.object
        const model = new SpecModel([s.object])
        model.bulkCreate(name, s.records)
        const where = s.negate ? { $not: s.leaf } : s.leaf
        const query = { object: name, where, orderBy: [{ field: 'id', order: 'asc' as const }] }
        await agree(
          'find',
          () => model.find(name, query),
          () => mongoFind(mingoPort(s.records), query, contextOf(s.object)),
        )
      }),
      { seed: SEED, numRuns: LEAF_RUNS },
    )
  })

  it(`DRV-FLT-005 DRV-ORD-003 date ranges across the date and datetime shapes (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        datedRecords,
        fc.array(dateRange, { minLength: 1, maxLength: 2 }),
        dateSort,
        async (records, ranges, orderBy) => {
          const model = new SpecModel([DATED])
          model.bulkCreate('dated', records)
          const port = mingoPort(records)
          const where: FilterCondition = { $or: ranges }
          const query = { object: 'dated', where, orderBy }
          await agree(
            'find',
            () => model.find('dated', query),
            () => mongoFind(port, query, contextOf(DATED)),
          )
        },
      ),
      { seed: SEED, numRuns: NUM_RUNS },
    )
  })

  it(`DRV-STR-001 DRV-STR-002 string operators are literal and case-sensitive (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(textedRecords, stringLeaf, async (records, where) => {
        const model = new SpecModel([TEXTED])
        model.bulkCreate('texted', records)
        const query = { object: 'texted', where, orderBy: [{ field: 'id', order: 'asc' as const }] }
        await agree(
          'find',
          () => model.find('texted', query),
          () => mongoFind(mingoPort(records), query, contextOf(TEXTED)),
        )
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    )
  })
})
