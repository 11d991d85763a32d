import { ObjectQLError } from '../../kernel/errors.js'
import { detectContainerRuntime } from './container-runtime.js'
import { startContainerService } from './container-service.js'
import { startLocalMysql } from './local-mysql.js'
import { startLocalPostgres } from './local-postgres.js'
import { startLocalRedis } from './local-redis.js'
import { readServiceReport } from './service-report.js'
import { SERVICE_NAMES, serviceUrlVariable } from './service-types.js'
import type {
  LocalServerOptions,
  ProvideOptions,
  ProvidedService,
  ServiceName,
  StartedService,
} from './service-types.js'

const LOCAL_SERVERS: Readonly<
  Partial<Record<ServiceName, (options?: LocalServerOptions) => Promise<StartedService>>>
> = {
  postgres: startLocalPostgres,
  mysql: startLocalMysql,
  redis: startLocalRedis,
}

/**
 * Provides a real backend for tests, trying in order:
 * 1. an explicit URL from the environment (`OBJECTQL_POSTGRES_URL`, `OBJECTQL_MYSQL_URL`,
 *    `OBJECTQL_REDIS_URL`, `OBJECTQL_MONGO_URL`), used as given;
 * 2. a container via testcontainers, when a container runtime answers (detected in
 *    milliseconds, see `detectContainerRuntime`);
 * 3. a throwaway local server (PostgreSQL, MariaDB, Redis) when the server binaries are
 *    installed: a temp dir, a free loopback port, stopped by `release()`;
 * 4. otherwise `kind: 'unavailable'` with the reason of every step.
 *
 * When `OBJECTQL_REQUIRE` (comma-separated service names, as CI sets it) names the service,
 * `unavailable` becomes a thrown `SERVICE_UNAVAILABLE` error instead.
 *
 * @example
 * const pg = await provide('postgres')
 * afterAll(() => pg.release())
 * describe.skipIf(pg.kind === 'unavailable')(`sql on postgres (${pg.kind})`, () => { ... })
 */
export async function provide(
  service: ServiceName,
  options: ProvideOptions = {},
): Promise<ProvidedService> {
  if (!(SERVICE_NAMES as readonly string[]).includes(service)) {
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `unknown service '${String(service)}'; expected one of ${SERVICE_NAMES.join(', ')}`,
    )
  }
  const env = options.env ?? process.env
  const attempts: string[] = []
  const variable = serviceUrlVariable(service)
  const explicit = env[variable]
  if (explicit !== undefined && explicit.trim() !== '') {
    const url = explicit.trim()
    const published = readServiceReport(env).find(
      (entry) => entry.service === service && entry.url === url,
    )
    attempts.push(`url: ${variable} is set${published ? ` (published: ${published.kind})` : ''}`)
    const result = provided(service, 'url', url, 0, attempts, async () => undefined)
    return published === undefined ? result : Object.freeze({ ...result, origin: published.kind })
  }
  attempts.push(`url: ${variable} is not set`)

  if (options.container === false) {
    attempts.push('container: disabled by options')
  } else {
    const runtime = await detectContainerRuntime({
      ...(options.env === undefined ? {} : { env: options.env }),
      timeoutMs: options.containerDetectTimeoutMs ?? 1500,
    })
    if (!runtime.available) {
      attempts.push(`container: skipped (${runtime.reason}; checked in ${runtime.elapsedMs} ms)`)
    } else {
      const started = await attempt(attempts, 'container', () =>
        startContainerService(service, imageOption(env, service)),
      )
      if (started !== undefined) {
        return provided(service, 'container', started.url, started.ms, attempts, started.release)
      }
    }
  }

  const local = LOCAL_SERVERS[service]
  if (options.localServer === false) {
    attempts.push('local-server: disabled by options')
  } else if (local === undefined) {
    attempts.push(`local-server: not supported for ${service} (no server package to start)`)
  } else {
    const started = await attempt(attempts, 'local-server', () => local(options.local?.[service]))
    if (started !== undefined) {
      return provided(service, 'local-server', started.url, started.ms, attempts, started.release)
    }
  }

  const reason = attempts.join('; ')
  if (requiredServices(env).includes(service)) {
    throw new ObjectQLError(
      'SERVICE_UNAVAILABLE',
      `${service} is required (OBJECTQL_REQUIRE=${env.OBJECTQL_REQUIRE ?? ''}) but unavailable: ${reason}`,
      { details: { service, reason, attempts } },
    )
  }
  return provided(service, 'unavailable', undefined, 0, attempts, async () => undefined, reason)
}

/** The services `OBJECTQL_REQUIRE` names (comma- or space-separated, case-insensitive). */
export function requiredServices(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServiceName[] {
  const names = (env.OBJECTQL_REQUIRE ?? '')
    .split(/[\s,]+/)
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '')
  const unknown = names.filter((name) => !(SERVICE_NAMES as readonly string[]).includes(name))
  if (unknown.length > 0) {
    // A typo here would silently turn a required service into an optional one.
    throw new ObjectQLError(
      'CONFIG_INVALID',
      `OBJECTQL_REQUIRE names unknown service(s) ${unknown.join(', ')}; expected ${SERVICE_NAMES.join(', ')}`,
    )
  }
  return names as ServiceName[]
}

/** One line for logs and reports, e.g. `redis: local-server redis://127.0.0.1:40211/0 (31 ms)`. */
export function describeProvided(service: ProvidedService): string {
  return service.kind === 'unavailable'
    ? `${service.service}: unavailable (${service.reason ?? 'no reason'})`
    : `${service.service}: ${service.kind}${service.origin ? ` (${service.origin})` : ''} ${service.url ?? ''} (${service.startMs} ms)`
}

async function attempt(
  attempts: string[],
  label: string,
  start: () => Promise<StartedService>,
): Promise<(StartedService & { ms: number }) | undefined> {
  const begin = performance.now()
  try {
    const started = await start()
    const ms = Math.round(performance.now() - begin)
    attempts.push(`${label}: started in ${ms} ms`)
    return { ...started, ms }
  } catch (error) {
    // Not swallowed: the message becomes part of the reason, and OBJECTQL_REQUIRE fails on it.
    const message = error instanceof Error ? error.message : String(error)
    attempts.push(`${label}: failed (${message})`)
    return undefined
  }
}

function imageOption(
  env: Readonly<Record<string, string | undefined>>,
  service: ServiceName,
): { image?: string } {
  const image = env[`OBJECTQL_${service.toUpperCase()}_IMAGE`]
  return image === undefined || image === '' ? {} : { image }
}

function provided(
  service: ServiceName,
  kind: ProvidedService['kind'],
  url: string | undefined,
  startMs: number,
  attempts: readonly string[],
  release: () => Promise<void>,
  reason?: string,
): ProvidedService {
  return Object.freeze({
    service,
    kind,
    ...(url === undefined ? {} : { url }),
    ...(reason === undefined ? {} : { reason }),
    startMs,
    attempts: Object.freeze([...attempts]),
    release,
  })
}
