/**
 * The reference model of docs/SPEC.md and the fast-check arbitraries to drive it: what the
 * driver conformance suite compares every driver with.
 */
export { SpecModel } from './spec-model.js'
export { compareByCodePoints, specCompare, specEqual } from './spec-model-order.js'
export { modelFilter } from './spec-model-filter.js'
export {
  MODEL_FIELD_TYPES,
  MODEL_OBJECT,
  SELECT_VALUES,
  TRICKY_STRINGS,
  aggregationArbitrary,
  fieldsArbitrary,
  filterArbitrary,
  objectConfigArbitrary,
  pageArbitrary,
  recordArbitrary,
  recordsArbitrary,
  sortArbitrary,
  valueArbitrary,
} from './model-arbitraries.js'
