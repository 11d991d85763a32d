import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CAPABILITIES } from '../../kernel/driver/driver-capabilities.js'
import { hasErrorCode } from '../../kernel/errors.js'
import type { AuditResult } from '../common/audit-result.js'
import { buildResult } from '../driver/build-result.js'
import { renderMatrixHtml } from './html-report.js'
import { renderJUnit } from './junit-report.js'
import { renderDriverMarkdown, renderResultsMatrixMarkdown } from './markdown-report.js'
import { renderMatrixText } from './matrix-text.js'
import { writeDriverReport, writeJUnitReport, writeMatrixReports } from './write-reports.js'

const audit = (
  id: string,
  group: AuditResult['group'],
  extra: Partial<AuditResult> & Pick<AuditResult, 'status'>,
): AuditResult =>
  ({ id, group, level: 'MUST', title: `title of ${id}`, durationMs: 3, ...extra }) as AuditResult

const broken = buildResult({
  name: 'sql:<broken>&"',
  backend: { kind: 'url', detail: 'postgres://u:***@h/db' },
  capabilities: DEFAULT_CAPABILITIES,
  seed: 42,
  runs: 10,
  startedAt: new Date('2025-01-02T03:04:05.000Z'),
  results: [
    audit('DRV-NULL-002', 'filters', {
      status: 'fail',
      message: 'where {"s":{"$ne":"a"}} missed record {"id":"n3"}',
      minimalCase: { where: { s: { $ne: 'a' } } },
    }),
    audit('DRV-ORD-001', 'order', { status: 'pass' }),
    audit('DRV-TYPE-004', 'types', {
      status: 'skip',
      kind: 'capability',
      reason: 'capability jsonFields not declared',
    }),
    audit('DRV-TX-001', 'transactions', {
      status: 'skip',
      kind: 'not-applicable',
      reason: 'not applicable: capability transactions not declared',
    }),
    audit('DRV-PROP-001', 'properties', {
      status: 'fail',
      message: 'disagrees',
      seed: 42,
      path: '3:1',
    }),
    audit('DRV-AGG-007', 'aggregation', {
      status: 'fail',
      level: 'SHOULD',
      message: 'order differs',
    }),
  ],
})
const good = buildResult({
  name: 'memory',
  capabilities: DEFAULT_CAPABILITIES,
  seed: 1,
  runs: 10,
  startedAt: new Date(),
  results: [audit('DRV-ORD-001', 'order', { status: 'pass' })],
})

describe('reports', () => {
  it('writes a per-driver Markdown report with the grade, backend, seed and every failure', () => {
    const md = renderDriverMarkdown(broken)
    expect(md).toContain('**Grade: failing**')
    expect(md).toContain('backend: url (postgres://u:***@h/db)')
    expect(md).toContain('objectql conform --driver sql:<broken>&" --replay 42')
    expect(md).toContain(
      '| DRV-TYPE-004 | MUST | skip | title of DRV-TYPE-004 | skipped: capability jsonFields not declared |',
    )
    expect(md).toContain('replay: objectql conform --only DRV-PROP-001 --replay 42/3:1')
  })

  it('renders the matrix with a cell per group and numbered notes for skips and failures', () => {
    const md = renderResultsMatrixMarkdown([broken, good])
    const row = md.split('\n').find((line) => line.startsWith('| sql:<broken>&"'))
    expect(row).toContain('| failing | url (postgres://u:***@h/db) |')
    expect(row).toMatch(/FAIL 0\/1 \[\d\]/)
    expect(md).toMatch(
      /\d\. \*\*sql:<broken>&"\*\*, Type round-trips: capability jsonFields not declared/,
    )
    expect(renderMatrixText([broken, good])).toMatch(/memory\s+conformant/)
  })

  it('emits JUnit with MUST failures as <failure>, skips with reasons, SHOULD failures as warnings', () => {
    const xml = renderJUnit([broken])
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="objectql driver conformance" tests="6" failures="2" errors="0" skipped="2"/,
    )
    expect(xml).toContain('<skipped message="capability jsonFields not declared"/>')
    expect(xml).toContain('classname="objectql.conformance.sql:&lt;broken&gt;&amp;&quot;.filters"')
    expect(xml).toContain('<system-out>warning (SHOULD):')
    expect(xml.match(/<testsuite /g)?.length).toBe(xml.match(/<\/testsuite>/g)?.length)
  })

  it('builds a self-contained HTML page: no scripts, no external assets, everything escaped', () => {
    const html = renderMatrixHtml([broken, good])
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//)
    expect(html).toContain('sql:&lt;broken&gt;&amp;&quot;')
    expect(html).toContain('<td class="fail"')
  })

  it('writes the files and rebuilds the matrix from every driver report in the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oq-reports-'))
    try {
      await writeDriverReport(dir, broken)
      await writeDriverReport(dir, good)
      await writeMatrixReports(dir)
      await writeJUnitReport(join(dir, 'ci', 'junit.xml'), [good])
      const index = await readFile(join(dir, 'index.md'), 'utf8')
      expect(index).toContain('| memory | conformant |')
      expect(index).toContain('| sql:<broken>&" | failing |')
      expect(await readFile(join(dir, 'drivers', 'sql-broken.json'), 'utf8')).toContain(
        '"seed": 42',
      )
      expect(await readFile(join(dir, 'ci', 'junit.xml'), 'utf8')).toContain('tests="1"')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('turns an unwritable directory into CONFIG_INVALID naming the path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oq-reports-'))
    try {
      const file = join(dir, 'a-file')
      await writeFile(file, 'not a directory')
      const error = await writeDriverReport(join(file, 'reports'), good).catch((e: unknown) => e)
      expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true)
      expect(String((error as Error).message)).toMatch(
        /^cannot write report .*a-file\/reports\/drivers\/memory.json: ENOTDIR$/,
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
