/**
 * The built-in scenarios, in report order, and the module each lives in: a worker process
 * imports only its scenario's module (not every driver and protocol), which saves about a second
 * per process.
 */
import type { Scenario } from '../scenario.js'
import { FILTER_SCENARIOS, FILTER_SCENARIO_MODULE } from './filter-scenarios.js'
import { FOOTPRINT_SCENARIOS, FOOTPRINT_SCENARIO_MODULE } from './footprint-scenarios.js'
import { GRAPHQL_SCENARIOS, GRAPHQL_SCENARIO_MODULE } from './graphql-scenarios.js'
import { KERNEL_SCENARIOS, KERNEL_SCENARIO_MODULE } from './kernel-scenarios.js'
import {
  MEMORY_DRIVER_SCENARIOS,
  MEMORY_DRIVER_SCENARIO_MODULE,
} from './memory-driver-scenarios.js'
import { METADATA_SCENARIOS, METADATA_SCENARIO_MODULE } from './metadata-scenarios.js'
import { NORMALIZER_SCENARIOS, NORMALIZER_SCENARIO_MODULE } from './normalizer-scenarios.js'
import { PROTOCOL_SCENARIOS, PROTOCOL_SCENARIO_MODULE } from './protocol-scenarios.js'
import { REDIS_SCENARIOS, REDIS_SCENARIO_MODULE } from './redis-scenarios.js'
import { SQL_SCENARIOS, SQL_SCENARIO_MODULE } from './sql-scenarios.js'

const GROUPS: readonly (readonly [string, readonly Scenario[]])[] = [
  [KERNEL_SCENARIO_MODULE, KERNEL_SCENARIOS],
  [METADATA_SCENARIO_MODULE, METADATA_SCENARIOS],
  [FILTER_SCENARIO_MODULE, FILTER_SCENARIOS],
  [NORMALIZER_SCENARIO_MODULE, NORMALIZER_SCENARIOS],
  [MEMORY_DRIVER_SCENARIO_MODULE, MEMORY_DRIVER_SCENARIOS],
  [FOOTPRINT_SCENARIO_MODULE, FOOTPRINT_SCENARIOS],
  [SQL_SCENARIO_MODULE, SQL_SCENARIOS],
  [REDIS_SCENARIO_MODULE, REDIS_SCENARIOS],
  [PROTOCOL_SCENARIO_MODULE, PROTOCOL_SCENARIOS],
  [GRAPHQL_SCENARIO_MODULE, GRAPHQL_SCENARIOS],
]

/** Every built-in scenario. */
export const SCENARIOS: readonly Scenario[] = GROUPS.flatMap(([, scenarios]) => scenarios)

/** Scenario name -> URL of the module that exports it. */
const MODULES: ReadonlyMap<string, string> = new Map(
  GROUPS.flatMap(([url, scenarios]) => scenarios.map((s) => [s.name, url] as const)),
)

/** The module a worker imports to run built-in scenario `name`; undefined for other names. */
export function builtInScenarioModule(name: string): string | undefined {
  return MODULES.get(name)
}

/**
 * The fast subset CI gates on every pull request (`npm run bench:gate`, about a minute and a
 * half on 2 cores): the foundation targets, plus the SQLite, REST and GraphQL targets, which
 * need no database server. The database-server targets (PostgreSQL) and the rest stay in the
 * full run, `npm run bench`.
 */
export const FAST_GATE_FILTER: readonly string[] = [
  'kernel/findOne-vs-driver',
  'hooks/100-other-objects',
  'metadata/get-100k-vs-1k',
  'filter/compiled-vs-handwritten',
  'filter/compiled-vs-mingo',
  'sql/sqlite-findOne-vs-raw',
  'protocol/rest-get-vs-fastify',
  'protocol/graphql-list-vs-apollo',
]

export { FILTER_SCENARIOS } from './filter-scenarios.js'
export { FOOTPRINT_SCENARIOS } from './footprint-scenarios.js'
export { GRAPHQL_SCENARIOS } from './graphql-scenarios.js'
export { KERNEL_SCENARIOS } from './kernel-scenarios.js'
export { MEMORY_DRIVER_SCENARIOS } from './memory-driver-scenarios.js'
export { METADATA_SCENARIOS } from './metadata-scenarios.js'
export { NORMALIZER_SCENARIOS } from './normalizer-scenarios.js'
export { PROTOCOL_SCENARIOS } from './protocol-scenarios.js'
export { REDIS_SCENARIOS } from './redis-scenarios.js'
export { SQL_SCENARIOS } from './sql-scenarios.js'
