import { preview } from '../driver/record-compare.js'
import type { ProtocolAuditResult } from './protocol-result.js'

/**
 * A failed or errored protocol audit as a few readable lines: the rule and the standard it
 * cites, the message, the minimal case (request and answer), and for generated failures the
 * command that repeats the run.
 *
 * @param targetHint - how the CLI names the server (`--url http://...`), for the replay line.
 */
export function formatProtocolFailure(result: ProtocolAuditResult, targetHint = ''): string {
  if (result.status !== 'fail' && result.status !== 'error') return ''
  const lines = [
    `${result.id} ${result.level} ${result.title} (${result.cites})`,
    `  ${result.message}`,
  ]
  if (result.status === 'fail') {
    if (result.minimalCase !== undefined) {
      lines.push(`  minimal case: ${preview(result.minimalCase, 2000)}`)
    }
    if (result.seed !== undefined) {
      const target = targetHint === '' ? '' : ` ${targetHint}`
      lines.push(`  seed ${result.seed}${result.path === undefined ? '' : `, path ${result.path}`}`)
      lines.push(
        `  replay: objectql conform --protocol ${result.group === 'cross' ? 'all' : result.group}${target} --only ${result.id} --seed ${result.seed}`,
      )
    }
  }
  return lines.join('\n')
}
