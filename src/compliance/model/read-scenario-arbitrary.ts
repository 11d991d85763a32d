import fc from 'fast-check'
import {
  aggregationArbitrary,
  fieldsArbitrary,
  filterArbitrary,
  pageArbitrary,
  sortArbitrary,
} from './model-arbitraries.js'
import {
  MODEL_OBJECT,
  objectConfigArbitrary,
  recordsArbitrary,
} from './model-record-arbitraries.js'
import type { DataRecord, ObjectConfig } from '../../kernel/spec/object-config.js'
import type { FilterCondition, QueryAST, SortNode } from '../../kernel/spec/query-ast.js'

/** One generated read against a generated table: everything a "driver agrees" test runs. */
export interface ReadScenario {
  readonly object: ObjectConfig
  readonly records: readonly DataRecord[]
  readonly where: FilterCondition | undefined
  readonly orderBy: SortNode[]
  readonly page: Pick<QueryAST, 'offset' | 'limit'>
  readonly fields: string[] | undefined
  readonly aggregation: Pick<QueryAST, 'groupBy' | 'aggregations' | 'having'>
  /** A field to ask `distinct` for. */
  readonly distinctField: string
}

/**
 * Read scenarios for property tests against the SpecModel: the model object (two times in
 * three) or a generated one, records for it, and a filter, sort, page, projection, aggregation
 * and distinct field over them. `filterFreq` n makes "no filter" one case in n.
 */
export function readScenarioArbitrary(
  options: { filterFreq?: number } = {},
): fc.Arbitrary<ReadScenario> {
  const freq = options.filterFreq ?? 6
  return fc
    .oneof(
      { weight: 2, arbitrary: fc.constant(MODEL_OBJECT) },
      { weight: 1, arbitrary: objectConfigArbitrary() },
    )
    .chain((object: ObjectConfig) =>
      recordsArbitrary(object).chain((records) =>
        fc.record({
          object: fc.constant(object),
          records: fc.constant(records),
          where: fc.option(filterArbitrary(object, records), { nil: undefined, freq }),
          orderBy: sortArbitrary(object),
          page: pageArbitrary(),
          fields: fieldsArbitrary(object),
          aggregation: aggregationArbitrary(object),
          distinctField: fc.constantFrom('id', ...Object.keys(object.fields)),
        }),
      ),
    )
}
