import { ObjectQLError } from '../kernel/errors.js'
import type { Scenario } from './scenario.js'

/** Scenarios for the process-pool tests: cheap, skipping and crashing ones. */
export const TEST_SCENARIOS: readonly Scenario[] = [
  {
    name: 'test/json',
    group: 'test',
    kind: 'in-process',
    title: 'stringify vs parse',
    description: 'a cheap timed scenario',
    async setup() {
      const value = { a: [1, 2, 3], b: 'text' }
      const text = JSON.stringify(value)
      return { task: () => JSON.stringify(value), reference: () => JSON.parse(text) as unknown }
    },
  },
  {
    name: 'test/skip',
    group: 'test',
    kind: 'io',
    title: 'always skips',
    description: 'a scenario without its server',
    async setup() {
      return { skip: 'no server here' }
    },
  },
  {
    name: 'test/crash',
    group: 'test',
    kind: 'in-process',
    title: 'fails in setup',
    description: 'a scenario whose setup throws',
    async setup() {
      throw new ObjectQLError('DRIVER_UNAVAILABLE', 'cannot reach the database')
    },
  },
  {
    name: 'test/measured',
    group: 'test',
    kind: 'in-process',
    unit: 'MiB',
    title: 'a measured figure',
    description: 'reports whether gc is exposed',
    async measure() {
      const gc = (globalThis as { gc?: unknown }).gc
      return { value: typeof gc === 'function' ? 1 : 2, reference: { value: 3, unit: 'MiB' } }
    },
  },
]

/** The URL workers import to find {@link TEST_SCENARIOS}. */
export const TEST_SCENARIO_MODULE: string = import.meta.url
