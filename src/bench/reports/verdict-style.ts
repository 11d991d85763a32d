import { meetsTarget } from '../bench-result.js'
import type { ScenarioResult } from '../bench-result.js'
import type { ScenarioVerdict } from '../bench-gate.js'

/** How a result reads in one word or two, with a symbol that survives monochrome printing. */
export function verdictLabel(result: ScenarioResult, verdict: ScenarioVerdict | undefined): string {
  if (result.status === 'skipped') return 'skipped'
  const targetMissed = !meetsTarget(result.value, result.target)
  const parts: string[] = []
  if (targetMissed) parts.push('✗ misses target')
  switch (verdict?.regression) {
    case 'confirmed':
      parts.push('✗ regression')
      break
    case 'flagged':
      parts.push('⚠ slower (flagged)')
      break
    case 'not-confirmed':
      parts.push('≈ noise (not confirmed)')
      break
    case 'improved':
      parts.push('▲ faster')
      break
    case 'new':
      parts.push('new')
      break
    default:
      break
  }
  if (parts.length === 0) parts.push(result.target === undefined ? '✓ ok' : '✓ meets target')
  return parts.join(', ')
}

/** The colour of a result: red fails, amber is flagged, blue improved, green fine, grey skipped. */
export function verdictColor(result: ScenarioResult, verdict: ScenarioVerdict | undefined): string {
  if (result.status === 'skipped') return '#8c959f'
  if (!meetsTarget(result.value, result.target) || verdict?.regression === 'confirmed') {
    return '#cf222e'
  }
  if (verdict?.regression === 'flagged') return '#9a6700'
  if (verdict?.regression === 'improved') return '#0969da'
  return '#1a7f37'
}
