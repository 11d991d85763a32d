import type { AuditResult } from '../common/audit-result.js'
import { escapeXml } from './xml-escape.js'

/** One `<testsuite>`: the audits of one group of one run, with the run's facts as properties. */
export interface JUnitSuite<Result extends AuditResult<string>> {
  /** The suite's name, e.g. `memory / filters` or `127.0.0.1:3000 / rest`. */
  readonly name: string
  /** The `classname` of every testcase, e.g. `objectql.conformance.memory.filters`. */
  readonly classname: string
  /** ISO-8601 start of the run. */
  readonly startedAt: string
  readonly properties: readonly (readonly [name: string, value: string | number])[]
  readonly audits: readonly Result[]
  /** The readable text of a failed or errored audit (message, minimal case, replay line). */
  readonly describeFailure: (result: Result) => string
}

const seconds = (ms: number) => (ms / 1000).toFixed(3)

function testcase<Result extends AuditResult<string>>(
  suite: JUnitSuite<Result>,
  result: Result,
): string {
  const open = `    <testcase classname="${escapeXml(suite.classname)}" name="${escapeXml(`${result.id} ${result.title}`)}" time="${seconds(result.durationMs)}"`
  switch (result.status) {
    case 'pass':
      return `${open}/>`
    case 'skip':
      return `${open}>\n      <skipped message="${escapeXml(result.reason)}"/>\n    </testcase>`
    case 'fail':
    case 'error': {
      const text = escapeXml(suite.describeFailure(result))
      // SHOULD and MAY rules are warnings: reported, but never a red CI build.
      if (result.level !== 'MUST') {
        return `${open}>\n      <system-out>warning (${result.level}): ${text}</system-out>\n    </testcase>`
      }
      const tag = result.status === 'fail' ? 'failure' : 'error'
      return `${open}>\n      <${tag} message="${escapeXml(result.message)}" type="${result.level}">${text}</${tag}>\n    </testcase>`
    }
  }
}

/**
 * A JUnit XML document for CI test tabs, shared by the driver and protocol reports: one
 * `<testsuite>` per entry of `suites` (empty ones left out), one `<testcase>` per audit. MUST
 * failures are `<failure>` (or `<error>`), skips carry their reason, SHOULD/MAY failures are
 * warnings in `<system-out>`.
 *
 * @param durationMs - the total time of the runs, for the root element.
 */
export function renderJUnitDocument<Result extends AuditResult<string>>(
  title: string,
  suites: readonly JUnitSuite<Result>[],
  durationMs: number,
): string {
  const parts: string[] = []
  let tests = 0
  let failures = 0
  let errors = 0
  let skipped = 0
  for (const suite of suites) {
    const { audits } = suite
    if (audits.length === 0) continue
    const f = audits.filter((a) => a.status === 'fail' && a.level === 'MUST').length
    const e = audits.filter((a) => a.status === 'error' && a.level === 'MUST').length
    const s = audits.filter((a) => a.status === 'skip').length
    const time = audits.reduce((sum, a) => sum + a.durationMs, 0)
    tests += audits.length
    failures += f
    errors += e
    skipped += s
    const properties = suite.properties
      .map(
        ([name, value]) => `      <property name="${name}" value="${escapeXml(String(value))}"/>`,
      )
      .join('\n')
    parts.push(
      `  <testsuite name="${escapeXml(suite.name)}" tests="${audits.length}" failures="${f}" errors="${e}" skipped="${s}" time="${seconds(time)}" timestamp="${suite.startedAt.slice(0, 19)}">\n` +
        `    <properties>\n${properties}\n    </properties>\n` +
        audits.map((audit) => testcase(suite, audit)).join('\n') +
        '\n  </testsuite>',
    )
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="${escapeXml(title)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(durationMs)}">\n` +
    `${parts.join('\n')}\n</testsuites>\n`
  )
}
