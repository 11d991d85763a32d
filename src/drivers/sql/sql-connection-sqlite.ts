import Database from 'better-sqlite3'
import { ObjectQLError } from '../../kernel/errors.js'
import type {
  SqlConnector,
  SqlLease,
  SqlNativeClient,
  SqlPoolStats,
  SqlRow,
} from './sql-connection.js'
import { StatementCache } from './sql-statement-cache.js'

type Statement = Database.Statement<unknown[], SqlRow>
type ArrayStatement = Database.Statement<unknown[], unknown[]>

/**
 * SQLite through better-sqlite3: one connection (`:memory:` databases exist only inside it),
 * prepared statements cached by SQL text (record reads in raw mode, rows as arrays, in a cache
 * of their own since the mode belongs to the statement). better-sqlite3 is synchronous, so a
 * statement never interleaves with another; a transaction, however, spans awaits, so while one
 * holds the connection every other caller waits (at most `busyTimeoutMs`, then
 * DRIVER_UNAVAILABLE) instead of silently running inside someone else's transaction.
 */
export class SqliteConnector implements SqlConnector {
  readonly #filename: string
  readonly #busyTimeoutMs: number
  readonly #cacheSize: number
  #statements: StatementCache<Statement>
  #arrayStatements: StatementCache<ArrayStatement>
  #db: Database.Database | undefined
  #holder: symbol | undefined
  #waiters: (() => void)[] = []

  constructor(filename: string, busyTimeoutMs: number, cacheSize: number) {
    this.#filename = filename
    this.#busyTimeoutMs = busyTimeoutMs
    this.#cacheSize = cacheSize * 4
    this.#statements = new StatementCache(this.#cacheSize)
    this.#arrayStatements = new StatementCache(this.#cacheSize)
  }

  async open(): Promise<void> {
    const db = new Database(this.#filename, { timeout: this.#busyTimeoutMs })
    try {
      if (!db.memory) db.pragma('journal_mode = WAL')
      db.pragma('foreign_keys = ON')
      db.prepare('SELECT 1').get()
    } catch (error) {
      db.close()
      throw error
    }
    this.#statements = new StatementCache(this.#cacheSize)
    this.#arrayStatements = new StatementCache(this.#cacheSize)
    this.#db = db
  }

  async close(): Promise<void> {
    const db = this.#db
    this.#db = undefined
    this.#holder = undefined
    for (const wake of this.#waiters.splice(0)) wake()
    db?.close()
  }

  async query(sql: string, params: readonly unknown[]): Promise<SqlRow[]> {
    while (this.#holder !== undefined) await this.#waitFree()
    return this.#all(sql, params)
  }

  async select(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    while (this.#holder !== undefined) await this.#waitFree()
    return this.#arrays(sql, params)
  }

  async execute(sql: string, params: readonly unknown[]): Promise<number> {
    while (this.#holder !== undefined) await this.#waitFree()
    return this.#run(sql, params)
  }

  async raw(sql: string, params: readonly unknown[] = []): Promise<SqlRow[]> {
    while (this.#holder !== undefined) await this.#waitFree()
    return this.#rawNow(sql, params)
  }

  async acquire(): Promise<SqlLease> {
    while (this.#holder !== undefined) await this.#waitFree()
    this.#database() // fail now, not at the first statement, when closed
    const token = Symbol('sqlite-lease')
    this.#holder = token
    const owned = (): void => {
      if (this.#holder !== token) {
        throw new ObjectQLError('TRANSACTION_FAILED', 'this SQLite connection lease has ended')
      }
    }
    return {
      query: async (sql, params) => (owned(), this.#all(sql, params)),
      select: async (sql, params) => (owned(), this.#arrays(sql, params)),
      execute: async (sql, params) => (owned(), this.#run(sql, params)),
      raw: async (sql, params = []) => (owned(), this.#rawNow(sql, params)),
      release: async () => {
        if (this.#holder !== token) return
        this.#holder = undefined
        // Wake everyone; each re-checks, and the first to run synchronously wins.
        for (const wake of this.#waiters.splice(0)) wake()
      },
    }
  }

  stats(): SqlPoolStats | undefined {
    const open = this.#db === undefined ? 0 : 1
    const busy = this.#holder === undefined ? 0 : open
    return { total: open, idle: open - busy, active: busy, waiting: this.#waiters.length }
  }

  native(): SqlNativeClient {
    return { client: 'sqlite', database: this.#database() }
  }

  #arrays(sql: string, params: readonly unknown[]): unknown[][] {
    let statement = this.#arrayStatements.get(sql)
    if (statement === undefined) {
      const prepared = this.#database().prepare<unknown[], unknown[]>(sql)
      statement = this.#arrayStatements.set(sql, prepared.raw(true))
    }
    return statement.all(...params)
  }

  #all(sql: string, params: readonly unknown[]): SqlRow[] {
    const statement = this.#prepare(sql)
    return statement.reader ? statement.all(...params) : (statement.run(...params), [])
  }

  #run(sql: string, params: readonly unknown[]): number {
    return this.#prepare(sql).run(...params).changes
  }

  #rawNow(sql: string, params: readonly unknown[]): SqlRow[] {
    const statement = this.#database().prepare<unknown[], SqlRow>(sql)
    return statement.reader ? statement.all(...params) : (statement.run(...params), [])
  }

  #prepare(sql: string): Statement {
    const db = this.#database()
    return (
      this.#statements.get(sql) ?? this.#statements.set(sql, db.prepare<unknown[], SqlRow>(sql))
    )
  }

  #database(): Database.Database {
    if (this.#db === undefined) {
      throw new ObjectQLError('DRIVER_NOT_CONNECTED', 'the SQLite database is closed')
    }
    return this.#db
  }

  #waitFree(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== wake)
        reject(
          new ObjectQLError(
            'DRIVER_UNAVAILABLE',
            `the SQLite connection stayed busy for ${this.#busyTimeoutMs} ms (an open transaction holds it)`,
          ),
        )
      }, this.#busyTimeoutMs)
      const wake = (): void => {
        clearTimeout(timer)
        resolve()
      }
      this.#waiters.push(wake)
    })
  }
}
