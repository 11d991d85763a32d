import { ObjectQLError } from '../../kernel/errors.js'
import type { ServiceName } from './service-types.js'

/**
 * Proves a service answers: a real login and `SELECT 1` (SQL), `PING` (Redis) or `ping`
 * (MongoDB), each bounded by `timeoutMs`. An open port alone is not enough: PostgreSQL and
 * MariaDB accept TCP connections before they accept logins. Clients are imported lazily so
 * loading the harness never loads four database drivers.
 */
export async function probeService(
  service: ServiceName,
  url: string,
  timeoutMs = 2000,
): Promise<void> {
  switch (service) {
    case 'postgres':
      return probePostgres(url, timeoutMs)
    case 'mysql':
      return probeMysql(url, timeoutMs)
    case 'redis':
      return probeRedis(url, timeoutMs)
    case 'mongo':
      return probeMongo(url, timeoutMs)
  }
}

async function probePostgres(url: string, timeoutMs: number): Promise<void> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs })
  // A server that drops the socket emits 'error' on an idle client; it is reported by connect.
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.query('SELECT 1')
  } finally {
    await client.end().catch(() => undefined)
  }
}

async function probeMysql(url: string, timeoutMs: number): Promise<void> {
  const mysql = await import('mysql2/promise')
  const connection = await mysql.createConnection({ uri: url, connectTimeout: timeoutMs })
  try {
    await connection.query('SELECT 1')
  } finally {
    await connection.end().catch(() => undefined)
  }
}

async function probeRedis(url: string, timeoutMs: number): Promise<void> {
  const { Redis } = await import('ioredis')
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  })
  client.on('error', () => undefined)
  try {
    await client.connect()
    const reply = await client.ping()
    if (reply !== 'PONG') {
      throw new ObjectQLError('SERVICE_UNAVAILABLE', `redis PING answered '${String(reply)}'`)
    }
  } finally {
    client.disconnect()
  }
}

async function probeMongo(url: string, timeoutMs: number): Promise<void> {
  const { MongoClient } = await import('mongodb')
  const client = new MongoClient(url, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
  })
  try {
    await client.connect()
    await client.db('admin').command({ ping: 1 })
  } finally {
    await client.close().catch(() => undefined)
  }
}

/** Options of {@link waitUntilAnswers}. */
export interface WaitOptions {
  readonly timeoutMs: number
  /** Pause between probes (default 50 ms). */
  readonly intervalMs?: number
  /** Returns a reason when waiting is pointless (the server process exited). */
  readonly abandon?: () => string | undefined
}

/**
 * Probes until the service answers; throws `SERVICE_UNAVAILABLE` with the last probe error as
 * `cause` when `timeoutMs` passes or `abandon()` gives a reason.
 */
export async function waitUntilAnswers(
  service: ServiceName,
  url: string,
  options: WaitOptions,
): Promise<void> {
  const deadline = performance.now() + options.timeoutMs
  let lastError: unknown
  for (;;) {
    const abandoned = options.abandon?.()
    if (abandoned !== undefined) {
      throw new ObjectQLError('SERVICE_UNAVAILABLE', `${service}: ${abandoned}`, {
        cause: lastError,
        details: { service },
      })
    }
    const remaining = deadline - performance.now()
    if (remaining <= 0) break
    try {
      await probeService(service, url, Math.max(100, Math.min(2000, Math.round(remaining))))
      return
    } catch (error) {
      lastError = error
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50))
  }
  const message = lastError instanceof Error ? lastError.message : String(lastError)
  throw new ObjectQLError(
    'SERVICE_UNAVAILABLE',
    `${service} did not answer within ${options.timeoutMs} ms (last error: ${message})`,
    { cause: lastError, details: { service } },
  )
}
