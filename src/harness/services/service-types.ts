/**
 * Shared types of the test-service layer: which backends can be provided, how each one was
 * provided, and the options of `provide()`.
 */

/** The backends `provide()` knows. */
export const SERVICE_NAMES = ['postgres', 'mysql', 'redis', 'mongo'] as const

/** A backend `provide()` knows. */
export type ServiceName = (typeof SERVICE_NAMES)[number]

/**
 * How a service was obtained, in the order `provide()` tries them: an explicit URL from the
 * environment, a container, a throwaway local server, or nothing (with a reason).
 */
export type ServiceKind = 'url' | 'container' | 'local-server' | 'unavailable'

/** The outcome of `provide()`. Always call `release()` (it is a no-op for `url`/`unavailable`). */
export interface ProvidedService {
  readonly service: ServiceName
  readonly kind: ServiceKind
  /** Connection URL; present unless `kind` is `unavailable`. */
  readonly url?: string
  /** Why the service is unavailable (every path that was tried, and why it failed). */
  readonly reason?: string
  /**
   * For `kind: 'url'`: how the URL's publisher obtained the service, when a `globalSetup`
   * recorded it in `OBJECTQL_SERVICE_REPORT` (e.g. `local-server`), so reports can say which
   * backend really ran.
   */
  readonly origin?: ServiceKind
  /** Milliseconds spent obtaining the service (0 for `url`). */
  readonly startMs: number
  /** One line per path tried, in order, e.g. `container: skipped (no DOCKER_HOST, no socket)`. */
  readonly attempts: readonly string[]
  /** Stops the container or local server and removes its temp dir; idempotent. */
  readonly release: () => Promise<void>
}

/** A started backend, before `provide()` wraps it into a {@link ProvidedService}. */
export interface StartedService {
  readonly url: string
  readonly release: () => Promise<void>
}

/** Options of the throwaway local servers. */
export interface LocalServerOptions {
  /**
   * Directory holding the server binaries. When set, only this directory is searched (useful to
   * pin a version, or to simulate missing binaries in tests).
   */
  readonly binDir?: string
  /** Milliseconds to wait for the server to answer before giving up (default 30 000). */
  readonly startTimeoutMs?: number
  /** Parent of the per-server temp dir (default `os.tmpdir()`). */
  readonly tmpRoot?: string
}

/** Options of `provide()`. */
export interface ProvideOptions {
  /** The environment to read `OBJECTQL_*_URL` and `OBJECTQL_REQUIRE` from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Try a container when a runtime answers (default true). */
  readonly container?: boolean
  /** Try a throwaway local server when its binaries exist (default true). */
  readonly localServer?: boolean
  /** Options for the throwaway local servers, per service. */
  readonly local?: Readonly<Partial<Record<ServiceName, LocalServerOptions>>>
  /** Milliseconds the container-runtime check may take (default 1 500). */
  readonly containerDetectTimeoutMs?: number
}

/** The environment variable holding an explicit URL for `service`. */
export function serviceUrlVariable(service: ServiceName): string {
  return `OBJECTQL_${service.toUpperCase()}_URL`
}
