import { afterAll, test } from 'vitest'
import { driverSuite } from '../../src/compliance/index.js'
import type { DriverConformanceResult } from '../../src/compliance/index.js'
import { LocalStorageDriver, MemoryStorage } from '../../src/drivers/local-storage/index.js'

// The local-storage driver in Node, over the spec-faithful MemoryStorage shim (the same suite
// runs in headless Chromium against window.localStorage: suites/browser). Every factory call
// shares one storage and namespace, as pages of one origin do; audits use unique object names.
// The seed is fixed for reproducible CI; set OBJECTQL_SEED to explore other generated cases.
const storage = new MemoryStorage()
let last: DriverConformanceResult | undefined

driverSuite({
  name: 'local-storage',
  test,
  factory: () => new LocalStorageDriver({ storage, namespace: 'oq-conformance' }),
  seed: Number(process.env['OBJECTQL_SEED'] ?? 20_260_101),
  backend: { kind: 'embedded', detail: 'MemoryStorage (Web Storage shim for Node)' },
  report: (result) => (last = result),
})

afterAll(() => {
  if (last === undefined) return
  const { grade, counts } = last
  console.info(
    `local-storage conformance (Node shim): ${grade}; ${counts.passed} passed, ` +
      `${counts.failed + counts.errored} failed, ${counts.skippedMust} MUST skipped, ` +
      `${counts.notApplicable} not applicable`,
  )
})
