import { AUDIT_GROUP_TITLES } from '../compliance/common/audit-groups.js'
import type { ProgressEvent } from '../compliance/index.js'
import type { CliIO } from './cli-command.js'

/**
 * Progress lines while a run goes: one header per driver, then one line per finished group with
 * its counts and time, so a slow group is visible as it happens.
 */
export function progressPrinter(io: CliIO): (event: ProgressEvent) => void {
  let failedInGroup: string[] = []
  return (event) => {
    switch (event.kind) {
      case 'start':
        io.err(
          `\n${event.driver}: ${event.total} audits, seed ${event.seed}, ${event.runs} runs per property\n`,
        )
        break
      case 'audit':
        if (event.result.status === 'fail' || event.result.status === 'error')
          failedInGroup.push(event.result.id)
        break
      case 'group': {
        const { cell, counts } = event
        const failed = failedInGroup.length === 0 ? '' : `  failed: ${failedInGroup.join(', ')}`
        const extra = [
          counts.skipped > 0 ? `${counts.skipped} skipped` : '',
          counts.notApplicable > 0 ? `${counts.notApplicable} n/a` : '',
          counts.warnings > 0 ? `${counts.warnings} warnings` : '',
        ].filter((part) => part !== '')
        io.err(
          `  ${AUDIT_GROUP_TITLES[event.group].padEnd(26)} ${cell.status.padEnd(8)} ` +
            `${String(counts.passed).padStart(2)}/${counts.total} passed` +
            `${extra.length > 0 ? `, ${extra.join(', ')}` : ''}  (${(event.durationMs / 1000).toFixed(1)} s)${failed}\n`,
        )
        failedInGroup = []
        break
      }
    }
  }
}
