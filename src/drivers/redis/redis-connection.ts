import { Redis } from 'ioredis'
import { ObjectQLError } from '../../kernel/errors.js'
import { mapRedisError } from './redis-error-map.js'
import type { ResolvedRedisDriverConfig } from './redis-driver-config.js'

/** Longest pause between reconnect attempts after a lost connection (ms). */
const MAX_RECONNECT_DELAY_MS = 1_000

/**
 * One Redis connection of the driver, tuned so that nothing hangs:
 * - the first connect fails at once on a refused or timed-out socket (no retry loop left
 *   running behind a rejected `connect()`), within `connectTimeoutMs` in any case;
 * - once connected, the offline queue is off and `maxRetriesPerRequest` is 0: while the
 *   connection is down every command fails immediately (`DRIVER_UNAVAILABLE`), a command in
 *   flight when it drops fails instead of being re-sent (a re-sent write could apply twice), and
 *   ioredis reconnects in the background so the driver recovers when Redis is back;
 * - every command is bounded by `commandTimeoutMs`;
 * - {@link RedisConnection.close} leaves no socket or timer behind.
 * A client given by the caller is used as it is and never closed here.
 */
export class RedisConnection {
  readonly client: Redis
  readonly #owned: boolean
  readonly #commandTimeoutMs: number

  private constructor(client: Redis, owned: boolean, commandTimeoutMs: number) {
    this.client = client
    this.#owned = owned
    this.#commandTimeoutMs = commandTimeoutMs
  }

  /**
   * Opens (or adopts) the connection and checks that Redis answers.
   *
   * @throws ObjectQLError `DRIVER_UNAVAILABLE` (refused, timed out, closed client, auth...).
   */
  static async open(config: ResolvedRedisDriverConfig): Promise<RedisConnection> {
    if (config.client !== undefined) return RedisConnection.#adopt(config)
    const state = { connecting: true, lastError: undefined as Error | undefined }
    const client = new Redis(config.url ?? '', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      connectTimeout: config.connectTimeoutMs,
      commandTimeout: config.commandTimeoutMs,
      retryStrategy: (times) =>
        state.connecting ? null : Math.min(times * 100, MAX_RECONNECT_DELAY_MS),
    })
    // Without a listener ioredis prints every socket error; the last one is the useful cause.
    client.on('error', (error: Error) => {
      state.lastError = error
    })
    try {
      await withTimeout(client.connect(), config.connectTimeoutMs, 'connect')
    } catch (error) {
      client.disconnect()
      throw mapRedisError(state.lastError ?? error, `connect to ${redactUrl(config.url)}`)
    }
    state.connecting = false
    return new RedisConnection(client, true, config.commandTimeoutMs)
  }

  static async #adopt(config: ResolvedRedisDriverConfig): Promise<RedisConnection> {
    const client = config.client as Redis
    if (client.status === 'end' || client.status === 'close') {
      throw new ObjectQLError(
        'DRIVER_UNAVAILABLE',
        'the ioredis client given to the driver is closed',
      )
    }
    const connection = new RedisConnection(client, false, config.commandTimeoutMs)
    try {
      if (client.status === 'wait') {
        await withTimeout(client.connect(), config.connectTimeoutMs, 'connect')
      }
      await withTimeout(client.ping(), config.connectTimeoutMs, 'PING')
    } catch (error) {
      throw mapRedisError(error, 'connect with the given ioredis client')
    }
    return connection
  }

  /** True when Redis answers PING within the command timeout. Never throws. */
  async ping(): Promise<boolean> {
    try {
      return (await withTimeout(this.client.ping(), this.#commandTimeoutMs, 'PING')) === 'PONG'
    } catch {
      return false // a health check reports failure instead of throwing
    }
  }

  /** Closes an owned connection (QUIT, then the socket in any case); adopted clients stay open. */
  async close(): Promise<void> {
    if (!this.#owned) return
    try {
      if (this.client.status === 'ready') {
        await withTimeout(this.client.quit(), this.#commandTimeoutMs, 'QUIT')
      }
    } catch {
      // QUIT is only the polite way out; the socket is closed below whatever it answered.
    } finally {
      this.client.disconnect()
    }
  }
}

/**
 * Races a promise against a timer (cleared either way). On timeout the promise is left to
 * settle on its own, with its rejection handled so it cannot surface as unhandled.
 */
async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Command timed out: ${what} after ${ms} ms`)), ms)
  })
  promise.catch(() => undefined)
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The URL without its password, for messages. */
function redactUrl(url: string | undefined): string {
  return (url ?? '').replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
}
