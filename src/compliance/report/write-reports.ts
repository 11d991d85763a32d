import { basename, dirname, join } from 'node:path'
import type { DriverConformanceResult } from '../driver/conformance-result.js'
import { renderMatrixHtml } from './html-report.js'
import { renderJUnit } from './junit-report.js'
import { renderDriverMarkdown, renderResultsMatrixMarkdown } from './markdown-report.js'
import { readDriverResults, reportBaseName, writeReportFile } from './report-files.js'
import type { ProtocolConformanceResult } from '../protocol/protocol-result.js'
import { renderProtocolJUnit } from './protocol-junit-report.js'
import { renderProtocolMarkdown } from './protocol-markdown-report.js'
import { PROTOCOL_REPORT_FOLDER, readProtocolResults } from './protocol-report-files.js'

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
 * run earlier stay in the matrix with their date, followed by the protocol matrix over every
 * report in `dir/protocols` when there is one.
 *
 * @throws ObjectQLError `CONFIG_INVALID` when the directory cannot be written or read.
 */
export async function writeMatrixReports(dir: string): Promise<string[]> {
  const results = await readDriverResults(dir)
  const protocols = await readProtocolResults(dir)
  return [
    await writeReportFile(dir, 'index.md', renderResultsMatrixMarkdown(results, protocols)),
    await writeReportFile(dir, 'index.html', renderMatrixHtml(results, protocols)),
  ]
}

/**
 * Writes `<dir>/protocols/<server>.json` (the result as data) and `<server>.md`.
 *
 * @throws ObjectQLError `CONFIG_INVALID` when the directory cannot be written.
 */
export async function writeProtocolReport(
  dir: string,
  result: ProtocolConformanceResult,
): Promise<string[]> {
  const folder = join(dir, PROTOCOL_REPORT_FOLDER)
  const base = reportBaseName(result.server)
  return [
    await writeReportFile(folder, `${base}.json`, `${JSON.stringify(result, null, 2)}\n`),
    await writeReportFile(folder, `${base}.md`, renderProtocolMarkdown(result)),
  ]
}

/**
 * Writes JUnit XML for protocol results to `file`.
 *
 * @throws ObjectQLError `CONFIG_INVALID` when the file cannot be written.
 */
export async function writeProtocolJUnitReport(
  file: string,
  results: readonly ProtocolConformanceResult[],
): Promise<string> {
  return writeReportFile(dirname(file), basename(file), renderProtocolJUnit(results))
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
