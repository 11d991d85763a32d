import type { ProtocolConformanceResult } from '../protocol/protocol-result.js'
import { readReportFolder } from './report-files.js'

/** The folder of protocol reports under a report directory. */
export const PROTOCOL_REPORT_FOLDER = 'protocols'

/**
 * Reads every `protocols/*.json` report in `dir`, so the matrix covers servers audited earlier
 * too. Files that are not protocol results are ignored on purpose (the folder is shared).
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming a report that is not readable JSON.
 */
export async function readProtocolResults(dir: string): Promise<ProtocolConformanceResult[]> {
  return readReportFolder(dir, PROTOCOL_REPORT_FOLDER, isProtocolResult)
}

function isProtocolResult(value: unknown): value is ProtocolConformanceResult {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return (
    record['schemaVersion'] === 1 &&
    record['kind'] === 'protocol' &&
    typeof record['server'] === 'string' &&
    Array.isArray(record['audits'])
  )
}
