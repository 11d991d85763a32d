import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CAPABILITIES } from '../../kernel/driver/driver-capabilities.js'
import { buildResult } from '../driver/build-result.js'
import { buildProtocolResult } from '../protocol/build-protocol-result.js'
import { DEFAULT_PROTOCOL_PATHS } from '../protocol/protocol-audit-context.js'
import type { ProtocolAuditResult } from '../protocol/protocol-result.js'
import { renderMatrixHtml } from './html-report.js'
import { renderResultsMatrixMarkdown } from './markdown-report.js'
import { renderProtocolJUnit } from './protocol-junit-report.js'
import { buildProtocolMatrix } from './protocol-matrix.js'
import { renderProtocolMarkdown } from './protocol-markdown-report.js'
import { writeDriverReport, writeMatrixReports, writeProtocolReport } from './write-reports.js'

const audit = (
  id: string,
  group: ProtocolAuditResult['group'],
  extra: Partial<ProtocolAuditResult> & Pick<ProtocolAuditResult, 'status'>,
): ProtocolAuditResult =>
  ({
    id,
    group,
    level: 'MUST',
    title: `title of ${id}`,
    cites: `RFC 9110 §${id.slice(-1)}`,
    durationMs: 2,
    ...extra,
  }) as ProtocolAuditResult

const broken = buildProtocolResult({
  name: 'their<server>',
  // As `urlTransport` names a base URL with credentials: the password is already masked.
  target: 'http://u:***@10.0.0.5:8080',
  backend: { kind: 'url', detail: 'http://u:***@10.0.0.5:8080' },
  protocols: ['rest', 'json-rpc'],
  paths: { ...DEFAULT_PROTOCOL_PATHS, rest: '/v1/data' },
  seed: 42,
  numRuns: 25,
  startedAt: new Date('2025-01-02T03:04:05.000Z'),
  results: [
    audit('PRT-REST-015', 'rest', {
      status: 'fail',
      message: 'GET /v1/data/prt_items/x: expected status 404, got 200',
      minimalCase: { status: 200, body: '{}' },
    }),
    audit('PRT-REST-008', 'rest', {
      status: 'fail',
      message: 'filter widened',
      seed: 42,
      path: '3:1',
    }),
    audit('PRT-REST-021', 'rest', { status: 'fail', level: 'SHOULD', message: 'answered 400' }),
    audit('PRT-RPC-001', 'json-rpc', { status: 'pass' }),
    audit('PRT-RPC-002', 'json-rpc', { status: 'skip', kind: 'user', reason: 'known bug #7' }),
    audit('PRT-GQL-001', 'graphql', {
      status: 'skip',
      kind: 'not-applicable',
      reason: 'protocol graphql not audited in this run',
    }),
  ],
})

const ours = buildProtocolResult({
  name: 'objectql-toolkit:memory',
  target: 'inject',
  backend: { kind: 'embedded', detail: 'inject, memory driver' },
  protocols: ['rest', 'json-rpc', 'graphql', 'odata'],
  paths: DEFAULT_PROTOCOL_PATHS,
  seed: 1,
  numRuns: 25,
  startedAt: new Date(),
  results: [
    audit('PRT-REST-001', 'rest', { status: 'pass' }),
    audit('PRT-X-001', 'cross', { status: 'pass' }),
  ],
})

const driver = buildResult({
  name: 'memory',
  capabilities: DEFAULT_CAPABILITIES,
  seed: 1,
  runs: 10,
  startedAt: new Date(),
  results: [
    { id: 'DRV-ORD-001', group: 'order', level: 'MUST', title: 't', durationMs: 1, status: 'pass' },
  ],
})

