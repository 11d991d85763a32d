/**
 * The built-in scenarios, in report order. Worker processes load this module by URL and pick one
 * scenario by name, so its `SCENARIOS` export is the registry.
 */
import type { Scenario } from '../scenario.js'
import { FILTER_SCENARIOS } from './filter-scenarios.js'
import { FOOTPRINT_SCENARIOS } from './footprint-scenarios.js'
import { KERNEL_SCENARIOS } from './kernel-scenarios.js'
import { MEMORY_DRIVER_SCENARIOS } from './memory-driver-scenarios.js'
import { METADATA_SCENARIOS } from './metadata-scenarios.js'
import { NORMALIZER_SCENARIOS } from './normalizer-scenarios.js'
import { PROTOCOL_SCENARIOS } from './protocol-scenarios.js'
import { REDIS_SCENARIOS } from './redis-scenarios.js'
import { SQL_SCENARIOS } from './sql-scenarios.js'

/** Every built-in scenario. */
export const SCENARIOS: readonly Scenario[] = [
  ...KERNEL_SCENARIOS,
  ...METADATA_SCENARIOS,
  ...FILTER_SCENARIOS,
  ...NORMALIZER_SCENARIOS,
  ...MEMORY_DRIVER_SCENARIOS,
  ...FOOTPRINT_SCENARIOS,
  ...SQL_SCENARIOS,
  ...REDIS_SCENARIOS,
  ...PROTOCOL_SCENARIOS,
]

/** The URL workers import to find {@link SCENARIOS}. */
export const BUILT_IN_SCENARIO_MODULE: string = import.meta.url

/**
 * The fast, in-process subset CI gates on every pull request (`npm run bench:gate`): the
 * foundation targets, a few seconds per process. The full set stays `npm run bench`.
 */
export const FAST_GATE_FILTER: readonly string[] = [
  'kernel/findOne-vs-driver',
  'hooks/100-other-objects',
  'metadata/get-100k-vs-1k',
  'filter/compiled-vs-handwritten',
  'filter/compiled-vs-mingo',
]

export { FILTER_SCENARIOS } from './filter-scenarios.js'
export { FOOTPRINT_SCENARIOS } from './footprint-scenarios.js'
export { KERNEL_SCENARIOS } from './kernel-scenarios.js'
export { MEMORY_DRIVER_SCENARIOS } from './memory-driver-scenarios.js'
export { METADATA_SCENARIOS } from './metadata-scenarios.js'
export { NORMALIZER_SCENARIOS } from './normalizer-scenarios.js'
export { PROTOCOL_SCENARIOS } from './protocol-scenarios.js'
export { REDIS_SCENARIOS } from './redis-scenarios.js'
export { SQL_SCENARIOS } from './sql-scenarios.js'
