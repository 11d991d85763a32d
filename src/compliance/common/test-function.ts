/**
 * The smallest shape of a runner's test context the suite uses. vitest's `TestContext.skip`
 * throws to stop the test; node:test's `t.skip` and tape's `t.skip` only mark it; both work.
 */
export interface TestContextLike {
  readonly skip?: (note?: string) => unknown
}

/** A test body as the suite registers it. */
export type TestBody = (context: TestContextLike) => Promise<void>

/**
 * A runner's `test`/`it` function, typed structurally so the suite imports no runner: vitest,
 * jest, node:test, mocha's `it` and tape all fit. The third argument is a timeout in ms that
 * vitest and jest honour and node:test ignores. `skip`, when present, registers a skipped test
 * so the reason shows in the runner's output.
 */
export interface TestFunction {
  (name: string, body: TestBody, timeout?: number): unknown
  readonly skip?: (name: string, body: () => void) => unknown
}
