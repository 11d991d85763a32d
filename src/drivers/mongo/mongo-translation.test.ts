import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { agree } from './mongo-agree.test-utils.js'
import {
  SpecModel,
  compareByCodePoints,
  readScenarioArbitrary,
} from '../../compliance/model/index.js'
import { querySchemaFor } from '../../kernel/query/query-schema.js'
import { mongoFieldMap } from './mongo-field-map.js'
import { fromUnitOrder, mingoPort, toUnitOrder } from './mongo-mingo-port.test-utils.js'
import {
  mongoAggregate,
  mongoCount,
  mongoDistinct,
  mongoFind,
  mongoFindOne,
} from './mongo-read-operations.js'
import type { ReadContext } from './mongo-read-operations.js'

/**
 * The Mongo translation proven against the spec model: generated records, canonical filters,
 * sorts, pages, projections and aggregations go through the driver's read path (the same code
 * the driver runs against a server) into mingo, and must give the model's answer. Fixed seed for
 * CI; set OBJECTQL_SEED to explore (fast-check prints the seed and path of a failure).
 */
const SEED = Number(process.env['OBJECTQL_SEED'] ?? 20_260_101)
const NUM_RUNS = 300

const scenario = readScenarioArbitrary({ filterFreq: 8 })

describe('mongo translation agrees with the spec model under mingo', () => {
  it('the string mapping of the mingo port is a bijection that orders by code point', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(fromUnitOrder(toUnitOrder(a))).toBe(a)
        const x = toUnitOrder(a)
        const y = toUnitOrder(b)
        const byUnits = x < y ? -1 : x > y ? 1 : 0
        expect(byUnits).toBe(Math.sign(compareByCodePoints(a, b)))
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it(`DRV-PROP-001..004/007 find, findOne, count, aggregate and distinct (seed ${SEED}, ${NUM_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { name } = s.object
        const model = new SpecModel([s.object])
        model.bulkCreate(name, s.records)
        const port = mingoPort(s.records)
        const context: ReadContext = {
          schema: querySchemaFor(s.object),
          fields: mongoFieldMap(s.object),
        }
        const query = {
          object: name,
          where: s.where,
          orderBy: s.orderBy,
          ...s.page,
          fields: s.fields,
        }
        await agree(
          'find',
          () => model.find(name, query),
          () => mongoFind(port, query, context),
        )
        const unpaged = { object: name, where: s.where, orderBy: s.orderBy }
        await agree(
          'find unpaged',
          () => model.find(name, unpaged),
          () => mongoFind(port, unpaged, context),
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
        const paged = {
          ...aggregate,
          orderBy: [{ field: 'cnt', order: 'desc' as const }],
          ...s.page,
        }
        await agree(
          'aggregate paged',
          () => model.aggregate(name, paged),
          () => mongoAggregate(port, paged, context),
        )
        await agree(
          'distinct',
          () => model.distinct(name, s.distinctField, s.where),
          () => mongoDistinct(port, s.distinctField, s.where, context),
        )
        const [first] = s.records
        if (first !== undefined) {
          await agree(
            'findOne',
            () => model.findOne(name, first.id, query),
            () => mongoFindOne(port, first.id, query, context),
          )
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    )
  })
})
