import { fail, skip } from '../common/audit-result.js'
import type { AuditOutcome } from '../common/audit-result.js'
import { describeError, settleWithin } from '../driver/checks.js'
import type { SkipList } from '../driver/conformance-options.js'
import type { ProtocolAudit } from './protocol-audit.js'
import type { ProtocolName, ProtocolPaths } from './protocol-audit-context.js'
import { AuditFailure } from './protocol-checks.js'
import type { ProtocolAuditResult } from './protocol-result.js'
import type { ProtocolTransport } from './protocol-transport.js'

/** Everything one protocol audit run needs besides the audit. */
export interface ProtocolAuditSettings {
  readonly transport: ProtocolTransport
  readonly paths: ProtocolPaths
  readonly protocols: readonly ProtocolName[]
  readonly seed: number
  readonly numRuns: number
  readonly skip: SkipList
  /** Makes each audit's run id unique to this run, so leftovers of older runs never match. */
  readonly runTag: string
}

/** Default upper bound of one protocol audit; slow servers get an error, never a hang. */
export const DEFAULT_PROTOCOL_AUDIT_TIMEOUT_MS = 30_000

/** Why `audit` will not run, or undefined when it will. */
export function gateProtocolAudit(
  audit: ProtocolAudit,
  settings: Pick<ProtocolAuditSettings, 'protocols' | 'skip'>,
): AuditOutcome | undefined {
  const reason = settings.skip[audit.id]
  if (reason !== undefined) return skip('user', reason)
  const missing = audit.needs.filter((name) => !settings.protocols.includes(name))
  if (missing.length > 0) {
    // Not audited on purpose (`--protocol rest`): not applicable, so it neither passes nor
    // counts against the grade of the protocols that were audited.
    return skip('not-applicable', `protocol ${missing.join(', ')} not audited in this run`)
  }
  return undefined
}

/** The result identity of `audit`, for results built outside {@link runProtocolAudit}. */
export function protocolIdentity(audit: ProtocolAudit) {
  return {
    id: audit.id,
    level: audit.level,
    group: audit.group,
    title: audit.title,
    cites: audit.cites,
  }
}

/** A fresh run tag: base36 time plus randomness, short enough for readable run ids. */
export function newRunTag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`
}

/**
 * Runs one audit with a time limit. Never throws: an {@link AuditFailure} is a `fail` with its
 * minimal case, any other throw (a transport error, a bug in the audit) an `error`.
 */
export async function runProtocolAudit(
  audit: ProtocolAudit,
  settings: ProtocolAuditSettings,
): Promise<ProtocolAuditResult> {
  const started = performance.now()
  const outcome = gateProtocolAudit(audit, settings) ?? (await execute(audit, settings))
  return {
    ...outcome,
    ...protocolIdentity(audit),
    durationMs: Math.round(performance.now() - started),
  }
}

async function execute(
  audit: ProtocolAudit,
  settings: ProtocolAuditSettings,
): Promise<AuditOutcome> {
  const limit = audit.timeoutMs ?? DEFAULT_PROTOCOL_AUDIT_TIMEOUT_MS
  const context = {
    transport: settings.transport,
    paths: settings.paths,
    runId: `prt-${settings.seed}-${settings.runTag}-${audit.id}`,
    seed: settings.seed,
    numRuns: settings.numRuns,
  }
  const ran = await settleWithin(() => audit.run(context), limit)
  if (ran.ok === 'timeout')
    return { status: 'error', message: `audit did not finish within ${limit} ms` }
  if (ran.ok) return ran.value
  if (isAuditFailure(ran.error)) {
    return fail(ran.error.message, { minimalCase: ran.error.minimalCase })
  }
  return { status: 'error', message: `audit could not complete: ${describeError(ran.error)}` }
}

/** True for an {@link AuditFailure}, also one from another copy of the package. */
function isAuditFailure(error: unknown): error is AuditFailure {
  return error instanceof AuditFailure || (error instanceof Error && error.name === 'AuditFailure')
}
