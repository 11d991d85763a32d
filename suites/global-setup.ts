import type { TestProject } from 'vitest/node'
import { describeProvided } from '../src/harness/services/provide.js'
import { ServiceRegistry } from '../src/harness/services/service-registry.js'
import type { ServiceReportEntry } from '../src/harness/services/service-report.js'
import { SERVICE_NAMES } from '../src/harness/services/service-types.js'

/**
 * vitest globalSetup: provides PostgreSQL, MariaDB, Redis and MongoDB once per test run (an
 * explicit `OBJECTQL_*_URL`, a container, or a throwaway local server; see `provide()`), before any
 * worker starts. It publishes each URL as `OBJECTQL_*_URL` in `process.env`, which the forked
 * workers inherit (verified with vitest 4.1), so every test file resolves the same servers as
 * `kind: 'url'`; `OBJECTQL_SERVICE_REPORT` carries which kind really ran. The same report is
 * also given to tests through `inject('objectqlServices')`. Under `OBJECTQL_REQUIRE` an
 * unavailable service fails the run before any test starts (`SERVICE_UNAVAILABLE`).
 */

declare module 'vitest' {
  export interface ProvidedContext {
    objectqlServices: ServiceReportEntry[]
  }
}

const registry = new ServiceRegistry()
let published: Readonly<Record<string, string | undefined>> = {}

/** Starts the services and publishes their URLs; vitest calls it once, in the main process. */
export async function setup(project: TestProject): Promise<void> {
  const provided = await registry.getAll(SERVICE_NAMES)
  for (const service of provided) console.log(`[objectql services] ${describeProvided(service)}`)
  const before = { ...process.env }
  published = Object.fromEntries(
    Object.keys(registry.publish(process.env)).map((key) => [key, before[key]]),
  )
  project.provide('objectqlServices', registry.report())
}

/** Stops what {@link setup} started; vitest calls it after the last worker has finished. */
export async function teardown(): Promise<void> {
  await registry.releaseAll()
  // Put back what the variables held before publish (usually nothing).
  for (const [key, value] of Object.entries(published)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
}
