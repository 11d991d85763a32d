import { ObjectQLError } from '../../kernel/errors.js'
import type { ServiceKind, ServiceName } from './service-types.js'

/** The environment variable that carries {@link ServiceReportEntry} JSON to test workers. */
export const SERVICE_REPORT_VARIABLE = 'OBJECTQL_SERVICE_REPORT'

/** What a report records about one provided service. */
export interface ServiceReportEntry {
  readonly service: ServiceName
  readonly kind: ServiceKind
  readonly url?: string
  readonly reason?: string
  readonly startMs: number
}

/**
 * Reads the report a `globalSetup` published (see `ServiceRegistry.publish`), so a worker
 * can say which kind of service it runs against; empty when nothing was published.
 */
export function readServiceReport(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServiceReportEntry[] {
  const raw = env[SERVICE_REPORT_VARIABLE]
  if (raw === undefined || raw === '') return []
  try {
    const parsed: unknown = JSON.parse(raw)
    if (!Array.isArray(parsed)) throw new TypeError('not an array')
    return parsed as ServiceReportEntry[]
  } catch (error) {
    throw new ObjectQLError('CONFIG_INVALID', `${SERVICE_REPORT_VARIABLE} is not a JSON report`, {
      cause: error,
    })
  }
}
