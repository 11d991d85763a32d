import { SqlDriver } from '../../drivers/sql/index.js'
import { normalizeQuery } from '../../kernel/spec/query-normalizer.js'
import type { TimedScenario } from '../scenario.js'
import { isSkip } from '../scenario.js'
import { BENCH_OBJECT, benchRecords, cycle, uniqueSuffix } from './scenario-fixtures.js'
import { benchSqlConfig, openRawSql } from './sql-raw-clients.js'
import type { BenchSqlClient, RawSql } from './sql-raw-clients.js'

const OBJECT = BENCH_OBJECT.name
const ROWS = 1000

/** One SQL backend a scenario can run on. */
interface SqlBackend {
  readonly client: BenchSqlClient
  readonly label: string
  readonly kind: 'in-process' | 'io'
}

const BACKENDS: readonly SqlBackend[] = [
  { client: 'sqlite', label: 'SQLite', kind: 'in-process' },
  { client: 'postgres', label: 'PostgreSQL', kind: 'io' },
  { client: 'mysql', label: 'MySQL/MariaDB', kind: 'io' },
]

interface SqlFixture {
  readonly driver: SqlDriver
  readonly raw: RawSql
  readonly ids: readonly string[]
  readonly close: () => Promise<void>
}

async function openFixture(backend: SqlBackend): Promise<SqlFixture | { skip: string }> {
  const config = benchSqlConfig(backend.client)
  if (isSkip(config)) return config
  const tablePrefix = `bench_${uniqueSuffix()}_`
  const driver = new SqlDriver({ ...config, tablePrefix, pool: { max: 2 } })
  try {
    await driver.connect()
    await driver.syncSchema([BENCH_OBJECT])
    const records = benchRecords(ROWS)
    await driver.bulkCreate(OBJECT, records)
    return {
      driver,
      raw: openRawSql(driver, `${tablePrefix}${OBJECT}`),
      ids: records.map((record) => record.id),
      close: async () => {
        try {
          await driver.dropTable(OBJECT)
        } finally {
          await driver.disconnect()
        }
      },
    }
  } catch (error) {
    // Cleanup after a failed setup; the setup error is the one reported.
    await driver.disconnect().catch(() => undefined)
    throw error
  }
}

function findOneScenario(backend: SqlBackend): TimedScenario {
  return {
    name: `sql/${backend.client}-findOne-vs-raw`,
    group: 'sql',
    kind: backend.kind,
    title: `${backend.label} findOne vs raw client`,
    description:
      `SqlDriver.findOne by id on ${backend.label} (${ROWS.toLocaleString('en')} rows), against ` +
      `${rawName(backend)} running the same SELECT by primary key as a prepared statement.`,
    ...(backend.client === 'sqlite'
      ? { target: { max: 3, label: 'within 3x of a raw better-sqlite3 statement (SQL issue)' } }
      : {}),
    async setup() {
      const fixture = await openFixture(backend)
      if (isSkip(fixture)) return fixture
      const nextDriverId = cycle(fixture.ids)
      const nextRawId = cycle(fixture.ids)
      return {
        task: () => fixture.driver.findOne(OBJECT, nextDriverId()),
        reference: () => fixture.raw.findOne(nextRawId()),
        teardown: fixture.close,
      }
    },
  }
}

function findPageScenario(backend: SqlBackend): TimedScenario {
  return {
    name: `sql/${backend.client}-find-100-vs-raw`,
    group: 'sql',
    kind: backend.kind,
    title: `${backend.label} filtered find of 100 rows vs raw client`,
    description:
      `SqlDriver.find with status = 'open', ordered by priority then id, limit 100, against ` +
      `${rawName(backend)} running the equivalent SELECT as a prepared statement.`,
    ...(backend.client === 'postgres'
      ? { target: { max: 1.3, label: 'within 1.3x of raw pg (SQL issue)' } }
      : {}),
    async setup() {
      const fixture = await openFixture(backend)
      if (isSkip(fixture)) return fixture
      const query = normalizeQuery(
        { where: { status: 'open' }, orderBy: [{ field: 'priority', order: 'asc' }], limit: 100 },
        BENCH_OBJECT,
        'find',
      )
      return {
        task: () => fixture.driver.find(OBJECT, query),
        reference: () => fixture.raw.findPage('open'),
        teardown: fixture.close,
      }
    },
  }
}

function rawName(backend: SqlBackend): string {
  switch (backend.client) {
    case 'sqlite':
      return "better-sqlite3 on the driver's own connection (nativeClient)"
    case 'postgres':
      return "raw pg on the driver's own pool (nativeClient)"
    case 'mysql':
      return "raw mysql2 on the driver's own pool (nativeClient)"
  }
}

/** Each SQL dialect against its raw client. PostgreSQL and MySQL skip without a URL. */
export const SQL_SCENARIOS: readonly TimedScenario[] = BACKENDS.flatMap((backend) => [
  findOneScenario(backend),
  findPageScenario(backend),
])

/** URL of this module: bench workers import only the module of the scenario they run. */
export const SQL_SCENARIO_MODULE: string = import.meta.url
