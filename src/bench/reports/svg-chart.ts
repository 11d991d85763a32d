import { formatTarget, formatValue } from '../bench-result.js'
import type { BenchRun, MeasuredResult, ScenarioResult } from '../bench-result.js'
import type { GateReport, ScenarioVerdict } from '../bench-gate.js'
import { verdictColor, verdictLabel } from './verdict-style.js'
import {
  circle,
  line,
  linearScale,
  logScale,
  ratioLabel,
  rect,
  svgDocument,
  text,
  tooltip,
  truncate,
} from './svg-primitives.js'
import type { Scale } from './svg-primitives.js'

const WIDTH = 1120
const LABEL_X = 16
const PLOT_LEFT = 400
const PLOT_RIGHT = 800
const VALUE_X = 816
const ROW = 30
const GROUP_ROW = 28
const GREY = '#57606a'
const LIGHT = '#d0d7de'
const TARGET = '#cf222e'

interface Panel {
  readonly title: string
  readonly results: readonly ScenarioResult[]
  readonly scale: (results: readonly MeasuredResult[]) => Scale
  readonly label: (value: number) => string
}

function extent(results: readonly MeasuredResult[], baseline: (name: string) => number | undefined): number[] {
  return results.flatMap((r) => [
    ...r.processes,
    r.range[0],
    r.range[1],
    ...(r.target?.max === undefined ? [] : [r.target.max]),
    ...(r.target?.min === undefined ? [] : [r.target.min]),
    ...(baseline(r.name) === undefined ? [] : [baseline(r.name) ?? 1]),
  ])
}

function axis(scale: Scale, top: number, bottom: number, label: (v: number) => string): string[] {
  const parts: string[] = []
  const isPower = (tick: number): boolean =>
    tick > 0 && Math.abs(Math.log10(tick) - Math.round(Math.log10(tick))) < 1e-9
  // Over many decades 1-2-5 labels collide; label only the powers of ten there.
  const crowded = scale.ticks.length > 9
  for (const tick of scale.ticks) {
    const x = scale(tick)
    const major = isPower(tick)
    parts.push(line(x, top, x, bottom, { stroke: major ? LIGHT : '#eaeef2', 'stroke-width': 1 }))
    if (crowded && !major) continue
    for (const y of [top - 6, bottom + 14]) {
      parts.push(text(x, y, label(tick), { 'text-anchor': 'middle', 'font-size': 11, fill: GREY }))
    }
  }
  return parts
}

function resultRow(
  result: ScenarioResult,
  verdict: ScenarioVerdict | undefined,
  y: number,
  scale: Scale,
): string[] {
  const mid = y + ROW / 2
  const parts: string[] = []
  const color = verdictColor(result, verdict)
  parts.push(
    text(LABEL_X + 12, mid + 4, truncate(result.title, 52), {
      fill: result.status === 'skipped' ? GREY : '#24292f',
    }),
  )
  if (result.status === 'skipped') {
    parts.push(
      text(PLOT_LEFT + 4, mid + 4, truncate(`skipped: ${result.reason}`, 95), {
        fill: GREY,
        'font-style': 'italic',
        'font-size': 12,
      }),
    )
    return parts
  }
  const target = result.target
  if (target?.max !== undefined) {
    const x = scale(target.max)
    parts.push(rect(x, y + 3, PLOT_RIGHT - x, ROW - 6, { fill: TARGET, 'fill-opacity': 0.08 }))
    parts.push(line(x, y + 2, x, y + ROW - 2, { stroke: TARGET, 'stroke-width': 2 }))
  }
  if (target?.min !== undefined) {
    const x = scale(target.min)
    parts.push(rect(PLOT_LEFT, y + 3, x - PLOT_LEFT, ROW - 6, { fill: TARGET, 'fill-opacity': 0.08 }))
    parts.push(line(x, y + 2, x, y + ROW - 2, { stroke: TARGET, 'stroke-width': 2 }))
  }
  const [low, high] = result.range
  parts.push(line(scale(low), mid, scale(high), mid, { stroke: color, 'stroke-width': 2 }))
  for (const end of [low, high]) {
    parts.push(line(scale(end), mid - 5, scale(end), mid + 5, { stroke: color, 'stroke-width': 2 }))
  }
  for (const value of result.processes) {
    parts.push(circle(scale(value), mid - 8, 2.2, { fill: color, 'fill-opacity': 0.45 }))
  }
  if (verdict?.baselineValue !== undefined) {
    const x = scale(verdict.baselineValue)
    parts.push(
      `<path d="M${x.toFixed(1)} ${(mid - 6).toFixed(1)} l6 6 l-6 6 l-6 -6 z" fill="#ffffff" stroke="#24292f" stroke-width="1.5">` +
        tooltip(`baseline ${formatValue(verdict.baselineValue, result.unit)}`) +
        '</path>',
    )
  }
  parts.push(
    `<g>${circle(scale(result.value), mid, 5.5, { fill: color, stroke: '#ffffff', 'stroke-width': 1.5 })}` +
      tooltip(
        `${result.name}: ${formatValue(result.value, result.unit)} (95% CI ${formatValue(low, result.unit)} to ` +
          `${formatValue(high, result.unit)}; per process ${result.processes.map((v) => formatValue(v, result.unit)).join(', ')})`,
      ) +
      '</g>',
  )
  const targetText = target === undefined ? '' : `  target ${formatTarget(target, result.unit)}`
  parts.push(
    text(VALUE_X, mid - 1, `${formatValue(result.value, result.unit)}`, {
      'font-weight': 600,
      fill: color,
    }),
  )
  parts.push(
    text(VALUE_X + 78, mid - 1, truncate(verdictLabel(result, verdict), 30), {
      'font-size': 12,
      fill: color,
    }),
  )
  parts.push(
    text(
      VALUE_X,
      mid + 12,
      `CI ${formatValue(low, result.unit)}–${formatValue(high, result.unit)}${targetText}`,
      { 'font-size': 10.5, fill: GREY },
    ),
  )
  return parts
}

