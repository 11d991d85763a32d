import { describe, expect, it } from 'vitest'
import { withRunAsBaseline } from '../baseline-store.js'
import { appendRun } from '../bench-history.js'
import type { HistoryFile } from '../bench-history.js'
import { evaluateGate } from '../bench-gate.js'
import { around, measured, runOf, skipped } from '../bench.test-utils.js'
import { renderMarkdownSummary } from './markdown-summary.js'
import { renderRatioChart } from './svg-chart.js'
import { renderTrendChart } from './svg-trend-chart.js'
import { escapeXml, linearScale, logScale } from './svg-primitives.js'

/**
 * A strict well-formedness check for the XML subset the charts use: one root, every tag closed
 * in order, attributes double-quoted, and `&` only as a predefined entity. Returns the problems.
 */
function xmlProblems(xml: string): string[] {
  const problems: string[] = []
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '')
  const stack: string[] = []
  let roots = 0
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y
  let i = 0
  while (i < body.length) {
    const lt = body.indexOf('<', i)
    const textPart = body.slice(i, lt === -1 ? body.length : lt)
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(textPart)) problems.push(`bare & in text near ${i}`)
    if (textPart.includes('>')) problems.push(`bare > in text near ${i}`)
    if (lt === -1) break
    tag.lastIndex = lt
    const match = tag.exec(body)
    if (match === null) {
      problems.push(`malformed tag at ${lt}: ${body.slice(lt, lt + 60)}`)
      break
    }
    const [whole, closing, name = '', attrs = '', selfClosing] = match
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(attrs)) problems.push(`bare & in attribute of <${name}>`)
    if (closing === '/') {
      const open = stack.pop()
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`)
    } else if (selfClosing !== '/') {
      if (stack.length === 0) roots += 1
      stack.push(name)
    } else if (stack.length === 0) {
      roots += 1
    }
    i = lt + whole.length
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`)
  if (roots !== 1) problems.push(`${roots} root elements`)
  return problems
}

const target = { max: 3, label: 'within 3x <of the driver> & co' }
const run = runOf([
  measured('kernel/findOne-vs-driver', around(2.4), { target }),
  measured('filter/compiled-vs-mingo', around(0.013), { target: { max: 0.1, label: '10x faster' } }),
  measured('hooks/100-other-objects', around(1.05)),
  skipped('sql/postgres-find-100-vs-raw', 'no PostgreSQL URL; set OBJECTQL_POSTGRES_URL'),
  measured('footprint/peak-rss-conformance', [310, 305, 320], { unit: 'MiB', target: { max: 1024, label: '1 GiB' } }),
])

describe('the well-formedness check itself', () => {
  it('catches unclosed tags, crossed tags, bare ampersands and two roots', () => {
    expect(xmlProblems('<svg><g></svg>')).not.toEqual([])
    expect(xmlProblems('<svg><g><text></g></text></svg>')).not.toEqual([])
    expect(xmlProblems('<svg><text>a & b</text></svg>')).not.toEqual([])
    expect(xmlProblems('<svg/><svg/>')).not.toEqual([])
    expect(xmlProblems('<svg a=1/>')).not.toEqual([])
    expect(xmlProblems('<svg a="1"><text>a &amp; b</text></svg>')).toEqual([])
  })
})

describe('renderRatioChart', () => {
  it('is well-formed XML with every scenario labelled, values, targets and skips', () => {
    const gate = evaluateGate(run, withRunAsBaseline(undefined, run))
    const svg = renderRatioChart(run, gate)
    expect(xmlProblems(svg)).toEqual([])
    expect(svg.startsWith('<?xml')).toBe(true)
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"')
    for (const result of run.results) expect(svg).toContain(escapeXml(result.title))
    expect(svg).toContain('skipped: no PostgreSQL URL')
    expect(svg).toContain('2.40x')
    expect(svg).toContain('target ≤ 3x')
    expect(svg).toContain('Memory (MiB')
    expect(svg).toContain('Gate: passed')
  })

  it('escapes markup in labels and still parses', () => {
    const hostile = runOf([
      { ...measured('x/<script>', around(1.2)), title: 'a <b> & "c" \'d\'', description: '<&>' },
    ])
    const svg = renderRatioChart(hostile)
    expect(xmlProblems(svg)).toEqual([])
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;')
    expect(svg).not.toContain('<b>')
  })

  it('marks a failing gate', () => {
    const failing = runOf([measured('kernel/findOne-vs-driver', around(25), { target })])
    const svg = renderRatioChart(failing, evaluateGate(failing, undefined))
    expect(svg).toContain('Gate: FAILED')
    expect(svg).toContain('misses target')
    expect(xmlProblems(svg)).toEqual([])
  })
})

describe('renderTrendChart', () => {
  it('draws one panel per scenario with history, well-formed', () => {
    let history: HistoryFile = { schema: 1, runs: [] }
    for (const [i, factor] of [1, 1.05, 0.97].entries()) {
      const stored = runOf(
        [measured('kernel/findOne-vs-driver', around(2.4 * factor), { target }), measured('hooks/100-other-objects', around(1.05))],
        { date: `2026-01-0${i + 1}T00:00:00.000Z`, commit: `c0ffee${i}` },
      )
      history = appendRun(history, stored)
    }
    const svg = renderTrendChart(history, run.results)
    expect(xmlProblems(svg)).toEqual([])
    expect(svg).toContain('3 runs')
    expect(svg).toContain('>kernel/findOne-vs-driver</text>')
    expect(svg).toContain('title of hooks/100-other-objects')
    expect(svg).not.toContain('sql/postgres-find-100-vs-raw')
    expect(svg).toContain('polyline')
    expect(svg).toContain('2026-01-01')
  })

  it('says so when there is no history', () => {
    const svg = renderTrendChart({ schema: 1, runs: [] }, run.results)
    expect(xmlProblems(svg)).toEqual([])
    expect(svg).toContain('no stored runs yet')
  })
})

describe('renderMarkdownSummary', () => {
  it('has one table row per scenario, the gate outcome and the skip reasons', () => {
    const baselineRun = runOf([measured('kernel/findOne-vs-driver', around(2.0), { target })])
    const gate = evaluateGate(run, withRunAsBaseline(undefined, baselineRun))
    const md = renderMarkdownSummary(run, gate, { charts: [{ title: 'Ratios', path: 'ratios.svg' }] })
    const rows = md.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Scenario'))
    expect(rows).toHaveLength(run.results.length)
    expect(md).toContain('![Ratios](ratios.svg)')
    expect(md).toContain('**Gate: passed**')
    expect(md).toContain('skipped: no PostgreSQL URL')
    expect(md).toMatch(/\+20\.\d%/)
  })
})

describe('scales', () => {
  it('log scale spans whole decades and maps monotonically', () => {
    const scale = logScale(0.013, 27, 0, 400)
    expect(scale.domain).toEqual([0.01, 50])
    expect(scale(0.01)).toBeCloseTo(0, 6)
    expect(scale(50)).toBeCloseTo(400, 6)
    expect(scale(1)).toBeLessThan(scale(2))
    expect(scale.ticks).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50])
    expect(logScale(0.9, 1.3, 0, 100).domain).toEqual([0.5, 2])
  })

  it('linear scale has round ticks covering the data', () => {
    const scale = linearScale(0, 1127, 0, 100)
    expect(scale.domain[0]).toBe(0)
    expect(scale.domain[1]).toBeGreaterThanOrEqual(1127)
    expect(scale.ticks.every((t) => Number.isInteger(t / 100) || Number.isInteger(t / 250))).toBe(true)
  })
})
