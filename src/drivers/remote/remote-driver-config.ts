import { ObjectQLError } from '../../kernel/errors.js'

/**
 * How the remote driver retries. Only idempotent requests (GET, PUT, DELETE) are ever retried,
 * and only after a failure a retry can cure: a network error, a timeout, HTTP 408/429/502/503/504
 * or a transient catalog code (`DRIVER_UNAVAILABLE`). POST and PATCH are sent exactly once.
 */
export interface RemoteRetryPolicy {
  /** Attempts in total, the first included: `1` never retries. */
  readonly attempts: number
  /** Ceiling of the first back-off; it doubles per retry (exponential back-off). */
  readonly baseDelayMs: number
  /** Cap of any one back-off. Each wait is a random fraction of its ceiling ("full jitter"). */
  readonly maxDelayMs: number
}

/**
 * What `syncSchema(objects)` does on the server: `verify` (default) checks that the server
 * declares every object and field the client declares, with the same types, and changes
 * nothing; `register` sends each definition to `PUT /api/metadata/objects/:name`, which a REST
 * server offers only when it enables it (`createRestProtocol({ registerObject })`).
 */
export type RemoteSchemaMode = 'verify' | 'register'

/** Options of {@link RemoteDriver}. */
export interface RemoteDriverConfig {
  /** Where the REST protocol is mounted, e.g. `https://api.example.com` (routes `/api/data/...`). */
  readonly baseUrl: string
  /** The fetch to use; default `globalThis.fetch`, looked up on every request. */
  readonly fetch?: typeof fetch
  /** Per attempt: a request (body included) not done by then fails with `DRIVER_UNAVAILABLE`. */
  readonly timeoutMs?: number
  /** Retries of idempotent requests; default {@link DEFAULT_RETRY_POLICY}. */
  readonly retries?: RemoteRetryPolicy
  /** Sent with every request (e.g. `authorization`). */
  readonly headers?: Readonly<Record<string, string>>
  /** See {@link RemoteSchemaMode}; default `verify`. */
  readonly schema?: RemoteSchemaMode
  /**
   * Records asked for per list request while a `find` without `limit` pages through everything
   * (default 1000, the REST protocol's default `maxPageSize`). A server with a smaller maximum
   * answers `LIMIT_EXCEEDED` naming it, and the driver continues with that size.
   */
  readonly pageSize?: number
}

/** A {@link RemoteDriverConfig} checked and completed with defaults. */
export interface ResolvedRemoteConfig {
  /** Without a trailing slash. */
  readonly baseUrl: string
  readonly fetch: typeof fetch | undefined
  readonly timeoutMs: number
  readonly retries: RemoteRetryPolicy
  readonly headers: Readonly<Record<string, string>>
  readonly schema: RemoteSchemaMode
  readonly pageSize: number
}

/** Default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 10_000

/** Default retries: three attempts, waits of up to 100 ms then 200 ms. */
export const DEFAULT_RETRY_POLICY: RemoteRetryPolicy = Object.freeze({
  attempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 2_000,
})

/** Default page size of list requests. */
export const DEFAULT_PAGE_SIZE = 1000

function invalid(message: string, option: string, cause?: unknown): ObjectQLError {
  return new ObjectQLError('CONFIG_INVALID', `remote driver: ${message}`, {
    details: { option },
    ...(cause === undefined ? {} : { cause }),
  })
}

function positiveInteger(value: unknown, option: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(`${option} must be an integer >= ${min}, got ${String(value)}`, option)
  }
  return value
}

function checkBaseUrl(value: unknown): string {
  if (typeof value !== 'string') throw invalid('baseUrl must be a string', 'baseUrl')
  let url: URL
  try {
    url = new URL(value)
  } catch (cause) {
    throw invalid(`baseUrl '${value}' is not an absolute URL`, 'baseUrl', cause)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`baseUrl must use http or https, got '${url.protocol}'`, 'baseUrl')
  }
  if (url.search !== '' || url.hash !== '') {
    throw invalid('baseUrl may not have a query or a fragment', 'baseUrl')
  }
  return url.href.replace(/\/+$/, '')
}

function checkRetries(value: RemoteRetryPolicy | undefined): RemoteRetryPolicy {
  if (value === undefined) return DEFAULT_RETRY_POLICY
  if (typeof value !== 'object' || value === null) {
    throw invalid('retries must be { attempts, baseDelayMs, maxDelayMs }', 'retries')
  }
  const attempts = positiveInteger(value.attempts, 'retries.attempts', 1)
  const baseDelayMs = positiveInteger(value.baseDelayMs, 'retries.baseDelayMs', 0)
  const maxDelayMs = positiveInteger(value.maxDelayMs, 'retries.maxDelayMs', 0)
  if (maxDelayMs < baseDelayMs) {
    throw invalid('retries.maxDelayMs may not be below retries.baseDelayMs', 'retries.maxDelayMs')
  }
  return Object.freeze({ attempts, baseDelayMs, maxDelayMs })
}

function checkHeaders(value: unknown): Readonly<Record<string, string>> {
  if (value === undefined) return Object.freeze({})
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('headers must be an object of strings', 'headers')
  }
  const entries = Object.entries(value as Record<string, unknown>)
  const bad = entries.find(([, header]) => typeof header !== 'string')
  if (bad !== undefined) throw invalid(`header '${bad[0]}' must be a string`, 'headers')
  return Object.freeze(Object.fromEntries(entries) as Record<string, string>)
}

/**
 * Checks a {@link RemoteDriverConfig} and fills in the defaults.
 *
 * @throws ObjectQLError `CONFIG_INVALID` naming the bad option.
 */
export function resolveRemoteConfig(config: RemoteDriverConfig): ResolvedRemoteConfig {
  if (typeof config !== 'object' || config === null) {
    throw invalid('needs a config object with a baseUrl', 'baseUrl')
  }
  if (config.fetch !== undefined && typeof config.fetch !== 'function') {
    throw invalid('fetch must be a function', 'fetch')
  }
  const schema = config.schema ?? 'verify'
  if (schema !== 'verify' && schema !== 'register') {
    throw invalid(`schema must be 'verify' or 'register', got '${String(schema)}'`, 'schema')
  }
  return Object.freeze({
    baseUrl: checkBaseUrl(config.baseUrl),
    fetch: config.fetch,
    timeoutMs: positiveInteger(config.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs', 1),
    retries: checkRetries(config.retries),
    headers: checkHeaders(config.headers),
    schema,
    pageSize: positiveInteger(config.pageSize ?? DEFAULT_PAGE_SIZE, 'pageSize', 1),
  })
}
