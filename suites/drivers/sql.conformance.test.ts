import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, test } from 'vitest'
import { driverSuite } from '../../src/compliance/index.js'
import { SqlDriver, dropPrefixedTables } from '../../src/drivers/sql/index.js'
import type { SqlDriverConfig } from '../../src/drivers/sql/index.js'
import { serverBackend } from './server-backend.test-utils.js'

/**
 * The SQL driver through the conformance suite on every dialect: SQLite in memory and in a file
 * (always), PostgreSQL and MariaDB when the run has a server for them (vitest's global setup
 * publishes `OBJECTQL_POSTGRES_URL` / `OBJECTQL_MYSQL_URL` from the harness's `provide()`).
 * Server runs use a table prefix unique to this process and drop their tables afterwards, so
 * runs sharing one server never collide and leave nothing behind.
 */

const seed = Number(process.env['OBJECTQL_SEED'] ?? 20_260_101)
const prefix = `cf${process.pid}_`

driverSuite({
  name: 'sql:sqlite-memory',
  test,
  factory: () => new SqlDriver({ client: 'sqlite', connection: { filename: ':memory:' } }),
  backend: { kind: 'embedded', detail: 'better-sqlite3 :memory:' },
  seed,
})

const dir = mkdtempSync(join(tmpdir(), 'objectql-sqlite-conformance-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
driverSuite({
  name: 'sql:sqlite-file',
  test,
  // One database file for the run, reopened by every factory call, so data goes through disk.
  factory: () => new SqlDriver({ client: 'sqlite', connection: { filename: join(dir, 'c.db') } }),
  backend: { kind: 'embedded', detail: 'better-sqlite3 temp file' },
  seed,
})

const servers = [
  {
    name: 'sql:postgres',
    client: 'postgres',
    service: 'postgres',
    variable: 'OBJECTQL_POSTGRES_URL',
  },
  { name: 'sql:mysql', client: 'mysql', service: 'mysql', variable: 'OBJECTQL_MYSQL_URL' },
] as const

for (const { name, client, service, variable } of servers) {
  const url = process.env[variable]
  if (url === undefined || url === '') {
    describe.skip(`${name} (skipped: no server; set ${variable} or install the server binaries)`, () => {
      test('conformance', () => undefined)
    })
    continue
  }
  const config: SqlDriverConfig = { client, connection: url }
  afterAll(() => dropPrefixedTables({ ...config, tablePrefix: prefix }))
  driverSuite({
    name,
    test,
    factory: () => new SqlDriver({ ...config, tablePrefix: prefix }),
    backend: serverBackend(service, url),
    seed,
  })
}
