/**
 * `objectql-toolkit/compliance`: the driver conformance suite. Two front doors over one engine:
 * {@link runDriverConformance} returns results as data; {@link driverSuite} registers one test
 * per audit with the runner's own `test` function.
 */
export { runDriverConformance } from './driver/run-driver-conformance.js'
