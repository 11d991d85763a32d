import type { HistoryFile } from '../bench-history.js'
import { formatValue } from '../bench-result.js'
import type { ScenarioTarget } from '../scenario.js'
import { circle, element, line, linearScale, rect, svgDocument, text, tooltip, truncate } from './svg-primitives.js'

const COLUMNS = 3
const CELL_W = 350
const CELL_H = 170
const PAD_LEFT = 48
const PAD_RIGHT = 64
const PAD_TOP = 40
const PAD_BOTTOM = 30
const MARGIN = 16
const HEADER = 70
const GREY = '#57606a'
const TARGET = '#cf222e'
const LINE = '#0969da'

/** What the trend chart needs to know about a scenario besides its history. */
export interface TrendSeriesInfo {
  readonly name: string
  readonly title: string
  readonly target?: ScenarioTarget
}

interface Point {
  readonly run: number
  readonly date: string
  readonly commit: string
  readonly unit: 'x' | 'MiB'
  readonly value: number
  readonly range: readonly [number, number]
}

function seriesOf(history: HistoryFile, name: string): Point[] {
  return history.runs.flatMap((run, index) => {
    const result = run.results[name]
    return result === undefined
      ? []
      : [{ run: index, date: run.date, commit: run.commit, unit: result.unit, value: result.value, range: result.range }]
  })
}

function cell(info: TrendSeriesInfo, points: readonly Point[], runs: number, x0: number, y0: number): string[] {
  const left = x0 + PAD_LEFT
  const right = x0 + CELL_W - PAD_RIGHT
  const top = y0 + PAD_TOP
  const bottom = y0 + CELL_H - PAD_BOTTOM
  const unit = points[0]?.unit ?? 'x'
  const values = points.flatMap((p) => [p.value, p.range[0], p.range[1]])
  const low = Math.min(...values)
  const high = Math.max(...values)
  const targetValue = info.target?.max ?? info.target?.min
  // The target joins the axis only when it is near the data; otherwise the data would be a flat
  // line squashed against one edge, and the target is stated in words instead.
  const showTarget = targetValue !== undefined && targetValue >= low / 2 && targetValue <= high * 2
  const domain = showTarget ? [low, high, targetValue] : [low, high]
  const pad = (Math.max(...domain) - Math.min(...domain)) * 0.1 || Math.abs(high) * 0.05 || 1
  const y = linearScale(Math.max(0, Math.min(...domain) - pad), Math.max(...domain) + pad, bottom, top, 4)
  const x = (run: number): number => (runs <= 1 ? (left + right) / 2 : left + (run / (runs - 1)) * (right - left))
  const parts: string[] = [
    rect(x0, y0, CELL_W, CELL_H, { fill: '#ffffff', stroke: '#d0d7de', rx: 6 }),
    // The scenario's name (short, unique, what --filter takes); the title shows on hover.
    `<g>${text(x0 + 10, y0 + 19, truncate(info.name, 46), { 'font-weight': 600, 'font-size': 12 })}${tooltip(info.title)}</g>`,
  ]
  for (const tick of y.ticks) {
    parts.push(line(left, y(tick), right, y(tick), { stroke: '#eaeef2' }))
    parts.push(
      text(left - 6, y(tick) + 4, formatValue(tick, unit).replace(' MiB', ''), {
        'text-anchor': 'end',
        'font-size': 10,
        fill: GREY,
      }),
    )
  }
  if (showTarget) {
    parts.push(line(left, y(targetValue), right, y(targetValue), { stroke: TARGET, 'stroke-dasharray': '5 3', 'stroke-width': 1.5 }))
    // Labelled at the left end: the newest value's label sits at the right end.
    parts.push(text(left + 4, y(targetValue) - 4, 'target', { fill: TARGET, 'font-size': 10 }))
  } else if (info.target !== undefined && targetValue !== undefined) {
    parts.push(
      text(x0 + 10, y0 + 33, `target ${unit === 'MiB' ? `${targetValue} MiB` : `${Number(targetValue.toPrecision(3))}x`} is off this scale`, {
        fill: TARGET,
        'font-size': 10,
      }),
    )
  }
  if (points.length > 1) {
    const upper = points.map((p) => `${x(p.run).toFixed(1)},${y(p.range[1]).toFixed(1)}`)
    const lower = [...points].reverse().map((p) => `${x(p.run).toFixed(1)},${y(p.range[0]).toFixed(1)}`)
    parts.push(element('polygon', { points: [...upper, ...lower].join(' '), fill: LINE, 'fill-opacity': 0.12 }))
    parts.push(
      element('polyline', {
        points: points.map((p) => `${x(p.run).toFixed(1)},${y(p.value).toFixed(1)}`).join(' '),
        fill: 'none',
        stroke: LINE,
        'stroke-width': 2,
      }),
    )
  }
  for (const p of points) {
    if (points.length === 1) parts.push(line(x(p.run), y(p.range[0]), x(p.run), y(p.range[1]), { stroke: LINE, 'stroke-width': 2 }))
    parts.push(
      `<g>${circle(x(p.run), y(p.value), 3.5, { fill: LINE })}${tooltip(
        `${p.date.slice(0, 10)} ${p.commit}: ${formatValue(p.value, p.unit)} (CI ${formatValue(p.range[0], p.unit)} to ${formatValue(p.range[1], p.unit)})`,
      )}</g>`,
    )
  }
  const last = points.at(-1)
  if (last !== undefined) {
    parts.push(text(x(last.run) + 6, y(last.value) - 6, formatValue(last.value, unit), { 'font-weight': 700, 'font-size': 11, fill: LINE }))
  }
  const first = points[0]
  if (first !== undefined && last !== undefined) {
    parts.push(text(left, bottom + 16, first.date.slice(0, 10), { 'font-size': 10, fill: GREY }))
    if (last !== first) {
      parts.push(text(right, bottom + 16, `${last.date.slice(0, 10)} ${last.commit.slice(0, 7)}`, { 'font-size': 10, fill: GREY, 'text-anchor': 'end' }))
    }
  }
  return parts
}

/**
 * Small multiples of every scenario's figure across the stored runs (oldest left, newest right),
 * with the 95% interval as a band and the target as a dashed line when it is on the scale.
 */
export function renderTrendChart(history: HistoryFile, scenarios: readonly TrendSeriesInfo[]): string {
  const series = scenarios
    .map((info) => ({ info, points: seriesOf(history, info.name) }))
    .filter((s) => s.points.length > 0)
  const rows = Math.max(1, Math.ceil(series.length / COLUMNS))
  const width = MARGIN + COLUMNS * (CELL_W + MARGIN)
  const height = HEADER + rows * (CELL_H + MARGIN) + MARGIN
  const body: string[] = [
    text(MARGIN, 28, 'objectql bench: trend across stored runs', { 'font-weight': 700, 'font-size': 18 }),
    text(
      MARGIN,
      50,
      `${history.runs.length} runs (reports/bench/history.json), oldest left; line = median ratio, band = 95% CI, lower is better`,
      { fill: GREY, 'font-size': 12 },
    ),
  ]
  if (series.length === 0) body.push(text(MARGIN, HEADER + 20, 'no stored runs yet', { fill: GREY }))
  series.forEach((s, i) => {
    const x0 = MARGIN + (i % COLUMNS) * (CELL_W + MARGIN)
    const y0 = HEADER + Math.floor(i / COLUMNS) * (CELL_H + MARGIN)
    body.push(...cell(s.info, s.points, history.runs.length, x0, y0))
  })
  return svgDocument(width, height, 'objectql bench: trend across stored runs', body)
}
