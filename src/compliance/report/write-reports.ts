import { basename, dirname, join } from 'node:path'
import type { DriverConformanceResult } from '../driver/conformance-result.js'
import { renderMatrixHtml } from './html-report.js'
import { renderJUnit } from './junit-report.js'
import { renderDriverMarkdown, renderResultsMatrixMarkdown } from './markdown-report.js'
import { readDriverResults, reportBaseName, writeReportFile } from './report-files.js'

/**
 * Writes `<dir>/drivers/<name>.json` (the result as data) and `<name>.md`.
 *
 * @throws ObjectQLError `CONFIG_INVALID` when the directory cannot be written.
 */
export async function writeDriverReport(
  dir: string,
  result: DriverConformanceResult,
): Promise<string[]> {
  const folder = join(dir, 'drivers')
  const base = reportBaseName(result.driver)
  return [
    await writeReportFile(folder, `${base}.json`, `${JSON.stringify(result, null, 2)}\n`),
    await writeReportFile(folder, `${base}.md`, renderDriverMarkdown(result)),
  ]
}

/**
 * Writes the matrix (`index.md` and `index.html`) over every driver report in `dir`, so drivers
 * run earlier stay in the matrix with their date.
 *
 * @throws ObjectQLError `CONFIG_INVALID` when the directory cannot be written or read.
 */
export async function writeMatrixReports(dir: string): Promise<string[]> {
  const results = await readDriverResults(dir)
  return [
    await writeReportFile(dir, 'index.md', renderResultsMatrixMarkdown(results)),
    await writeReportFile(dir, 'index.html', renderMatrixHtml(results)),
  ]
}

/**
 * Writes JUnit XML for these results to `file`.
 *
 * @throws ObjectQLError `CONFIG_INVALID` when the file cannot be written.
 */
export async function writeJUnitReport(
  file: string,
  results: readonly DriverConformanceResult[],
): Promise<string> {
  return writeReportFile(dirname(file), basename(file), renderJUnit(results))
}
