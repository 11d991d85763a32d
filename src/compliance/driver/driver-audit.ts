import type { Audit } from '../common/audit.js'
import type { DriverAuditContext } from './audit-context.js'

/** An audit of the driver contract (docs/SPEC.md `DRV-...` rules). */
export type DriverAudit = Audit<DriverAuditContext>

/** Identity helper that keeps literal audit definitions type-checked. */
export function defineAudits(audits: readonly DriverAudit[]): readonly DriverAudit[] {
  return Object.freeze([...audits])
}
