import { ObjectQLError } from '../../kernel/errors.js'

/** Options of {@link MongoDriver}. */
export interface MongoDriverConfig {
  /** Connection string, `mongodb://...` or `mongodb+srv://...` (credentials in the URL). */
  readonly url: string
  /** The database that holds the collections. */
  readonly database: string
  /**
   * Prepended to every collection name (`<prefix><object>`), so several applications or test
   * runs can share one database without seeing each other's records. Default `''`.
   */
  readonly collectionPrefix?: string
  /**
   * How long `connect()` and each operation wait for a usable server before failing with
   * `DRIVER_UNAVAILABLE` (ms). The MongoDB default is 30 s, far too long for a health gate, so
   * the driver defaults to 2 000.
   */
  readonly serverSelectionTimeoutMS?: number
  /**
   * Whether the deployment runs multi-document transactions (a replica set or a sharded
   * cluster; a standalone server refuses them). Decides the `transactions` capability, which
   * must be known before connecting. Default: true when the URL names a `replicaSet` or uses
   * `mongodb+srv://` (always a replica set), false otherwise.
   */
  readonly transactions?: boolean
}

/** A config with defaults applied; what the driver works with. */
export interface ResolvedMongoDriverConfig {
  readonly url: string
  readonly database: string
  readonly collectionPrefix: string
  readonly serverSelectionTimeoutMS: number
  readonly transactions: boolean
}

/** Default of {@link MongoDriverConfig.serverSelectionTimeoutMS}. */
export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 2_000

// MongoDB's own limits: database names cannot hold these characters, collection names cannot
// contain `$` or NUL, and names starting with `system.` are reserved.
const BAD_DATABASE_CHARS = /[/\\. "$*<>:|?\0]/

/**
 * Validates a config and fills in defaults. Nothing connects here.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming the bad option.
 */
export function resolveMongoConfig(config: MongoDriverConfig): ResolvedMongoDriverConfig {
  if (typeof config !== 'object' || config === null) {
    throw invalid('the mongo driver needs a config object with url and database')
  }
  const { url, database } = config
  if (typeof url !== 'string' || !/^mongodb(\+srv)?:\/\/\S+$/.test(url)) {
    throw invalid('mongo driver url must start with mongodb:// or mongodb+srv://')
  }
  if (typeof database !== 'string' || database === '' || BAD_DATABASE_CHARS.test(database)) {
    throw invalid(`mongo driver database '${String(database)}' is not a valid database name`)
  }
  const prefix = config.collectionPrefix ?? ''
  if (typeof prefix !== 'string' || prefix.includes('$') || prefix.includes('\0')) {
    throw invalid("mongo driver collectionPrefix must be a string without '$' or NUL")
  }
  if (prefix.startsWith('system.')) throw invalid("collectionPrefix must not start with 'system.'")
  const timeout = config.serverSelectionTimeoutMS ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS
  if (!Number.isSafeInteger(timeout) || timeout <= 0) {
    throw invalid('mongo driver serverSelectionTimeoutMS must be a positive integer (ms)')
  }
  if (config.transactions !== undefined && typeof config.transactions !== 'boolean') {
    throw invalid('mongo driver transactions must be a boolean')
  }
  return {
    url,
    database,
    collectionPrefix: prefix,
    serverSelectionTimeoutMS: timeout,
    transactions: config.transactions ?? impliesReplicaSet(url),
  }
}

/** True when a connection string can only reach a replica set (or names one). */
export function impliesReplicaSet(url: string): boolean {
  if (url.startsWith('mongodb+srv://')) return true
  const query = url.split('?')[1] ?? ''
  return new URLSearchParams(query).has('replicaSet')
}

function invalid(message: string): ObjectQLError {
  return new ObjectQLError('CONFIG_INVALID', message)
}
