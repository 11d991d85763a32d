// Prints the closing line CI tooling reads ("N passed, N failed, N skipped") from vitest's JSON
// report. A failed non-test step (lint, typecheck, build) counts as one failure each, so a run
// whose tests pass but whose lint fails still ends red.
import { existsSync, readFileSync } from 'node:fs'

const [reportPath, failedStepsArg = '0'] = process.argv.slice(2)
const failedSteps = Number(failedStepsArg)
let passed = 0
let failed = 0
let skipped = 0
if (reportPath && existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'))
  passed = report.numPassedTests ?? 0
  failed = report.numFailedTests ?? 0
  // A file that fails to load has no failed tests but a failed suite: count it once.
  if (failed === 0) failed = report.numFailedTestSuites ?? 0
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
} else {
  failed = 1
  console.log(`no test report at ${reportPath}`)
}
// The tests step itself is one of the failed steps when tests fail; do not count it twice.
const extra = failed > 0 ? Math.max(0, failedSteps - 1) : failedSteps
console.log(`${passed} passed, ${failed + extra} failed, ${skipped} skipped`)
process.exit(failed + extra > 0 ? 1 : 0)
