import { formatTarget, formatValue } from '../bench-result.js'
import type { BenchRun, ScenarioResult } from '../bench-result.js'
import type { GateReport, ScenarioVerdict } from '../bench-gate.js'
import { verdictLabel } from './verdict-style.js'

/** Options of {@link renderMarkdownSummary}. */
export interface MarkdownSummaryOptions {
  /** Relative links to the charts, embedded under the heading. */
  readonly charts?: readonly { readonly title: string; readonly path: string }[]
}

const cellText = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

function change(verdict: ScenarioVerdict | undefined): string {
  if (verdict?.change === undefined) return ''
  const pct = (v: number): string => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`
  const interval = verdict.changeInterval
  return interval === undefined ? pct(verdict.change) : `${pct(verdict.change)} (${pct(interval[0])} to ${pct(interval[1])})`
}

function row(result: ScenarioResult, verdict: ScenarioVerdict | undefined): string {
  const name = `${cellText(result.title)}<br>\`${result.name}\``
  if (result.status === 'skipped') {
    return `| ${name} | – | – | – | – | ${result.target === undefined ? '' : formatTarget(result.target, result.unit)} | – | – | skipped: ${cellText(result.reason)} |`
  }
  const unit = result.unit
  const reference =
    result.reference === undefined ? '' : `${Number(result.reference.value.toPrecision(3))} ${result.reference.unit}`
  const cells = [
    name,
    `**${formatValue(result.value, unit)}**`,
    `${formatValue(result.range[0], unit)} – ${formatValue(result.range[1], unit)}`,
    result.processes.map((v) => formatValue(v, unit)).join(' '),
    cellText(reference),
    result.target === undefined ? '' : formatTarget(result.target, unit),
    verdict?.baselineValue === undefined ? '' : formatValue(verdict.baselineValue, unit),
    change(verdict),
    cellText(verdictLabel(result, verdict)),
  ]
  return `| ${cells.join(' | ')} |`
}

/**
 * The Markdown summary: header (versions, commit, gate outcome and warnings), the charts, one
 * table row per scenario, and the notes a reader needs to trust the numbers.
 */
export function renderMarkdownSummary(
  run: BenchRun,
  gate?: GateReport,
  options: MarkdownSummaryOptions = {},
): string {
  const verdicts = new Map((gate?.verdicts ?? []).map((v) => [v.name, v]))
  const lines: string[] = [
    '# objectql bench',
    '',
    `Node ${run.node} · toolkit ${run.toolkit} · commit \`${run.commit}\` · ${run.cpu} · ` +
      `${run.processes} fresh processes per scenario · ${run.timeMs} ms per task · ${run.date}`,
    '',
  ]
  if (gate !== undefined) {
    const failing = gate.verdicts.filter((v) => v.fails)
    lines.push(
      gate.passed
        ? `**Gate: passed** against baseline \`${gate.key}\`${gate.gated ? '' : ' (regressions not checked)'}.`
        : `**Gate: FAILED** (${failing.length} failing: ${failing.map((v) => `\`${v.name}\``).join(', ')}).`,
      '',
    )
    for (const warning of gate.warnings) lines.push(`> ⚠ ${warning}`, '')
    for (const verdict of failing) lines.push(`- \`${verdict.name}\`: ${cellText(verdict.note)}`)
    if (failing.length > 0) lines.push('')
  }
  for (const chart of options.charts ?? []) lines.push(`![${chart.title}](${chart.path})`, '')
  lines.push(
    '| Scenario | Figure | 95% CI | Per process | Reference p50 | Target | Baseline | Change (95% CI) | Verdict |',
    '|---|---|---|---|---|---|---|---|---|',
    ...run.results.map((result) => row(result, verdicts.get(result.name))),
    '',
    'How to read it: every figure is a ratio `task p50 / reference p50` measured in the same ' +
      'process (MiB for memory), so lower is better and machine speed cancels out. The figure is ' +
      'the median over fresh processes; the interval is a 95% bootstrap interval of that median. ' +
      'The reference p50 is an absolute time, for information only: it is never gated. A ' +
      'scenario regresses when its median worsens past the threshold (15% in-process, 25% ' +
      'across a socket or a database) with the interval of the change beyond half of it, and a ' +
      're-run in fresh processes confirms it. Targets fail whenever they are missed.',
    '',
  )
  const described = run.results.map((r) => `- \`${r.name}\`: ${cellText(r.description)}`)
  lines.push('<details><summary>What each scenario measures</summary>', '', ...described, '', '</details>', '')
  return lines.join('\n')
}
