import { AUDIT_GROUPS } from '../common/audit-groups.js'
import { AGGREGATE_AUDITS } from './audits/aggregate-audits.js'
import { ARRAY_AUDITS } from './audits/array-audits.js'
import { BULK_AUDITS } from './audits/bulk-audits.js'
import { COPY_AUDITS } from './audits/copy-audits.js'
import { ERROR_AUDITS } from './audits/error-audits.js'
import { FILTER_AUDITS } from './audits/filter-audits.js'
import { ID_AUDITS } from './audits/id-audits.js'
import { LIFECYCLE_AUDITS } from './audits/lifecycle-audits.js'
import { NULL_AUDITS } from './audits/null-audits.js'
import { ORDER_AUDITS } from './audits/order-audits.js'
import { PAGE_AUDITS } from './audits/page-audits.js'
import { PROJECTION_AUDITS } from './audits/projection-audits.js'
import { STRING_AUDITS } from './audits/string-audits.js'
import { TRANSACTION_AUDITS } from './audits/transaction-audits.js'
import { TYPE_AUDITS } from './audits/type-audits.js'
import { WRITE_AUDITS } from './audits/write-audits.js'
import type { DriverAudit } from './driver-audit.js'
import { MODEL_RUN_AUDITS } from './model-run/model-run-audits.js'
import { PROPERTY_AUDITS } from './properties/property-audits.js'

const ALL: readonly DriverAudit[] = [
  ...WRITE_AUDITS,
  ...ID_AUDITS,
  ...FILTER_AUDITS,
  ...NULL_AUDITS,
  ...STRING_AUDITS,
  ...ARRAY_AUDITS,
  ...ORDER_AUDITS,
  ...PAGE_AUDITS,
  ...PROJECTION_AUDITS,
  ...AGGREGATE_AUDITS,
  ...TYPE_AUDITS,
  ...BULK_AUDITS,
  ...COPY_AUDITS,
  ...ERROR_AUDITS,
  ...LIFECYCLE_AUDITS,
  ...TRANSACTION_AUDITS,
  ...PROPERTY_AUDITS,
  ...MODEL_RUN_AUDITS,
]

/**
 * Every driver audit, sorted by group (the run and report order) and then by id. The id list is
 * frozen by a snapshot test; adding an audit means adding its rule to docs/SPEC.md first.
 */
export const DRIVER_AUDITS: readonly DriverAudit[] = Object.freeze(
  [...ALL].sort(
    (a, b) =>
      AUDIT_GROUPS.indexOf(a.group) - AUDIT_GROUPS.indexOf(b.group) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  ),
)

/** The audit with this id, or undefined. */
export function findDriverAudit(id: string): DriverAudit | undefined {
  return DRIVER_AUDITS.find((audit) => audit.id === id)
}
