import { test } from 'vitest'
import { driverSuite } from '../../src/compliance/index.js'
import { MemoryDriver } from '../../src/drivers/memory/index.js'

// The reference driver through the same front door a third-party author uses. The seed is
// fixed for reproducible CI; set OBJECTQL_SEED to explore other generated cases.
driverSuite({
  name: 'memory',
  test,
  factory: () => new MemoryDriver(),
  seed: Number(process.env['OBJECTQL_SEED'] ?? 20_260_101),
})
