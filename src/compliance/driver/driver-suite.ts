import { fail as assertFail } from 'node:assert/strict'
import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { AuditResult } from '../common/audit-result.js'
import type { BackendInfo } from '../common/backend-info.js'
import type { TestFunction } from '../common/test-function.js'
import { DRIVER_AUDITS } from './audit-catalog.js'
import { resolveOptions } from './conformance-options.js'
import type { SkipList } from './conformance-options.js'
import { assertDriverShape, createCheckedDriver } from './driver-factory.js'
import { ObjectQLError } from '../../kernel/errors.js'
import type { DriverAudit } from './driver-audit.js'
import type { DriverFactory } from './driver-factory.js'
import { formatFailure } from './format-failure.js'
import { gateAudit, runAudit } from './run-audit.js'
import { buildResult } from './build-result.js'
import type { DriverConformanceResult } from './conformance-result.js'
import { writeDriverReport } from '../report/write-reports.js'

/** Options of {@link driverSuite}. */
export interface DriverSuiteOptions {
  /** Name in test titles and reports. */
  readonly name: string
  /** The runner's `test` or `it` (vitest, jest, node:test, mocha, tape). */
  readonly test: TestFunction
  /** Makes a fresh, unconnected driver; called once per audit. */
  readonly factory: DriverFactory
  /** Audits to skip, by id, with the reason shown in the runner's output. */
  readonly skip?: SkipList
  /**
   * A directory to write `drivers/<name>.json` and `.md` into (rewritten after every audit, so
   * the last write is complete), or a callback receiving the result so far after every audit.
   */
  readonly report?: string | ((result: DriverConformanceResult) => void)
  readonly seed?: number
  readonly runs?: number
  readonly only?: readonly string[]
  readonly backend?: BackendInfo
  /** Per-test timeout passed to the runner (ms; vitest and jest honour it). Default 120 000. */
  readonly timeout?: number
}

/**
 * Registers one test per audit with the given `test` function; imports no runner.
 *
 * @example
 * import { test } from 'vitest'
 * driverSuite({ name: 'my-driver', test, factory: () => new MyDriver() })
 * @throws ObjectQLError `CONFIG_INVALID` at registration for bad options or a sync factory that
 *   throws or returns a non-driver.
 */
export function driverSuite(options: DriverSuiteOptions): void {
  const resolved = resolveOptions(options, DRIVER_AUDITS)
  const probe = probeCapabilities(options.factory)
  const known = probe instanceof Promise ? undefined : probe
  const results: AuditResult[] = []
  const startedAt = new Date()
  for (const audit of resolved.audits) {
    const title = `${audit.id} ${audit.level} ${audit.title}`
    const gated =
      known === undefined
        ? undefined
        : gateAudit(audit, { capabilities: known, skip: resolved.skip })
    if (gated?.status === 'skip' && options.test.skip !== undefined) {
      options.test.skip(`${title} (skipped: ${gated.reason})`, () => {})
      results.push({ ...gated, ...identity(audit), durationMs: 0 })
      continue
    }
    options.test(
      title,
      async (context) => {
        const capabilities = await probe
        const result = await runAudit(audit, {
          factory: options.factory,
          capabilities,
          seed: resolved.seed,
          runs: resolved.runs,
          replayPath: resolved.replayPath,
          skip: resolved.skip,
        })
        results.push(result)
        if (options.report !== undefined) {
          const snapshot = buildResult({
            name: options.name,
            backend: options.backend,
            capabilities,
            seed: resolved.seed,
            runs: resolved.runs,
            results,
            startedAt,
          })
          if (typeof options.report === 'function') options.report(snapshot)
          else await writeDriverReport(options.report, snapshot)
        }
        if (result.status === 'skip') {
          context.skip?.(result.reason)
          return
        }
        if (result.status === 'fail' || result.status === 'error') {
          assertFail(`${options.name}: ${formatFailure(result)}\n  run seed ${resolved.seed}`)
        }
      },
      options.timeout ?? 120_000,
    )
  }
}

function identity(audit: DriverAudit) {
  return { id: audit.id, level: audit.level, group: audit.group, title: audit.title }
}

/**
 * The capabilities of the factory's driver (never connected). A synchronous factory is probed
 * now, so skips show at registration; an asynchronous one yields a promise the tests await
 * (a rejection then fails every test with the coded error instead of crashing registration).
 *
 * @throws ObjectQLError `CONFIG_INVALID` when a synchronous factory throws or returns a non-driver.
 */
function probeCapabilities(
  factory: DriverFactory,
): DriverCapabilities | Promise<DriverCapabilities> {
  if (typeof factory !== 'function') {
    throw new ObjectQLError('CONFIG_INVALID', 'factory must be a function returning a driver')
  }
  let made: ReturnType<DriverFactory>
  try {
    made = factory()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new ObjectQLError('CONFIG_INVALID', `driver factory threw: ${message}`, { cause: error })
  }
  if (!(made instanceof Promise)) return assertDriverShape(made, 'driver factory').capabilities
  const pending = createCheckedDriver(() => made).then((driver) => driver.capabilities)
  // Observed here so Node reports no unhandled rejection; every test still awaits `pending`
  // and fails with the coded error.
  pending.catch(() => undefined)
  return pending
}
