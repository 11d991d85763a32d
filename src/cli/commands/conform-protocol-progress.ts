import { PROTOCOL_GROUP_TITLES } from '../../compliance/index.js'
import type { ProtocolProgressEvent } from '../../compliance/index.js'
import type { CliIO } from '../cli-command.js'

/**
 * Progress lines of a protocol run, like the driver run's: one header per server, then one line
 * per finished protocol with its counts, time and failing audit ids.
 */
export function protocolProgressPrinter(io: CliIO): (event: ProtocolProgressEvent) => void {
  let failed: string[] = []
  return (event) => {
    switch (event.kind) {
      case 'start':
        io.err(
          `\n${event.server}: ${event.total} protocol audits (${event.protocols.join(', ')}), seed ${event.seed}, ${event.numRuns} runs per property, target ${event.target}\n`,
        )
        break
      case 'audit':
        if (event.result.status === 'fail' || event.result.status === 'error') {
          failed.push(event.result.id)
        }
        break
      case 'group': {
        const { cell, counts } = event
        const extra = [
          counts.skipped > 0 ? `${counts.skipped} skipped` : '',
          counts.notApplicable > 0 ? `${counts.notApplicable} n/a` : '',
          counts.warnings > 0 ? `${counts.warnings} warnings` : '',
        ].filter((part) => part !== '')
        const failures = failed.length === 0 ? '' : `  failed: ${failed.join(', ')}`
        io.err(
          `  ${PROTOCOL_GROUP_TITLES[event.group].padEnd(26)} ${cell.status.padEnd(8)} ` +
            `${String(counts.passed).padStart(2)}/${counts.total} passed` +
            `${extra.length > 0 ? `, ${extra.join(', ')}` : ''}  (${(event.durationMs / 1000).toFixed(1)} s)${failures}\n`,
        )
        failed = []
        break
      }
    }
  }
}
