import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ObjectQLError } from '../../kernel/errors.js'
import type { ProtocolConformanceResult } from '../protocol/protocol-result.js'

/** The folder of protocol reports under a report directory. */
export const PROTOCOL_REPORT_FOLDER = 'protocols'

/**
 * Reads every `protocols/*.json` report in `dir`, so the matrix covers servers audited earlier
 * too. Files that are not protocol results are ignored on purpose (the folder is shared).
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming a report that is not readable JSON.
 */
export async function readProtocolResults(dir: string): Promise<ProtocolConformanceResult[]> {
  const folder = join(dir, PROTOCOL_REPORT_FOLDER)
  let names: string[]
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort()
  } catch {
    // No folder yet: no server has been audited into this directory.
    return []
  }
  const results: ProtocolConformanceResult[] = []
  for (const name of names) {
    const path = join(folder, name)
    let parsed: unknown
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'))
    } catch (error) {
      throw new ObjectQLError('CONFIG_INVALID', `report ${path} is not readable JSON`, {
        cause: error,
      })
    }
    if (isProtocolResult(parsed)) results.push(parsed)
  }
  return results
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
