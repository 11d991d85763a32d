import { describe, expect, it } from 'vitest'
import { isSkip } from '../scenario.js'
import type { TimedScenario } from '../scenario.js'
import { SQL_SCENARIOS } from './sql-scenarios.js'
import { benchSqlConfig } from './sql-raw-clients.js'
import type { BenchSqlClient } from './sql-raw-clients.js'

type Row = Record<string, unknown>

const clientOf = (scenario: TimedScenario): BenchSqlClient =>
  /^sql\/(sqlite|postgres|mysql)-/.exec(scenario.name)?.[1] as BenchSqlClient

const skipReason = (scenario: TimedScenario): string | undefined => {
  const config = benchSqlConfig(clientOf(scenario))
  return isSkip(config) ? config.skip : undefined
}

describe('SQL scenarios: the raw side runs the same query on the same connection', () => {
  for (const scenario of SQL_SCENARIOS) {
    const reason = skipReason(scenario)
    const title = `${scenario.name}${reason === undefined ? '' : ` (skipped: ${reason})`}`
    it.skipIf(reason !== undefined)(title, async () => {
      const setup = await scenario.setup()
      if (isSkip(setup)) throw new Error(`unexpected skip: ${setup.skip}`)
      let closed = false
      try {
        const records = [await setup.task()].flat() as Row[]
        const rows = [await setup.reference()].flat() as Row[]
        // The same rows in the same order (the raw side returns the client's own values).
        expect(records.length).toBe(scenario.name.includes('find-100') ? 100 : 1)
        expect(rows.map((row) => [row['id'], row['title']])).toEqual(
          records.map((record) => [record['id'], record['title']]),
        )
        await setup.teardown?.()
        closed = true
        // The raw side rode the driver's own pool or connection, which is gone with the driver.
        await expect(Promise.resolve().then(() => setup.reference())).rejects.toThrow()
      } finally {
        if (!closed) await setup.teardown?.()
      }
    })
  }
})
