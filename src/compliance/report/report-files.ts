import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ObjectQLError } from '../../kernel/errors.js'
import type { DriverConformanceResult } from '../driver/conformance-result.js'

/** A file-system-safe base name for a driver (`sql:postgres` -> `sql-postgres`). */
export function reportBaseName(driver: string): string {
  return driver.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'driver'
}

/**
 * Writes a file, creating its directory; any failure becomes one coded line.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming the path when it cannot be written.
 */
export async function writeReportFile(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name)
  try {
    await mkdir(dir, { recursive: true })
    await writeFile(path, text, 'utf8')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `cannot write report ${path}: ${typeof code === 'string' ? code : String(error)}`,
      { cause: error },
    )
  }
  return path
}

/**
 * Reads every `*.json` report in `dir/folder` that `accept` recognizes, in file-name order.
 * Other JSON files are ignored on purpose (report folders are shared); a missing folder means
 * nothing was reported there yet.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming a report that is not readable JSON.
 */
export async function readReportFolder<T>(
  dir: string,
  folder: string,
  accept: (value: unknown) => value is T,
): Promise<T[]> {
  const path = join(dir, folder)
  let names: string[]
  try {
    names = (await readdir(path)).filter((name) => name.endsWith('.json')).sort()
  } catch {
    return []
  }
  const results: T[] = []
  for (const name of names) {
    const file = join(path, name)
    let parsed: unknown
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'))
    } catch (error) {
      throw new ObjectQLError('CONFIG_INVALID', `report ${file} is not readable JSON`, {
        cause: error,
      })
    }
    if (accept(parsed)) results.push(parsed)
  }
  return results
}

/**
 * Reads every `drivers/*.json` report in `dir`, so the matrix covers drivers run earlier too.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming a report that is not readable JSON.
 */
export async function readDriverResults(dir: string): Promise<DriverConformanceResult[]> {
  return readReportFolder(dir, 'drivers', isResult)
}

function isResult(value: unknown): value is DriverConformanceResult {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return (
    record['schemaVersion'] === 1 &&
    typeof record['driver'] === 'string' &&
    Array.isArray(record['audits'])
  )
}
