import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import { fail, skip } from '../common/audit-result.js'
import type { AuditOutcome, AuditResult } from '../common/audit-result.js'
import { openAuditContext } from './audit-context.js'
import { describeError, settleWithin } from './checks.js'
import type { SkipList } from './conformance-options.js'
import type { DriverAudit } from './driver-audit.js'
import type { DriverFactory } from './driver-factory.js'

/** Everything one audit run needs besides the audit. */
export interface AuditRunSettings {
  readonly factory: DriverFactory
  readonly capabilities: DriverCapabilities
  readonly seed: number
  readonly runs: number
  readonly replayPath: string | undefined
  readonly skip: SkipList
}

/** Default upper bound of one audit; property audits on slow backends set their own. */
export const DEFAULT_AUDIT_TIMEOUT_MS = 60_000

/** Why `audit` will not run, or undefined when it will. */
export function gateAudit(
  audit: DriverAudit,
  settings: Pick<AuditRunSettings, 'capabilities' | 'skip'>,
): AuditOutcome | undefined {
  const reason = settings.skip[audit.id]
  if (reason !== undefined) return skip('user', reason)
  if (audit.onlyWith !== undefined && settings.capabilities[audit.onlyWith] !== true) {
    return skip('not-applicable', `not applicable: capability ${audit.onlyWith} not declared`)
  }
  if (audit.requires !== undefined && settings.capabilities[audit.requires] !== true) {
    return skip('capability', `capability ${audit.requires} not declared`)
  }
  return undefined
}

/**
 * Runs one audit on a fresh driver from the factory: gate, connect, run with a time limit,
 * disconnect. Never throws: every problem becomes the result's outcome.
 */
export async function runAudit(
  audit: DriverAudit,
  settings: AuditRunSettings,
): Promise<AuditResult> {
  const started = performance.now()
  const outcome = gateAudit(audit, settings) ?? (await execute(audit, settings))
  return {
    ...outcome,
    id: audit.id,
    level: audit.level,
    group: audit.group,
    title: audit.title,
    durationMs: Math.round(performance.now() - started),
  }
}

async function execute(audit: DriverAudit, settings: AuditRunSettings): Promise<AuditOutcome> {
  const limit = audit.timeoutMs ?? DEFAULT_AUDIT_TIMEOUT_MS
  const opened = await settleWithin(
    () =>
      openAuditContext({
        factory: settings.factory,
        seed: settings.seed,
        runs: settings.runs,
        ...(settings.replayPath === undefined ? {} : { replayPath: settings.replayPath }),
      }),
    limit,
  )
  if (opened.ok === 'timeout') return { status: 'error', message: `connect() hung for ${limit} ms` }
  if (!opened.ok) {
    return { status: 'error', message: `could not open a driver: ${describeError(opened.error)}` }
  }
  const { context } = opened.value
  const ran = await settleWithin(() => audit.run(context), limit)
  const outcome: AuditOutcome =
    ran.ok === 'timeout'
      ? { status: 'error', message: `audit did not finish within ${limit} ms` }
      : ran.ok
        ? ran.value
        : fail(`unexpected error: ${describeError(ran.error)}`)
  const closed = await settleWithin(() => opened.value.close(), 10_000)
  if (outcome.status !== 'pass') return outcome
  if (closed.ok === 'timeout')
    return { status: 'error', message: 'disconnect() hung after the audit' }
  if (!closed.ok) {
    return {
      status: 'error',
      message: `disconnect() failed after the audit: ${describeError(closed.error)}`,
    }
  }
  return outcome
}
