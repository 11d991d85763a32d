import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { appendRun, readHistoryFile, writeHistoryFile } from '../bench-history.js'
import type { BenchRun } from '../bench-result.js'
import type { GateReport } from '../bench-gate.js'
import type { ScenarioInfo } from '../scenario.js'
import { renderMarkdownSummary } from './markdown-summary.js'
import { renderRatioChart } from './svg-chart.js'
import { renderTrendChart } from './svg-trend-chart.js'

/** File names inside the report directory. */
export const REPORT_FILES = Object.freeze({
  summary: 'summary.md',
  ratios: 'ratios.svg',
  trend: 'trend.svg',
  history: 'history.json',
})

/** Options of {@link writeBenchReports}. */
export interface WriteBenchReportsOptions {
  /** Append this run to history.json (default true); the trend chart reads the history. */
  readonly recordHistory?: boolean
  /** Every known scenario, so the trend also shows scenarios this run filtered out. */
  readonly scenarios?: readonly ScenarioInfo[]
}

/**
 * Writes summary.md, ratios.svg, trend.svg and (appending the run) history.json into `dir`.
 * Resolves the paths written.
 */
export async function writeBenchReports(
  dir: string,
  run: BenchRun,
  gate: GateReport | undefined,
  options: WriteBenchReportsOptions = {},
): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const historyPath = join(dir, REPORT_FILES.history)
  let history = await readHistoryFile(historyPath)
  const written: string[] = []
  if (options.recordHistory !== false) {
    history = appendRun(history, run)
    await writeHistoryFile(historyPath, history)
    written.push(historyPath)
  }
  const known = new Map<string, ScenarioInfo>()
  for (const info of [...(options.scenarios ?? []), ...run.results]) known.set(info.name, info)
  const files: [string, string][] = [
    [REPORT_FILES.ratios, renderRatioChart(run, gate)],
    [REPORT_FILES.trend, renderTrendChart(history, [...known.values()])],
    [
      REPORT_FILES.summary,
      renderMarkdownSummary(run, gate, {
        charts: [
          { title: 'Ratio per scenario with 95% intervals', path: REPORT_FILES.ratios },
          { title: 'Trend across stored runs', path: REPORT_FILES.trend },
        ],
      }),
    ],
  ]
  for (const [name, content] of files) {
    const path = join(dir, name)
    await writeFile(path, content)
    written.push(path)
  }
  return written
}
