import { defineConfig } from 'vitest/config'

/**
 * One config for unit tests (next to the code in src/) and conformance suites (suites/).
 * Forks rather than threads: native addons (better-sqlite3) and servers started per file
 * are simpler to reason about in separate processes. Two workers match the 2-core CI machine.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'suites/**/*.test.ts', 'examples/**/*.test.ts'],
    // Provides PostgreSQL, MariaDB and Redis once per run and publishes their URLs to workers.
    globalSetup: ['suites/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
