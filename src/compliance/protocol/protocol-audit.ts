import type { AuditOutcome } from '../common/audit-result.js'
import type { AuditLevel } from '../common/audit.js'
import type { ProtocolAuditContext, ProtocolName } from './protocol-audit-context.js'

/** Where an audit belongs in reports: one protocol, or `cross` for equivalence audits. */
export type ProtocolAuditGroup = ProtocolName | 'cross'

/**
 * One protocol conformance check, named by its docs/SPEC.md rule (`PRT-REST-001`,
 * `PRT-RPC-003`, `PRT-GQL-002`, `PRT-ODATA-010`, `PRT-X-001`). Like driver audits, audits are
 * data: the runner, `protocolSuite` or any loop can run them.
 */
export interface ProtocolAudit {
  /** The SPEC.md rule id; stable, never reused for another meaning. */
  readonly id: string
  /** Copied from SPEC.md (a test keeps them in sync). */
  readonly level: AuditLevel
  readonly group: ProtocolAuditGroup
  /** One line saying what is checked. */
  readonly title: string
  /**
   * The standard the rule comes from, with its section: `RFC 9110 §15.5.5`,
   * `JSON-RPC 2.0 §5.1`, `GraphQL over HTTP §7.1`, `OData v4.01 Part 1 §11.4.2`, or
   * `ObjectQL` for our own rules (cross-protocol equivalence).
   */
  readonly cites: string
  /** Every protocol the audit talks to; the audit is skipped when one is not under audit. */
  readonly needs: readonly ProtocolName[]
  /** Upper bound in milliseconds; a slower audit is reported as an error (never a hang). */
  readonly timeoutMs?: number
  /**
   * Runs the check. Returns an outcome, or throws {@link AuditFailure} (a `fail` outcome);
   * any other throw is reported as an `error` outcome.
   */
  run(context: ProtocolAuditContext): Promise<AuditOutcome>
}
