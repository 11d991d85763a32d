import { describe, expect, it } from 'vitest'
import { runDriverConformance } from '../../src/compliance/index.js'
import { BROKEN_DRIVERS } from './broken-driver-catalog.js'

// The suite must kill every mutant: each broken driver differs from the memory driver by one
// planted bug, and the audit named after the rule it breaks must fail with the minimal case.
describe('self-test: every broken driver is caught by the audit that names its bug', () => {
  it('has at least ten broken drivers, each naming a distinct bug', () => {
    expect(BROKEN_DRIVERS.length).toBeGreaterThanOrEqual(10)
    expect(new Set(BROKEN_DRIVERS.map((d) => d.bug)).size).toBe(BROKEN_DRIVERS.length)
  })

  for (const broken of BROKEN_DRIVERS) {
    it(`${broken.caughtBy} catches ${broken.bug} (${broken.description})`, async () => {
      const result = await runDriverConformance({
        factory: broken.factory,
        only: [broken.caughtBy],
        seed: 1,
        runs: 20,
      })
      const audit = result.audits.find((a) => a.id === broken.caughtBy)
      expect(audit?.status).toBe('fail')
      const message = audit?.status === 'fail' ? audit.message : ''
      expect(message).toContain(broken.evidence)
      expect(result.grade).toBe('failing')
    })
  }
})
