/**
 * The reference model of docs/SPEC.md and the fast-check arbitraries to drive it: what the
 * driver conformance suite compares every driver with.
 */
export { SpecModel } from './spec-model.js'
export type { ModelFields } from './spec-model-aggregate.js'
export { compareByCodePoints, specCompare, specEqual } from './spec-model-order.js'
export { modelFilter } from './spec-model-filter.js'
export {
  MODEL_FIELD_TYPES,
  MODEL_OBJECT,
  SELECT_VALUES,
  TAG_VALUES,
  TRICKY_STRINGS,
  kindOf,
  objectConfigArbitrary,
  recordArbitrary,
  recordsArbitrary,
  valueArbitrary,
} from './model-record-arbitraries.js'
export type { ModelFieldKind } from './model-record-arbitraries.js'
export {
  aggregationArbitrary,
  fieldsArbitrary,
  filterArbitrary,
  pageArbitrary,
  sortArbitrary,
} from './model-arbitraries.js'
export { readScenarioArbitrary } from './read-scenario-arbitrary.js'
export type { ReadScenario } from './read-scenario-arbitrary.js'