describe('protocol reports', () => {
  it('grades and writes a per-server Markdown report with every audit', () => {
    expect(broken.grade).toBe('failing')
    expect(broken.target).toBe('http://u:***@10.0.0.5:8080')
    const md = renderProtocolMarkdown(broken)
    expect(md).toContain('# Protocol conformance: their<server>')
    expect(md).toContain(
      '**Grade: failing** (1 passed, 3 failed, 1 skipped, 1 not applicable, 1 warnings)',
    )
    expect(md).toContain('- paths: rest `/v1/data`')
    expect(md).toContain(
      '| PRT-RPC-002 | MUST | skip | title of PRT-RPC-002 | RFC 9110 §2 | skipped: known bug #7 |',
    )
    expect(md).toContain('| PRT-GQL-001 | MUST | n/a |')
    expect(md).toContain('replay: objectql conform --protocol rest --only PRT-REST-008 --seed 42')
    expect(md).toContain('minimal case: {"body":"{}","status":200}')
    expect(md).toContain('- target: http://u:***@10.0.0.5:8080')
  })

  it('builds a server x protocol matrix: n/a for protocols not audited, not run for none', () => {
    const matrix = buildProtocolMatrix([ours, broken])
    expect(matrix.rows.map((row) => row.server)).toEqual([
      'objectql-toolkit:memory',
      'their<server>',
    ])
    const cells = matrix.rows[1]?.cells
    expect(cells?.rest).toMatchObject({ status: 'fail', passed: 0, total: 3 })
    expect(cells?.['json-rpc']).toMatchObject({ status: 'partial', passed: 1, total: 2 })
    expect(cells?.graphql.status).toBe('n/a')
    expect(cells?.odata.status).toBe('not-run')
    expect(matrix.rows[0]?.cells.cross).toMatchObject({ status: 'pass', passed: 1, total: 1 })
  })

  it('appends the protocol section to the matrix page and leaves the driver part unchanged', () => {
    const driversOnly = renderResultsMatrixMarkdown([driver])
    const both = renderResultsMatrixMarkdown([driver], [ours, broken])
    expect(both.startsWith(driversOnly)).toBe(true)
    expect(both).toContain('## Protocol conformance')
    expect(both).toContain(
      '| objectql-toolkit:memory | conformant | embedded (inject, memory driver) | pass 1/1 | not run | not run | not run | pass 1/1 |',
    )
    expect(both).toMatch(
      /\| their<server> \| failing \| http:\/\/u:\*\*\*@10\.0\.0\.5:8080 \| FAIL 0\/3 \[P1\] \| partial 1\/2 \[P2\] \| n\/a \|/,
    )
    expect(both).toContain('- [P2] **their<server>**, JSON-RPC 2.0: known bug #7')
    const html = renderMatrixHtml([driver], [ours, broken])
    expect(html).toContain('<h1>ObjectQL protocol conformance</h1>')
    expect(html).toContain('their&lt;server&gt;')
    expect(html).not.toMatch(/<script|<link|src=/)
    expect(renderMatrixHtml([driver])).not.toContain('protocol conformance')
  })

  it('emits JUnit with MUST failures as <failure> and SHOULD failures as warnings', () => {
    const xml = renderProtocolJUnit([broken])
    expect(xml).toMatch(
      /<testsuites name="objectql protocol conformance" tests="6" failures="2" errors="0" skipped="2"/,
    )
    expect(xml).toContain('<system-out>warning (SHOULD):')
    expect(xml).toContain('classname="objectql.protocol.their&lt;server&gt;.rest"')
  })

  it('writes protocols/<server>.json and .md, and the matrix reads them back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oq-protocol-reports-'))
    try {
      await writeDriverReport(dir, driver)
      const written = await writeProtocolReport(dir, broken)
      expect(written.map((path) => path.slice(dir.length))).toEqual([
        '/protocols/their-server.json',
        '/protocols/their-server.md',
      ])
      await writeMatrixReports(dir)
      const index = await readFile(join(dir, 'index.md'), 'utf8')
      expect(index).toContain('| memory | conformant |')
      expect(index).toContain('| their<server> | failing |')
      expect(JSON.parse(await readFile(written[0] ?? '', 'utf8'))).toMatchObject({
        kind: 'protocol',
        seed: 42,
      })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