function renderPanel(panel: Panel, top: number, verdicts: ReadonlyMap<string, ScenarioVerdict>): { parts: string[]; height: number } {
  const measured = panel.results.filter((r): r is MeasuredResult => r.status === 'measured')
  const scale = panel.scale(measured)
  const parts: string[] = [text(LABEL_X, top + 16, panel.title, { 'font-weight': 700, 'font-size': 14 })]
  let y = top + 44
  const plotTop = y
  const rows: string[] = []
  let group = ''
  for (const result of panel.results) {
    if (result.group !== group) {
      group = result.group
      rows.push(text(LABEL_X, y + GROUP_ROW - 9, group, { 'font-weight': 700, fill: GREY, 'font-size': 12 }))
      rows.push(line(LABEL_X, y + GROUP_ROW - 3, WIDTH - 16, y + GROUP_ROW - 3, { stroke: '#eaeef2' }))
      y += GROUP_ROW
    }
    rows.push(...resultRow(result, verdicts.get(result.name), y, scale))
    y += ROW
  }
  parts.push(...axis(scale, plotTop, y, panel.label))
  if (scale.domain[0] <= 1 && scale.domain[1] >= 1 && panel.label(1).endsWith('x')) {
    parts.push(line(scale(1), plotTop, scale(1), y, { stroke: '#8c959f', 'stroke-width': 1.5, 'stroke-dasharray': '4 3' }))
  }
  parts.push(...rows)
  return { parts, height: y - top + 28 }
}

function legend(y: number): string[] {
  const x = LABEL_X
  return [
    circle(x + 6, y, 5.5, { fill: '#1a7f37' }),
    text(x + 16, y + 4, 'median of processes', { 'font-size': 12 }),
    line(x + 150, y, x + 180, y, { stroke: '#1a7f37', 'stroke-width': 2 }),
    text(x + 186, y + 4, '95% CI', { 'font-size': 12 }),
    circle(x + 250, y - 4, 2.2, { fill: '#1a7f37', 'fill-opacity': 0.45 }),
    text(x + 258, y + 4, 'one process', { 'font-size': 12 }),
    `<path d="M${x + 350} ${y - 6} l6 6 l-6 6 l-6 -6 z" fill="#ffffff" stroke="#24292f" stroke-width="1.5"/>`,
    text(x + 362, y + 4, 'baseline', { 'font-size': 12 }),
    line(x + 430, y - 8, x + 430, y + 8, { stroke: TARGET, 'stroke-width': 2 }),
    rect(x + 431, y - 8, 24, 16, { fill: TARGET, 'fill-opacity': 0.08 }),
    text(x + 462, y + 4, 'target (shaded side misses it)', { 'font-size': 12 }),
    text(x + 660, y + 4, 'dashed line: same speed as the reference (1x)', { 'font-size': 12, fill: GREY }),
  ]
}

/**
 * The main chart: every scenario's figure (median of processes) with its 95% interval, the
 * per-process figures, the baseline and the target, grouped, on a log axis for ratios and a
 * linear axis for MiB. Lower is better everywhere.
 */
export function renderRatioChart(run: BenchRun, gate?: GateReport): string {
  const verdicts = new Map((gate?.verdicts ?? []).map((v) => [v.name, v]))
  const baseline = (name: string): number | undefined => verdicts.get(name)?.baselineValue
  const allPanels: Panel[] = [
    {
      title: 'Ratio to the reference task, same process (lower is better; log scale)',
      results: run.results.filter((r) => r.unit === 'x'),
      scale: (results) => {
        const values = [1, ...extent(results, baseline)]
        return logScale(Math.min(...values) / 1.2, Math.max(...values) * 1.2, PLOT_LEFT, PLOT_RIGHT)
      },
      label: ratioLabel,
    },
    {
      title: 'Memory (MiB, lower is better)',
      results: run.results.filter((r) => r.unit === 'MiB'),
      scale: (results) => linearScale(0, Math.max(1, ...extent(results, baseline)) * 1.1, PLOT_LEFT, PLOT_RIGHT),
      label: (v) => `${Number(v.toPrecision(4))}`,
    },
  ]
  const panels = allPanels.filter((panel) => panel.results.length > 0)
  const header = [
    text(LABEL_X, 28, 'objectql bench', { 'font-weight': 700, 'font-size': 18 }),
    text(
      LABEL_X,
      48,
      `Node ${run.node} · toolkit ${run.toolkit} · commit ${run.commit} · ${run.processes} processes per scenario · ${run.timeMs} ms per task · ${run.date.slice(0, 16).replace('T', ' ')} UTC`,
      { fill: GREY, 'font-size': 12 },
    ),
    ...(gate === undefined
      ? []
      : [
          text(LABEL_X, 68, gate.passed ? 'Gate: passed' : 'Gate: FAILED', {
            'font-weight': 700,
            fill: gate.passed ? '#1a7f37' : TARGET,
          }),
          text(LABEL_X + 100, 68, truncate(gate.warnings.join(' · '), 150), { fill: '#9a6700', 'font-size': 12 }),
        ]),
    ...legend(92),
  ]
  const body: string[] = [...header]
  let top = 112
  for (const panel of panels) {
    const rendered = renderPanel(panel, top, verdicts)
    body.push(...rendered.parts)
    top += rendered.height + 8
  }
  return svgDocument(WIDTH, top + 8, 'objectql bench: ratio per scenario with 95% intervals', body)
}
