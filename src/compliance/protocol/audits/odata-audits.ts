import type { ProtocolAudit } from '../protocol-audit.js'
import { ODATA_ETAG_BATCH_AUDITS } from './odata-etag-batch-audits.js'
import { ODATA_FILTER_AUDITS } from './odata-filter-audits.js'
import { ODATA_FILTER_STRICT_AUDITS } from './odata-filter-strict-audits.js'
import { ODATA_OPTION_AUDITS } from './odata-option-audits.js'
import { ODATA_QUERY_AUDITS } from './odata-query-audits.js'
import { ODATA_SERVICE_AUDITS } from './odata-service-audits.js'
import { ODATA_WRITE_AUDITS } from './odata-write-audits.js'

/**
 * The OData audits (`PRT-ODATA-…`, docs/SPEC.md), against OData v4.01 Part 1 (Protocol),
 * Part 2 (URL Conventions), the JSON Format and CSDL XML: service and metadata documents,
 * versioning, `$filter` semantics (null logic, precedence, literals, functions), the other system
 * query options, entity reads and writes, ETags and `$batch` atomicity. Levels follow the
 * standard's conformance clauses: what the Intermediate level requires is MUST, what it
 * recommends is SHOULD, and anything a service does not implement must be refused, not answered
 * wrongly (PRT-ODATA-017, -018, -026).
 */
export const ODATA_AUDITS: readonly ProtocolAudit[] = Object.freeze([
  ...ODATA_SERVICE_AUDITS,
  ...ODATA_FILTER_AUDITS,
  ...ODATA_FILTER_STRICT_AUDITS,
  ...ODATA_QUERY_AUDITS,
  ...ODATA_OPTION_AUDITS,
  ...ODATA_WRITE_AUDITS,
  ...ODATA_ETAG_BATCH_AUDITS,
])
