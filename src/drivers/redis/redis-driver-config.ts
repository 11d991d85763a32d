import { ObjectQLError } from '../../kernel/errors.js'
import { checkKeyPrefix } from './redis-keys.js'
import type { Redis } from 'ioredis'

/** Options of {@link RedisDriver}. */
export interface RedisDriverConfig {
  /**
   * Where Redis is, e.g. `redis://127.0.0.1:6379/0` (`rediss://` for TLS, credentials in the
   * URL). Defaults to `redis://127.0.0.1:6379`. Give either `url` or `client`, not both.
   */
  readonly url?: string
  /**
   * An ioredis client to reuse instead of opening one. The driver connects it if it is still
   * lazy, never closes it (`disconnect()` only stops the driver), and runs with the client's own
   * retry and queue options, so fail-fast behaviour is then the owner's choice. A client with
   * ioredis' `keyPrefix` option is refused: the driver's scripts build keys themselves.
   */
  readonly client?: Redis
  /**
   * Namespace of every key the driver writes (`<keyPrefix>::...`); drivers with different
   * prefixes never see each other's records, and `clear()` deletes only this prefix. Required:
   * a generated prefix would silently lose the data on the next start. Must not contain `::`
   * or end with `:`.
   */
  readonly keyPrefix: string
  /** Time allowed to open the connection and get a first reply (ms). Default 2 000. */
  readonly connectTimeoutMs?: number
  /** Time allowed for one command or script (ms); a stalled server fails instead of hanging. Default 5 000. */
  readonly commandTimeoutMs?: number
}

/** A config with defaults applied; what the driver works with. */
export interface ResolvedRedisDriverConfig {
  readonly url: string | undefined
  readonly client: Redis | undefined
  readonly keyPrefix: string
  readonly connectTimeoutMs: number
  readonly commandTimeoutMs: number
}

/** The URL used when neither `url` nor `client` is given. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'

/**
 * Validates a config and fills in defaults.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming the bad option.
 */
export function resolveRedisConfig(config: RedisDriverConfig): ResolvedRedisDriverConfig {
  if (typeof config !== 'object' || config === null) {
    throw invalid('the redis driver needs a config object with a keyPrefix')
  }
  const keyPrefix = checkKeyPrefix(config.keyPrefix)
  if (config.url !== undefined && config.client !== undefined) {
    throw invalid('give the redis driver either url or client, not both')
  }
  if (config.url !== undefined && !/^rediss?:\/\//.test(config.url)) {
    throw invalid('redis driver url must start with redis:// or rediss://')
  }
  const client = config.client
  if (client !== undefined) {
    if (typeof client !== 'object' || typeof client.evalsha !== 'function') {
      throw invalid('redis driver client must be an ioredis instance')
    }
    const clientPrefix: unknown = client.options.keyPrefix
    if (typeof clientPrefix === 'string' && clientPrefix !== '') {
      throw invalid(
        "redis driver client must not use ioredis' keyPrefix option; use the driver's keyPrefix",
      )
    }
  }
  return {
    url: client === undefined ? (config.url ?? DEFAULT_REDIS_URL) : undefined,
    client,
    keyPrefix,
    connectTimeoutMs: checkTimeout(config.connectTimeoutMs, 'connectTimeoutMs', 2_000),
    commandTimeoutMs: checkTimeout(config.commandTimeoutMs, 'commandTimeoutMs', 5_000),
  }
}

function checkTimeout(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw invalid(`redis driver ${name} must be a positive integer (ms)`)
  }
  return value
}

function invalid(message: string): ObjectQLError {
  return new ObjectQLError('CONFIG_INVALID', message)
}
