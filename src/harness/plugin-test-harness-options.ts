import type { ProtocolLimits } from '../protocols/common/protocol-limits.js'
import type { FakeClock } from './fake-clock.js'
import type { HarnessLogEntry } from './harness-logger.js'

/** Options of `PluginTestHarness`. */
export interface PluginTestHarnessOptions {
  /** Seed of the faker fixtures (`harness.seed(...)`); default 1. */
  readonly seed?: number
  /** The kernel's clock; default a {@link FakeClock} at 2024-01-01T00:00:00Z that stands still. */
  readonly clock?: FakeClock
  /** `sequential` (default): replayable UUID-shaped ids; `random`: the kernel's randomUUID. */
  readonly ids?: 'sequential' | 'random'
  /** Probability that seeded records fill an optional field (default 1). */
  readonly optionalRate?: number
  /** Per-plugin, per-phase timeout in ms (default: the kernel's 10 s). */
  readonly pluginTimeoutMs?: number
  /**
   * Registers the harness's `stop()` with the test runner when the harness is created, so
   * cleanup is automatic: vitest `onTestFinished` (harness created in a test) or `afterAll`
   * (created in a describe block); node:test `(stop) => t.after(stop)` or `after`.
   */
  readonly cleanup?: (stop: () => Promise<void>) => unknown
  /** Request limits of the protocols mounted with `withProtocol` (default: the host's). */
  readonly protocolLimits?: Partial<ProtocolLimits>
  /** Echo plugin log lines at or above this level to the console (default `error`). */
  readonly echoLogLevel?: HarnessLogEntry['level'] | 'none'
}
