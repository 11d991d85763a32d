import { ObjectQLError } from '../../kernel/errors.js'
import { provide } from './provide.js'
import { SERVICE_NAMES, serviceUrlVariable } from './service-types.js'
import { SERVICE_REPORT_VARIABLE } from './service-report.js'
import type { ServiceReportEntry } from './service-report.js'
import type { ProvideOptions, ProvidedService, ServiceName } from './service-types.js'

/**
 * A cache of provided services, so each backend is started at most once per registry: a vitest
 * `globalSetup` provides every service once, publishes the URLs as `OBJECTQL_*_URL` variables
 * (workers then resolve them as `kind: 'url'`), and releases everything in teardown.
 * {@link serviceRegistry} is the process-wide instance.
 */
export class ServiceRegistry {
  private readonly entries = new Map<ServiceName, Promise<ProvidedService>>()
  private readonly settled = new Map<ServiceName, ProvidedService>()

  constructor(private readonly options: ProvideOptions = {}) {}

  /** The service, provided on first use and cached; a failed attempt is not cached. */
  get(service: ServiceName): Promise<ProvidedService> {
    let entry = this.entries.get(service)
    if (entry === undefined) {
      entry = provide(service, this.options).then(
        (provided) => {
          this.settled.set(service, provided)
          return provided
        },
        (error: unknown) => {
          this.entries.delete(service)
          throw error
        },
      )
      this.entries.set(service, entry)
    }
    return entry
  }

  /**
   * Provides several services concurrently. When any fails (for example under
   * `OBJECTQL_REQUIRE`), the ones that did start are released and the first error is thrown.
   */
  async getAll(services: readonly ServiceName[]): Promise<ProvidedService[]> {
    const results = await Promise.allSettled(services.map((service) => this.get(service)))
    const failed = results.find((result) => result.status === 'rejected')
    const provided = results.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value] : [],
    )
    if (failed !== undefined) {
      for (const service of provided) {
        this.entries.delete(service.service)
        this.settled.delete(service.service)
      }
      // The provide error is what the caller must see; a stop failure here is secondary and
      // the process exit hook still signals any server left running.
      await Promise.allSettled(provided.map((service) => service.release()))
      throw failed.reason
    }
    return provided
  }

  /** What was provided so far, in service order, for logs and reports. */
  report(): ServiceReportEntry[] {
    return SERVICE_NAMES.flatMap((name) => {
      const provided = this.settled.get(name)
      if (provided === undefined) return []
      const { service, kind, url, reason, startMs } = provided
      return [
        {
          service,
          kind,
          startMs,
          ...(url === undefined ? {} : { url }),
          ...(reason === undefined ? {} : { reason }),
        },
      ]
    })
  }

  /**
   * Writes each provided URL to its `OBJECTQL_*_URL` variable and the report to
   * {@link SERVICE_REPORT_VARIABLE} in `env` (default `process.env`, which vitest workers and
   * child processes inherit). Returns the variables written.
   */
  publish(env: Record<string, string | undefined> = process.env): Readonly<Record<string, string>> {
    const written: Record<string, string> = {}
    for (const entry of this.report()) {
      if (entry.url !== undefined) written[serviceUrlVariable(entry.service)] = entry.url
    }
    written[SERVICE_REPORT_VARIABLE] = JSON.stringify(this.report())
    Object.assign(env, written)
    return written
  }

  /** Releases every provided service (stops servers and containers) and empties the cache. */
  async releaseAll(): Promise<void> {
    const pending = [...this.entries.values()]
    this.entries.clear()
    this.settled.clear()
    const results = await Promise.allSettled(
      pending.map(async (entry) => {
        const provided = await entry.catch(() => undefined)
        await provided?.release()
      }),
    )
    const failures = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason] : [],
    )
    if (failures.length > 0) {
      throw new ObjectQLError('INTERNAL_ERROR', `${failures.length} service(s) failed to stop`, {
        cause: failures[0],
        details: { failures: failures.map(String) },
      })
    }
  }
}

/** The process-wide registry. */
export const serviceRegistry = new ServiceRegistry()
