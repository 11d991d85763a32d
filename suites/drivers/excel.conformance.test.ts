import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, test } from 'vitest'
import { driverSuite } from '../../src/compliance/index.js'
import { ExcelDriver } from '../../src/drivers/excel/index.js'
import type { DriverConformanceResult } from '../../src/compliance/index.js'

// The excel driver writing real .xlsx workbooks (exceljs) on the local file system: every
// factory call gets its own fresh workbook path, all removed after the run. The seed is fixed
// for reproducible CI; set OBJECTQL_SEED to explore other generated cases.
const base = mkdtempSync(join(tmpdir(), 'oq-excel-conformance-'))
let made = 0
let last: DriverConformanceResult | undefined

driverSuite({
  name: 'excel',
  test,
  factory: () => new ExcelDriver({ file: join(base, `book-${++made}.xlsx`) }),
  seed: Number(process.env['OBJECTQL_SEED'] ?? 20_260_101),
  backend: {
    kind: 'embedded',
    detail: `exceljs .xlsx workbooks on the local file system under ${tmpdir()}`,
  },
  report: (result) => (last = result),
})

afterAll(() => {
  rmSync(base, { recursive: true, force: true })
  if (last === undefined) return
  const { grade, counts, backend, audits } = last
  const limited = audits.flatMap((audit) =>
    audit.status === 'pass' && audit.note?.includes('time limit') === true
      ? [`${audit.id} (${audit.note})`]
      : [],
  )
  console.info(
    `excel conformance: ${grade} on ${backend.kind} (${backend.detail ?? ''}); ` +
      `${counts.passed} passed, ${counts.failed + counts.errored} failed, ` +
      `${counts.skippedMust} MUST skipped, ${counts.notApplicable} not applicable; ` +
      `properties stopped at the time limit: ${limited.join(', ') || 'none'}`,
  )
})
