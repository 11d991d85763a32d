import { test } from 'vitest'
// A published driver imports this from 'objectql-toolkit/compliance'.
import { driverSuite } from '../../src/compliance/index.js'
import { createDriver } from './map-driver.js'

// The whole wiring a driver author needs: one test per audit, skips with reasons in the output.
driverSuite({
  name: 'map-driver',
  test,
  factory: createDriver,
  seed: 7,
})
