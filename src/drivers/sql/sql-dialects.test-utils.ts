import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ObjectConfig } from '../../kernel/spec/object-config.js'
import type { SqlDriverConfig } from './sql-driver-config.js'
import { SqlDriver } from './sql-driver.js'

/**
 * The dialect matrix of the SQL driver's tests: SQLite in memory and in a temp file always,
 * PostgreSQL and MySQL/MariaDB when their URL is set. `title` carries the skip reason, so a
 * skipped dialect says why in the test output.
 */
export interface SqlTestDialect {
  readonly key: 'sqlite-memory' | 'sqlite-file' | 'postgres' | 'mysql'
  readonly title: string
  readonly skip: boolean
  /** A config with a table prefix unique to this test file and run. */
  config(prefix: string): SqlDriverConfig
}

const POSTGRES_URL = process.env['OBJECTQL_POSTGRES_URL']
const MYSQL_URL = process.env['OBJECTQL_MYSQL_URL']

let tempDir: string | undefined
function sqliteFile(prefix: string): string {
  tempDir ??= mkdtempSync(join(tmpdir(), 'objectql-sql-'))
  return join(tempDir, `${prefix}db.sqlite`)
}

/** Removes the temp directory of the file-backed SQLite dialect. */
export function removeTempFiles(): void {
  if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true })
  tempDir = undefined
}

export const SQL_TEST_DIALECTS: readonly SqlTestDialect[] = [
  {
    key: 'sqlite-memory',
    title: 'sql:sqlite (:memory:)',
    skip: false,
    config: (tablePrefix) => ({
      client: 'sqlite',
      connection: { filename: ':memory:' },
      tablePrefix,
    }),
  },
  {
    key: 'sqlite-file',
    title: 'sql:sqlite (file)',
    skip: false,
    config: (tablePrefix) => ({
      client: 'sqlite',
      connection: { filename: sqliteFile(tablePrefix) },
      tablePrefix,
    }),
  },
  {
    key: 'postgres',
    title:
      POSTGRES_URL === undefined
        ? 'sql:postgres (skipped: OBJECTQL_POSTGRES_URL not set)'
        : 'sql:postgres',
    skip: POSTGRES_URL === undefined,
    config: (tablePrefix) => ({
      client: 'postgres',
      connection: POSTGRES_URL ?? '',
      tablePrefix,
      pool: { max: 4 },
    }),
  },
  {
    key: 'mysql',
    title:
      MYSQL_URL === undefined ? 'sql:mysql (skipped: OBJECTQL_MYSQL_URL not set)' : 'sql:mysql',
    skip: MYSQL_URL === undefined,
    config: (tablePrefix) => ({
      client: 'mysql',
      connection: MYSQL_URL ?? '',
      tablePrefix,
      pool: { max: 4 },
    }),
  },
]

let sequence = 0

/** A table prefix unique per process, file tag and call (parallel runs never collide). */
export function uniquePrefix(tag: string): string {
  sequence += 1
  return `t${process.pid}_${tag}${sequence}_`
}

/** A connected driver with `objects` synced; `close()` drops its tables and disconnects. */
export interface OpenedDriver {
  readonly driver: SqlDriver
  readonly close: () => Promise<void>
}

/** Connects a driver of the dialect and syncs the objects. */
export async function openDriver(
  dialect: SqlTestDialect,
  tag: string,
  objects: readonly ObjectConfig[],
  overrides: Partial<SqlDriverConfig> = {},
): Promise<OpenedDriver> {
  const driver = new SqlDriver({ ...dialect.config(uniquePrefix(tag)), ...overrides })
  await driver.connect()
  await driver.syncSchema(objects)
  return {
    driver,
    close: async () => {
      for (const object of objects) await driver.dropTable(object.name)
      await driver.disconnect()
    },
  }
}

/** An object with one field of most storage kinds, used across the behaviour tests. */
export const ITEM_OBJECT: ObjectConfig = Object.freeze({
  name: 'item',
  fields: Object.freeze({
    title: { type: 'text' },
    qty: { type: 'number' },
    done: { type: 'boolean' },
    due: { type: 'datetime' },
    day: { type: 'date' },
    at: { type: 'time' },
    status: {
      type: 'select',
      options: [
        { label: 'Open', value: 'open' },
        { label: 'Closed', value: 'closed' },
      ],
    },
    rank: { type: 'select' },
    tags: { type: 'tags' },
    meta: { type: 'json' },
    owner: { type: 'lookup', reference: 'item', index: true },
    code: { type: 'text', unique: true },
  }),
}) as ObjectConfig
