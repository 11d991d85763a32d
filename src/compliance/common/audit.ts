import type { DriverCapabilities } from '../../kernel/driver/driver-capabilities.js'
import type { AuditGroup } from './audit-groups.js'
import type { AuditOutcome } from './audit-result.js'

/** RFC 2119 level of the rule an audit checks; only MUST failures make a driver fail. */
export type AuditLevel = 'MUST' | 'SHOULD' | 'MAY'

/** A boolean capability of the driver manifest (`isolationLevels` is a list, not a switch). */
export type CapabilityName = {
  [K in keyof DriverCapabilities]: DriverCapabilities[K] extends boolean ? K : never
}[keyof DriverCapabilities]

/**
 * One conformance check, named by the docs/SPEC.md rule it proves. Audits are data so any
 * runner can wrap them (the engine, `driverSuite`, a custom loop).
 *
 * @typeParam Context - what `run` receives; the driver suite passes a `DriverAuditContext`.
 */
export interface Audit<Context> {
  /** The SPEC.md rule id, e.g. `DRV-NULL-002`; stable, never reused for another meaning. */
  readonly id: string
  /** Copied from SPEC.md (a test keeps them in sync). */
  readonly level: AuditLevel
  readonly group: AuditGroup
  /** One line saying what is checked, e.g. `$ne matches null and missing`. */
  readonly title: string
  /**
   * The audit needs this capability. Without it the audit is skipped with a reason, and a
   * skipped MUST keeps the driver from being graded conformant.
   */
  readonly requires?: CapabilityName
  /**
   * The rule itself only applies with this capability (SPEC.md says "with the X capability").
   * Without it the audit is reported as not applicable and does not affect the grade.
   */
  readonly onlyWith?: CapabilityName
  /** Upper bound in milliseconds; a slower audit is reported as an error (never a hang). */
  readonly timeoutMs?: number
  run(context: Context): Promise<AuditOutcome>
}
