/**
 * The in-process query engine: spec-order comparison, filter compilation, sorting, projection,
 * paging and aggregation over records held in JavaScript. Every driver that evaluates queries
 * itself (memory, Redis, files, Excel, localStorage) builds on these, so they all share one
 * reading of docs/SPEC.md.
 */
export {
  compareCodePoints,
  compareDateValues,
  compareValues,
  comparatorFor,
  isNullish,
  parseIsoInstant,
  tupleKey,
  valueKey,
  valuesEqual,
} from './value-compare.js'
export { deepCopy } from './value-copy.js'
export { assertKnownField, querySchemaFor } from './query-schema.js'
export type { QuerySchema } from './query-schema.js'
export {
  FILTER_CACHE_SIZE,
  clearFilterCache,
  compileFilter,
  compiledShapeCount,
} from './filter-compiler.js'
export type { CompileFilterOptions } from './filter-compiler.js'
export type { RecordPredicate } from './filter-codegen.js'
export { interpretFilter } from './filter-interpreter.js'
export { compileSort, sortRecords } from './record-sorter.js'
export type { RecordComparator } from './record-sorter.js'
export { compileProjection, projectRecord } from './record-projector.js'
export type { RecordProjector } from './record-projector.js'
export { checkCount, pageRows } from './query-page.js'
export { aggregateRecords } from './record-aggregator.js'
export type { AggregateRow } from './record-aggregator.js'
export { countRecords, distinctValues, executeQuery } from './query-executor.js'
