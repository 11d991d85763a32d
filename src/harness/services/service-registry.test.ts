import { describe, expect, it } from 'vitest'
import { hasErrorCode } from '../../kernel/errors.js'
import { probeService } from './service-probe.js'
import { provide } from './provide.js'
import { ServiceRegistry } from './service-registry.js'
import { SERVICE_REPORT_VARIABLE, readServiceReport } from './service-report.js'

describe('ServiceRegistry', () => {
  it('provides each service once, publishes URLs and the report, and releases everything', async () => {
    const registry = new ServiceRegistry({ env: {} })
    const [first, second] = await Promise.all([registry.get('redis'), registry.get('redis')])
    expect(second).toBe(first)
    expect(first?.kind).toBe('local-server')
    const env: Record<string, string | undefined> = {}
    const written = registry.publish(env)
    expect(env.OBJECTQL_REDIS_URL).toBe(first?.url)
    expect(Object.keys(written).sort()).toEqual(['OBJECTQL_REDIS_URL', SERVICE_REPORT_VARIABLE])
    expect(readServiceReport(env)).toEqual([
      { service: 'redis', kind: 'local-server', url: first?.url, startMs: first?.startMs },
    ])
    const inWorker = await provide('redis', { env })
    expect(inWorker).toMatchObject({ kind: 'url', origin: 'local-server', url: first?.url })
    await registry.releaseAll()
    expect(registry.report()).toEqual([])
    await expect(probeService('redis', first?.url ?? '', 500)).rejects.toThrow()
  })

  it('getAll releases what it started when a required service is unavailable', async () => {
    const registry = new ServiceRegistry({
      env: { OBJECTQL_REQUIRE: 'postgres' },
      local: { postgres: { binDir: '/nonexistent-objectql-bin' } },
    })
    const error: unknown = await registry.getAll(['redis', 'postgres']).catch((e: unknown) => e)
    expect(hasErrorCode(error, 'SERVICE_UNAVAILABLE')).toBe(true)
    expect(registry.report()).toEqual([])
  })

  it('records unavailable services with their reason', async () => {
    const registry = new ServiceRegistry({ env: {} })
    await registry.get('mongo')
    const [entry] = registry.report()
    expect(entry?.kind).toBe('unavailable')
    expect(entry?.reason).toContain('OBJECTQL_MONGO_URL is not set')
    const env: Record<string, string | undefined> = {}
    registry.publish(env)
    expect(env.OBJECTQL_MONGO_URL).toBeUndefined()
  })

  it('readServiceReport rejects a malformed report with CONFIG_INVALID', () => {
    expect(readServiceReport({})).toEqual([])
    let error: unknown
    try {
      readServiceReport({ [SERVICE_REPORT_VARIABLE]: '{not json' })
    } catch (caught) {
      error = caught
    }
    expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true)
  })
})
