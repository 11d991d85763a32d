import type { AuditResult } from '../common/audit-result.js'
import { formatReplayToken } from '../common/seed.js'
import { preview } from './record-compare.js'

/**
 * A failed or errored audit as a few readable lines: the message, the minimal case, and for
 * generated failures the exact command that repeats it.
 *
 * @param driverHint - how the CLI names the driver (`--driver ./x.js`), for the replay line.
 */
export function formatFailure(result: AuditResult, driverHint = ''): string {
  if (result.status !== 'fail' && result.status !== 'error') return ''
  const lines = [`${result.id} ${result.level} ${result.title}`, `  ${result.message}`]
  if (result.status === 'fail') {
    if (result.minimalCase !== undefined)
      lines.push(`  minimal case: ${preview(result.minimalCase, 2000)}`)
    if (result.seed !== undefined) {
      const token = formatReplayToken({
        seed: result.seed,
        ...(result.path === undefined ? {} : { path: result.path }),
      })
      const driver = driverHint === '' ? '' : ` ${driverHint}`
      lines.push(`  seed ${result.seed}${result.path === undefined ? '' : `, path ${result.path}`}`)
      lines.push(`  replay: objectql conform${driver} --only ${result.id} --replay ${token}`)
    }
  }
  return lines.join('\n')
}
